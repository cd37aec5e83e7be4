#pragma once

#include "common/result.h"
#include "pki/privatekey.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <openssl/types.h>

#include <memory>

namespace flotilla::pki {

// One X.509 certificate, read-only. Wraps OpenSSL's X509 and answers the questions the
// control plane asks of it (who, for which names, until when, signed by whom).
class Certificate
{
public:
    // Takes ownership of `certificate`.
    explicit Certificate(X509 *certificate);

    // Parses the first PEM certificate in `pem`; `origin` names the source in errors.
    static Result<Certificate> fromPem(const QByteArray &pem, const QString &origin);

    QByteArray toPem() const;
    QByteArray toDer() const;

    QString commonName() const;
    QStringList organizations() const; // Kubernetes reads these as the user's groups
    QStringList dnsNames() const;      // subjectAltName DNS entries, as stored
    QStringList ipAddresses() const;   // subjectAltName IP entries, canonical text form

    QDateTime notBefore() const; // UTC
    QDateTime notAfter() const;  // UTC
    // True when the certificate is within its validity period at `secsSinceEpoch`.
    bool isValidAt(qint64 secsSinceEpoch) const;

    bool isCa() const;
    bool hasServerAuth() const; // extendedKeyUsage serverAuth
    bool hasClientAuth() const; // extendedKeyUsage clientAuth

    // The private key belongs to this certificate's public key.
    bool matches(const PrivateKey &key) const;
    // `issuer`'s subject is this certificate's issuer and its key verifies the signature.
    bool isSignedBy(const Certificate &issuer) const;

    // DER-encoded SubjectPublicKeyInfo: what kubeadm's CA pin hashes.
    QByteArray subjectPublicKeyInfoDer() const;

    X509 *get() const { return m_certificate.get(); }

private:
    struct Free
    {
        void operator()(X509 *certificate) const;
    };

    std::unique_ptr<X509, Free> m_certificate;
};

} // namespace flotilla::pki
