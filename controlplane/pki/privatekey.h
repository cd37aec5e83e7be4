#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <openssl/types.h>

#include <memory>

namespace flotilla::pki {

// An asymmetric private key (ECDSA P-256 when Flotilla makes one). Deliberately has no
// debug output or toString(): the only way out is toPem(), and that goes to a 0600 file
// or a kubeconfig, never into a log line or an error message.
class PrivateKey
{
public:
    // A fresh ECDSA key on NIST P-256, what kubeadm uses for its ECDSA mode: small, fast,
    // and accepted by every Kubernetes client.
    static Result<PrivateKey> generateEcdsaP256();

    // Parses an unencrypted PEM private key (PKCS#8, SEC1 or PKCS#1). `origin` names the
    // source in error messages (a file path); the key material itself is never quoted.
    static Result<PrivateKey> fromPem(const QByteArray &pem, const QString &origin);

    // PKCS#8 PEM ("BEGIN PRIVATE KEY"), unencrypted.
    QByteArray toPem() const;

    EVP_PKEY *get() const { return m_key.get(); }

private:
    struct Free
    {
        void operator()(EVP_PKEY *key) const;
    };

    explicit PrivateKey(EVP_PKEY *key)
        : m_key(key)
    {}

    std::unique_ptr<EVP_PKEY, Free> m_key;
};

} // namespace flotilla::pki
