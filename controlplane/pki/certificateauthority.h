#pragma once

#include "common/clock.h"
#include "common/result.h"
#include "pki/certificate.h"
#include "pki/certificatespec.h"
#include "pki/privatekey.h"

#include <QString>

namespace flotilla::pki {

// The cluster's root of trust: a self-signed CA certificate and its key, and the one
// place certificates are signed. Every certificate Flotilla issues chains to it.
class CertificateAuthority
{
public:
    // A new ECDSA P-256 CA valid for kCaValidity from `clock`'s now.
    static Result<CertificateAuthority> create(const QString &commonName, const Clock &clock);

    // A new self-signed CA certificate for an existing key. Certificates signed with the
    // key before still verify against it, and certHash() is unchanged: the hash pins the
    // key, not the certificate.
    static Result<CertificateAuthority> createWithKey(const QString &commonName, PrivateKey key,
                                                      const Clock &clock);

    // An existing CA from its PEM parts. Refuses a certificate that is not a CA or a key
    // that does not belong to it. The origins (file paths) name the culprit in errors.
    static Result<CertificateAuthority> fromPem(const QByteArray &certificatePem,
                                                const QString &certificateOrigin,
                                                const QByteArray &keyPem, const QString &keyOrigin);

    // Signs a certificate for `subjectKey` as described by `spec`. The validity is cut
    // at the CA's own expiry, since nothing it signs can be trusted beyond that.
    Result<Certificate> issue(const CertificateSpec &spec, const PrivateKey &subjectKey,
                              const Clock &clock) const;

    // "sha256:<hex>" over the DER SubjectPublicKeyInfo of the CA certificate: the
    // `--discovery-token-ca-cert-hash` value of kubeadm, which joining nodes pin.
    QString certHash() const;

    const Certificate &certificate() const { return m_certificate; }
    const PrivateKey &key() const { return m_key; }

private:
    CertificateAuthority(Certificate certificate, PrivateKey key)
        : m_certificate(std::move(certificate))
        , m_key(std::move(key))
    {}

    Certificate m_certificate;
    PrivateKey m_key;
};

} // namespace flotilla::pki
