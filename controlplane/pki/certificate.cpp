#include "pki/certificate.h"

#include "pki/opensslsupport.h"

#include <QHostAddress>
#include <QTimeZone>
#include <QtEndian>

#include <openssl/pem.h>

#include <ctime>

namespace flotilla::pki {

namespace {

QStringList subjectEntries(X509 *certificate, int nid)
{
    QStringList values;
    const X509_NAME *name = X509_get_subject_name(certificate);
    for (int index = X509_NAME_get_index_by_NID(name, nid, -1); index >= 0;
         index = X509_NAME_get_index_by_NID(name, nid, index)) {
        const ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
        unsigned char *utf8 = nullptr;
        const int length = ASN1_STRING_to_UTF8(&utf8, data);
        if (length < 0) {
            openssl::takeErrors();
            continue;
        }
        values.append(QString::fromUtf8(reinterpret_cast<const char *>(utf8), length));
        OPENSSL_free(utf8);
    }
    return values;
}

openssl::GeneralNamesPtr subjectAltNames(X509 *certificate)
{
    return openssl::GeneralNamesPtr(static_cast<GENERAL_NAMES *>(
        X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
}

QString asn1StringText(const ASN1_STRING *string)
{
    return QString::fromLatin1(reinterpret_cast<const char *>(ASN1_STRING_get0_data(string)),
                               ASN1_STRING_length(string));
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
        openssl::takeErrors();
        return {};
    }
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), QTimeZone::utc());
}

} // namespace

void Certificate::Free::operator()(X509 *certificate) const
{
    X509_free(certificate);
}

Certificate::Certificate(X509 *certificate)
    : m_certificate(certificate)
{}

Result<Certificate> Certificate::fromPem(const QByteArray &pem, const QString &origin)
{
    openssl::BioPtr bio = openssl::memoryBioOver(pem);
    X509 *certificate = bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (certificate == nullptr)
        return Error{ErrorCode::Corrupt, QStringLiteral("%1 does not hold a PEM certificate (%2)")
                                             .arg(origin, openssl::takeErrors())};
    return Certificate(certificate);
}

QByteArray Certificate::toPem() const
{
    openssl::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), m_certificate.get()) != 1) {
        openssl::takeErrors();
        return {};
    }
    return openssl::contentsOf(bio.get());
}

QByteArray Certificate::toDer() const
{
    const int length = i2d_X509(m_certificate.get(), nullptr);
    if (length <= 0) {
        openssl::takeErrors();
        return {};
    }
    QByteArray der(length, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    i2d_X509(m_certificate.get(), &out);
    return der;
}

QString Certificate::commonName() const
{
    const QStringList names = subjectEntries(m_certificate.get(), NID_commonName);
    return names.isEmpty() ? QString() : names.constLast();
}

QStringList Certificate::organizations() const
{
    return subjectEntries(m_certificate.get(), NID_organizationName);
}

QStringList Certificate::dnsNames() const
{
    QStringList names;
    const openssl::GeneralNamesPtr altNames = subjectAltNames(m_certificate.get());
    for (int i = 0; altNames && i < sk_GENERAL_NAME_num(altNames.get()); ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(altNames.get(), i);
        if (name->type == GEN_DNS)
            names.append(asn1StringText(name->d.dNSName));
    }
    return names;
}

QStringList Certificate::ipAddresses() const
{
    QStringList addresses;
    const openssl::GeneralNamesPtr altNames = subjectAltNames(m_certificate.get());
    for (int i = 0; altNames && i < sk_GENERAL_NAME_num(altNames.get()); ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(altNames.get(), i);
        if (name->type != GEN_IPADD)
            continue;
        const unsigned char *bytes = ASN1_STRING_get0_data(name->d.iPAddress);
        const int length = ASN1_STRING_length(name->d.iPAddress);
        if (length == 4) {
            addresses.append(QHostAddress(qFromBigEndian<quint32>(bytes)).toString());
        } else if (length == 16) {
            addresses.append(QHostAddress(bytes).toString());
        }
    }
    return addresses;
}

QDateTime Certificate::notBefore() const
{
    return toDateTime(X509_get0_notBefore(m_certificate.get()));
}

QDateTime Certificate::notAfter() const
{
    return toDateTime(X509_get0_notAfter(m_certificate.get()));
}

bool Certificate::isValidAt(qint64 secsSinceEpoch) const
{
    time_t at = static_cast<time_t>(secsSinceEpoch);
    // X509_cmp_time: -1 when the certificate's time is before `at`, 1 after, 0 on error.
    return X509_cmp_time(X509_get0_notBefore(m_certificate.get()), &at) < 0 &&
           X509_cmp_time(X509_get0_notAfter(m_certificate.get()), &at) > 0;
}

bool Certificate::isCa() const
{
    return X509_check_ca(m_certificate.get()) > 0;
}

bool Certificate::hasServerAuth() const
{
    return (X509_get_extension_flags(m_certificate.get()) & EXFLAG_XKUSAGE) != 0 &&
           (X509_get_extended_key_usage(m_certificate.get()) & XKU_SSL_SERVER) != 0;
}

bool Certificate::hasClientAuth() const
{
    return (X509_get_extension_flags(m_certificate.get()) & EXFLAG_XKUSAGE) != 0 &&
           (X509_get_extended_key_usage(m_certificate.get()) & XKU_SSL_CLIENT) != 0;
}

bool Certificate::matches(const PrivateKey &key) const
{
    const EVP_PKEY *publicKey = X509_get0_pubkey(m_certificate.get());
    const bool same = publicKey != nullptr && EVP_PKEY_eq(publicKey, key.get()) == 1;
    openssl::takeErrors();
    return same;
}

bool Certificate::isSignedBy(const Certificate &issuer) const
{
    EVP_PKEY *issuerKey = X509_get0_pubkey(issuer.get());
    const bool signedBy = X509_check_issued(issuer.get(), m_certificate.get()) == X509_V_OK &&
                          issuerKey != nullptr && X509_verify(m_certificate.get(), issuerKey) == 1;
    openssl::takeErrors();
    return signedBy;
}

QByteArray Certificate::subjectPublicKeyInfoDer() const
{
    const X509_PUBKEY *publicKey = X509_get_X509_PUBKEY(m_certificate.get());
    const int length = i2d_X509_PUBKEY(publicKey, nullptr);
    if (length <= 0) {
        openssl::takeErrors();
        return {};
    }
    QByteArray der(length, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    i2d_X509_PUBKEY(publicKey, &out);
    return der;
}

} // namespace flotilla::pki
