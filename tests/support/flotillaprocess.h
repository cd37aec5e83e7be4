#pragma once

#include "common/result.h"

#include <QProcess>
#include <QTemporaryDir>

#include <memory>

namespace flotilla::testsupport {

// A real `flotilla --headless` child process on a free loopback port and a temp data
// dir, for end-to-end tests. Stopped with SIGTERM (then SIGKILL) on destruction.
class FlotillaProcess final
{
public:
    // `binary`: path to flotilla; `extraArguments` e.g. {"--store", url}.
    static Result<std::unique_ptr<FlotillaProcess>> start(const QString &binary,
                                                          const QStringList &extraArguments = {});
    ~FlotillaProcess();

    QString url() const { return m_url; }
    QString kubeconfig() const { return m_kubeconfig; }
    QString dataDir() const { return m_dataDir.path(); }
    QByteArray output() const { return m_output; }

private:
    FlotillaProcess() = default;

    QTemporaryDir m_dataDir;
    QProcess m_process;
    QString m_url;
    QString m_kubeconfig;
    QByteArray m_output;
};

} // namespace flotilla::testsupport
