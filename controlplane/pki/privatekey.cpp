#include "pki/privatekey.h"

#include "pki/opensslsupport.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

namespace flotilla::pki {

void PrivateKey::Free::operator()(EVP_PKEY *key) const
{
    EVP_PKEY_free(key);
}

Result<PrivateKey> PrivateKey::generateEcdsaP256()
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    if (key == nullptr)
        return Error{ErrorCode::Internal,
                     QStringLiteral("cannot generate an ECDSA P-256 key (%1); check the OpenSSL "
                                    "installation")
                         .arg(openssl::takeErrors())};
    return PrivateKey(key);
}

Result<PrivateKey> PrivateKey::fromPem(const QByteArray &pem, const QString &origin)
{
    if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
        pem.contains("Proc-Type: 4,ENCRYPTED"))
        return Error{ErrorCode::Corrupt,
                     QStringLiteral("%1 holds a passphrase-protected private key, which Flotilla "
                                    "cannot use unattended (decrypt it with openssl pkey -in %1 "
                                    "-out NEWFILE)")
                         .arg(origin)};
    openssl::BioPtr bio = openssl::memoryBioOver(pem);
    // Without a callback OpenSSL would prompt on the terminal for the passphrase of an
    // encrypted key; a control plane must fail instead of hanging on stdin.
    pem_password_cb *noPassphrase = [](char *, int, int, void *) { return 0; };
    EVP_PKEY *key =
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr) : nullptr;
    if (key == nullptr)
        return Error{ErrorCode::Corrupt,
                     QStringLiteral("%1 does not hold an unencrypted PEM private key (%2)")
                         .arg(origin, openssl::takeErrors())};
    return PrivateKey(key);
}

QByteArray PrivateKey::toPem() const
{
    openssl::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) != 1) {
        openssl::takeErrors();
        return {};
    }
    return openssl::contentsOf(bio.get());
}

} // namespace flotilla::pki
