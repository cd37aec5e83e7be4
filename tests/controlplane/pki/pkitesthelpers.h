#pragma once

#include "pki/certificate.h"

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>

#include <initializer_list>

namespace flotilla::pki::testing {

// Verifies `leaf` against `ca` as a TLS peer would, with OpenSSL's own path validation
// (X509_verify_cert) at a fixed time, checking the EKU for `purpose`
// (X509_PURPOSE_SSL_SERVER or X509_PURPOSE_SSL_CLIENT). Returns the error text, or an
// empty string when the chain verifies.
inline QString verifyChain(const Certificate &leaf, const Certificate &ca, qint64 atSecs,
                           int purpose)
{
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *context = X509_STORE_CTX_new();
    QString problem;
    if (store == nullptr || context == nullptr || X509_STORE_add_cert(store, ca.get()) != 1 ||
        X509_STORE_CTX_init(context, store, leaf.get(), nullptr) != 1) {
        problem = QStringLiteral("cannot set up the verification");
    } else {
        X509_STORE_CTX_set_time(context, 0, static_cast<time_t>(atSecs));
        X509_STORE_CTX_set_purpose(context, purpose);
        if (X509_verify_cert(context) != 1)
            problem = QString::fromLatin1(
                X509_verify_cert_error_string(X509_STORE_CTX_get_error(context)));
    }
    X509_STORE_CTX_free(context);
    X509_STORE_free(store);
    return problem;
}

// The permission bits as `ls -l` shows them in octal (0600, 0644, …).
inline int fileMode(const QString &path)
{
    struct stat info
    {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return static_cast<int>(info.st_mode & 07777);
}

// QStringList{"a", "b"} for data tables, where QT_NO_CAST_FROM_ASCII forbids the literal.
inline QStringList strings(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list.append(QString::fromUtf8(item));
    return list;
}

inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

inline bool writeAll(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(content) == content.size();
}

// Runs `program` with `arguments`, feeding `input`; stdout, or a null array on failure.
inline QByteArray runTool(const QString &program, const QStringList &arguments,
                          const QByteArray &input)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10'000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30'000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0)
        return {};
    return process.readAllStandardOutput();
}

} // namespace flotilla::pki::testing
