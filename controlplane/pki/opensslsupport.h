#pragma once

#include <QByteArray>
#include <QString>

#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

// Internal to the pki module: ownership of OpenSSL objects and turning its error queue
// into text. Every OpenSSL pointer lives in one of these so that early returns on errors
// cannot leak (the tests run under LeakSanitizer).
namespace flotilla::pki::openssl {

template<auto FreeFunction> struct Deleter
{
    template<typename T> void operator()(T *pointer) const { FreeFunction(pointer); }
};

using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Asn1OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING_free>>;

// Drains OpenSSL's thread-local error queue into one line ("unknown error" when empty).
// Always called after a failure so a stale entry cannot be blamed on a later call.
QString takeErrors();

// A read-only memory BIO over bytes the caller keeps alive.
BioPtr memoryBioOver(const QByteArray &bytes);

// Everything written into a memory BIO so far.
QByteArray contentsOf(BIO *bio);

} // namespace flotilla::pki::openssl
