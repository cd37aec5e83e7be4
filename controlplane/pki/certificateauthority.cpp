#include "pki/certificateauthority.h"

#include "pki/opensslsupport.h"

#include <QCryptographicHash>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>

namespace flotilla::pki {

namespace {

// Certificates start a few minutes in the past so that a machine whose clock is slightly
// behind the control plane's still accepts a certificate issued just now.
constexpr qint64 kBackdateSecs = 5 * 60;

Error invalid(const QString &what)
{
    return Error{ErrorCode::InvalidArgument, QStringLiteral("cannot issue certificate: ") + what};
}

Error failed(const char *step)
{
    return Error{ErrorCode::Internal, QStringLiteral("cannot issue certificate: %1 failed (%2)")
                                          .arg(QLatin1String(step), openssl::takeErrors())};
}

// A random positive serial below 2^159: unique without bookkeeping, and within the 20
// octets RFC 5280 allows.
bool setRandomSerial(X509 *certificate)
{
    openssl::BignumPtr serial(BN_new());
    return serial && BN_rand(serial.get(), 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
           BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

bool addNameEntry(X509_NAME *name, int nid, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    return X509_NAME_add_entry_by_NID(name, nid, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(utf8.constData()),
                                      static_cast<int>(utf8.size()), -1, 0) == 1;
}

bool addExtension(X509 *certificate, X509V3_CTX *context, int nid, const char *value)
{
    openssl::X509ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

// Builds the subjectAltName from typed entries rather than an OpenSSL config string, so
// a name cannot smuggle in extra entries through commas.
Result<void> addSubjectAltNames(X509 *certificate, const CertificateSpec &spec)
{
    openssl::GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
    if (!names)
        return failed("allocating subjectAltName");
    auto push = [&](int type, ASN1_STRING *value) {
        GENERAL_NAME *name = GENERAL_NAME_new();
        if (name == nullptr) {
            ASN1_STRING_free(value);
            return false;
        }
        GENERAL_NAME_set0_value(name, type, value);
        if (sk_GENERAL_NAME_push(names.get(), name) <= 0) {
            GENERAL_NAME_free(name);
            return false;
        }
        return true;
    };
    for (const QString &dnsName : spec.dnsNames) {
        const QByteArray ascii = dnsName.toLatin1();
        ASN1_IA5STRING *value = ASN1_IA5STRING_new();
        if (value == nullptr ||
            ASN1_STRING_set(value, ascii.constData(), static_cast<int>(ascii.size())) != 1) {
            ASN1_IA5STRING_free(value);
            return failed("encoding a DNS name");
        }
        if (!push(GEN_DNS, value))
            return failed("adding a DNS name");
    }
    for (const QString &ipAddress : spec.ipAddresses) {
        ASN1_OCTET_STRING *value = a2i_IPADDRESS(ipAddress.toLatin1().constData());
        if (value == nullptr) {
            openssl::takeErrors();
            return invalid(QStringLiteral("'%1' is not an IP address").arg(ipAddress));
        }
        if (!push(GEN_IPADD, value))
            return failed("adding an IP address");
    }
    if (sk_GENERAL_NAME_num(names.get()) == 0)
        return {};
    if (X509_add1_ext_i2d(certificate, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) !=
        1)
        return failed("adding subjectAltName");
    return {};
}

Result<void> validate(const CertificateSpec &spec)
{
    if (spec.commonName.trimmed().isEmpty())
        return invalid(QStringLiteral("the common name (user name) is empty"));
    if (spec.validity.count() <= 0)
        return invalid(QStringLiteral("the validity must be positive"));
    for (const QString &organization : spec.organizations) {
        if (organization.trimmed().isEmpty())
            return invalid(QStringLiteral("a group (organization) is empty"));
    }
    if (spec.usage == CertificateUsage::Server && spec.dnsNames.isEmpty() &&
        spec.ipAddresses.isEmpty())
        return invalid(QStringLiteral("a serving certificate needs at least one DNS name or IP"));
    if (spec.usage != CertificateUsage::Server &&
        (!spec.dnsNames.isEmpty() || !spec.ipAddresses.isEmpty()))
        return invalid(QStringLiteral("subject alternative names are only for serving "
                                      "certificates"));
    for (const QString &dnsName : spec.dnsNames) {
        for (const QChar c : dnsName) {
            if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
                return invalid(QStringLiteral("DNS name '%1' is not plain ASCII").arg(dnsName));
        }
    }
    return {};
}

// Signs with `issuerKey`; `issuer` is null for the self-signed CA.
Result<Certificate> build(const CertificateSpec &spec, const PrivateKey &subjectKey,
                          const Certificate *issuer, const PrivateKey &issuerKey,
                          const Clock &clock)
{
    if (Result<void> valid = validate(spec); !valid)
        return valid.error();

    const qint64 now = clock.nowMs() / 1000;
    qint64 notAfter = now + spec.validity.count();
    if (issuer != nullptr)
        notAfter = std::min(notAfter, issuer->notAfter().toSecsSinceEpoch());
    if (notAfter <= now)
        return invalid(QStringLiteral("the CA has expired; create a new cluster CA"));

    Certificate certificate(X509_new());
    X509 *x509 = certificate.get();
    if (x509 == nullptr || X509_set_version(x509, X509_VERSION_3) != 1 || !setRandomSerial(x509))
        return failed("creating the certificate");
    if (ASN1_TIME_set(X509_getm_notBefore(x509), static_cast<time_t>(now - kBackdateSecs)) ==
            nullptr ||
        ASN1_TIME_set(X509_getm_notAfter(x509), static_cast<time_t>(notAfter)) == nullptr)
        return failed("setting the validity");
    if (X509_set_pubkey(x509, subjectKey.get()) != 1)
        return failed("setting the public key");

    openssl::X509NamePtr subject(X509_NAME_new());
    if (!subject)
        return failed("creating the subject");
    for (const QString &organization : spec.organizations) {
        if (!addNameEntry(subject.get(), NID_organizationName, organization))
            return failed("setting the organization");
    }
    if (!addNameEntry(subject.get(), NID_commonName, spec.commonName))
        return failed("setting the common name");
    if (X509_set_subject_name(x509, subject.get()) != 1)
        return failed("setting the subject");
    const X509_NAME *issuerName =
        issuer != nullptr ? X509_get_subject_name(issuer->get()) : subject.get();
    if (X509_set_issuer_name(x509, issuerName) != 1)
        return failed("setting the issuer");

    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer != nullptr ? issuer->get() : x509, x509, nullptr, nullptr, 0);
    bool extensionsOk = addExtension(x509, &context, NID_subject_key_identifier, "hash");
    switch (spec.usage) {
    case CertificateUsage::Ca:
        extensionsOk = extensionsOk &&
                       addExtension(x509, &context, NID_basic_constraints, "critical,CA:TRUE") &&
                       addExtension(x509, &context, NID_key_usage,
                                    "critical,digitalSignature,keyCertSign,cRLSign");
        break;
    case CertificateUsage::Server:
    case CertificateUsage::Client:
        extensionsOk =
            extensionsOk &&
            addExtension(x509, &context, NID_authority_key_identifier, "keyid:always") &&
            addExtension(x509, &context, NID_basic_constraints, "critical,CA:FALSE") &&
            addExtension(x509, &context, NID_key_usage, "critical,digitalSignature") &&
            addExtension(x509, &context, NID_ext_key_usage,
                         spec.usage == CertificateUsage::Server ? "serverAuth" : "clientAuth");
        break;
    }
    if (!extensionsOk)
        return failed("adding extensions");
    if (Result<void> added = addSubjectAltNames(x509, spec); !added)
        return added.error();

    if (X509_sign(x509, issuerKey.get(), EVP_sha256()) <= 0)
        return failed("signing");
    return certificate;
}

} // namespace

Result<CertificateAuthority> CertificateAuthority::create(const QString &commonName,
                                                          const Clock &clock)
{
    Result<PrivateKey> key = PrivateKey::generateEcdsaP256();
    if (!key)
        return key.error();
    return createWithKey(commonName, std::move(key).value(), clock);
}

Result<CertificateAuthority> CertificateAuthority::createWithKey(const QString &commonName,
                                                                 PrivateKey key, const Clock &clock)
{
    const CertificateSpec spec{
        .usage = CertificateUsage::Ca, .commonName = commonName, .validity = kCaValidity};
    Result<Certificate> certificate = build(spec, key, nullptr, key, clock);
    if (!certificate)
        return certificate.error();
    return CertificateAuthority(std::move(certificate).value(), std::move(key));
}

Result<CertificateAuthority> CertificateAuthority::fromPem(const QByteArray &certificatePem,
                                                           const QString &certificateOrigin,
                                                           const QByteArray &keyPem,
                                                           const QString &keyOrigin)
{
    Result<Certificate> certificate = Certificate::fromPem(certificatePem, certificateOrigin);
    if (!certificate)
        return certificate.error();
    if (!certificate->isCa())
        return Error{ErrorCode::Corrupt,
                     QStringLiteral("%1 is not a CA certificate").arg(certificateOrigin)};
    Result<PrivateKey> key = PrivateKey::fromPem(keyPem, keyOrigin);
    if (!key)
        return key.error();
    if (!certificate->matches(*key))
        return Error{
            ErrorCode::Corrupt,
            QStringLiteral("%1 is not the private key of %2").arg(keyOrigin, certificateOrigin)};
    return CertificateAuthority(std::move(certificate).value(), std::move(key).value());
}

Result<Certificate> CertificateAuthority::issue(const CertificateSpec &spec,
                                                const PrivateKey &subjectKey,
                                                const Clock &clock) const
{
    if (spec.usage == CertificateUsage::Ca)
        return invalid(QStringLiteral("intermediate CAs are not supported"));
    return build(spec, subjectKey, &m_certificate, m_key, clock);
}

QString CertificateAuthority::certHash() const
{
    return QStringLiteral("sha256:") +
           QString::fromLatin1(QCryptographicHash::hash(m_certificate.subjectPublicKeyInfoDer(),
                                                        QCryptographicHash::Sha256)
                                   .toHex());
}

} // namespace flotilla::pki
