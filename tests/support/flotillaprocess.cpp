#include "support/flotillaprocess.h"

#include <QElapsedTimer>
#include <QRegularExpression>

namespace flotilla::testsupport {

Result<std::unique_ptr<FlotillaProcess>> FlotillaProcess::start(const QString &binary,
                                                                const QStringList &extraArguments)
{
    std::unique_ptr<FlotillaProcess> flotilla(new FlotillaProcess);
    if (!flotilla->m_dataDir.isValid())
        return Error{ErrorCode::Unavailable, QStringLiteral("cannot create a temp dir")};
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("flotilla.*.info=false"));
    flotilla->m_process.setProcessEnvironment(env);
    flotilla->m_process.setProcessChannelMode(QProcess::MergedChannels);
    flotilla->m_process.start(
        binary, QStringList{QStringLiteral("--headless"), QStringLiteral("--data-dir"),
                            flotilla->m_dataDir.path(), QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:0")} +
                    extraArguments);
    if (!flotilla->m_process.waitForStarted(10000))
        return Error{ErrorCode::Unavailable, QStringLiteral("cannot start %1").arg(binary)};
    static const QRegularExpression running(
        QStringLiteral("control plane running at (https://\\S+)"));
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 60000) {
        flotilla->m_process.waitForReadyRead(200);
        flotilla->m_output += flotilla->m_process.readAll();
        const auto match = running.match(QString::fromUtf8(flotilla->m_output));
        if (match.hasMatch()) {
            flotilla->m_url = match.captured(1);
            flotilla->m_kubeconfig =
                flotilla->m_dataDir.filePath(QStringLiteral("admin.kubeconfig"));
            return flotilla;
        }
        if (flotilla->m_process.state() == QProcess::NotRunning)
            break;
    }
    return Error{
        ErrorCode::Unavailable,
        QStringLiteral("flotilla did not start: %1").arg(QString::fromUtf8(flotilla->m_output))};
}

FlotillaProcess::~FlotillaProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

} // namespace flotilla::testsupport
