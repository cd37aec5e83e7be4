#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace flotilla::pki {

// Reading and writing the PKI's files with the permissions their content calls for.
class PemFile
{
public:
    enum class Secrecy {
        Public, // certificates: 0644
        Secret, // private keys, kubeconfigs: 0600, created so, never wider even briefly
    };

    // The whole file. NotFound when it does not exist (callers decide whether that means
    // "create it"); Unavailable when it cannot be read; for Secret files, InvalidArgument
    // when group or others may access it, as ssh refuses such keys.
    static Result<QByteArray> read(const QString &path, Secrecy secrecy);

    // Replaces `path` atomically: a temp file next to it is created with its final mode
    // (so a key is never readable by others, not even before its content arrives),
    // written, synced and renamed over `path`. A crash leaves the old file or the new one.
    static Result<void> write(const QString &path, const QByteArray &content, Secrecy secrecy);
};

} // namespace flotilla::pki
