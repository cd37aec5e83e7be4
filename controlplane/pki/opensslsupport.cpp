#include "pki/opensslsupport.h"

#include <QStringList>

#include <openssl/err.h>

#include <limits>

namespace flotilla::pki::openssl {

QString takeErrors()
{
    QStringList reasons;
    while (const unsigned long code = ERR_get_error()) {
        // The bare reason ("no start line") reads better in a one-line message than
        // OpenSSL's full "error:0480006C:PEM routines::no start line".
        QString reason;
        if (const char *text = ERR_reason_error_string(code)) {
            reason = QString::fromLatin1(text);
        } else {
            char buffer[256];
            ERR_error_string_n(code, buffer, sizeof buffer);
            reason = QString::fromLatin1(buffer);
        }
        if (!reasons.contains(reason))
            reasons.append(reason);
    }
    if (reasons.isEmpty())
        return QStringLiteral("unknown error");
    return reasons.join(QStringLiteral("; "));
}

BioPtr memoryBioOver(const QByteArray &bytes)
{
    if (bytes.size() > std::numeric_limits<int>::max())
        return nullptr;
    return BioPtr(BIO_new_mem_buf(bytes.constData(), static_cast<int>(bytes.size())));
}

QByteArray contentsOf(BIO *bio)
{
    // BIO_get_mem_data is a macro with a C cast; this is the call it expands to.
    char *data = nullptr;
    const long length = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data);
    if (length <= 0 || data == nullptr)
        return {};
    return QByteArray(data, static_cast<qsizetype>(length));
}

} // namespace flotilla::pki::openssl
