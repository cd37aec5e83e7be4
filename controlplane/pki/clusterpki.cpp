#include "pki/clusterpki.h"

#include "pki/pemfile.h"
#include "pki/pkilogging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <functional>
#include <utility>

namespace flotilla::pki {

namespace {

using Secrecy = PemFile::Secrecy;

QString caCommonName()
{
    return QStringLiteral("flotilla-ca");
}

QString servingCommonName()
{
    return QStringLiteral("flotilla-apiserver");
}

bool isNotFound(const Error &error)
{
    return error.code == ErrorCode::NotFound;
}

Error withAdvice(Error error, const QString &advice)
{
    error.message += QStringLiteral("; ") + advice;
    return error;
}

QString newCaAdvice(const PkiLayout &layout)
{
    return QStringLiteral("restore it from a backup, or move %1 away to create a new cluster CA "
                          "(every certificate and kubeconfig issued so far then stops working)")
        .arg(layout.directory);
}

QString utcText(const QDateTime &time)
{
    return time.toString(Qt::ISODate);
}

Result<void> ensureDirectory(const QString &directory)
{
    if (QFileInfo(directory).isDir())
        return {};
    // Created empty, so the short moment before the mode is narrowed exposes nothing.
    if (!QDir().mkpath(directory) ||
        !QFile::setPermissions(directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner))
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot create %1; check that the data dir is writable or "
                                    "pass another --data-dir")
                         .arg(directory)};
    return {};
}

Result<void> writeCertificate(const Certificate &certificate, const QString &path)
{
    const QByteArray pem = certificate.toPem();
    if (pem.isEmpty())
        return Error{ErrorCode::Internal,
                     QStringLiteral("cannot encode the certificate for %1").arg(path)};
    return PemFile::write(path, pem, Secrecy::Public);
}

Result<void> writeKey(const PrivateKey &key, const QString &path)
{
    const QByteArray pem = key.toPem();
    if (pem.isEmpty())
        return Error{ErrorCode::Internal, QStringLiteral("cannot encode the key for %1").arg(path)};
    return PemFile::write(path, pem, Secrecy::Secret);
}

Result<CertificateAuthority> loadOrCreateCa(const PkiLayout &layout, const Clock &clock,
                                            QStringList &changes)
{
    const QString certPath = layout.caCertificate();
    const QString keyPath = layout.caKey();
    const Result<QByteArray> keyPem = PemFile::read(keyPath, Secrecy::Secret);
    const Result<QByteArray> certPem = PemFile::read(certPath, Secrecy::Public);
    const bool keyMissing = !keyPem && isNotFound(keyPem.error());
    const bool certMissing = !certPem && isNotFound(certPem.error());

    if (keyMissing && certMissing) {
        Result<CertificateAuthority> ca = CertificateAuthority::create(caCommonName(), clock);
        if (!ca)
            return ca.error();
        // Key first: a crash in between leaves a key without certificate, which the
        // next start completes (below) instead of refusing.
        if (Result<void> written = writeKey(ca->key(), keyPath); !written)
            return written.error();
        if (Result<void> written = writeCertificate(ca->certificate(), certPath); !written)
            return written.error();
        changes.append(
            QStringLiteral("created the cluster CA %1 (%2)").arg(certPath, ca->certHash()));
        return ca;
    }
    if (keyMissing)
        return Error{ErrorCode::NotFound,
                     QStringLiteral("%1 does not exist but %2 does, so the cluster CA's key is "
                                    "lost; %3")
                         .arg(keyPath, certPath, newCaAdvice(layout))};
    if (!keyPem)
        return keyPem.error();

    if (certMissing) {
        // Same key, same subject: what the CA signed before still verifies, and the
        // hash that joining nodes pin does not change.
        Result<PrivateKey> key = PrivateKey::fromPem(*keyPem, keyPath);
        if (!key)
            return withAdvice(key.error(), newCaAdvice(layout));
        Result<CertificateAuthority> ca =
            CertificateAuthority::createWithKey(caCommonName(), std::move(key).value(), clock);
        if (!ca)
            return ca.error();
        if (Result<void> written = writeCertificate(ca->certificate(), certPath); !written)
            return written.error();
        changes.append(QStringLiteral("recreated the CA certificate %1 from the existing key "
                                      "%2 (%3)")
                           .arg(certPath, keyPath, ca->certHash()));
        return ca;
    }
    if (!certPem)
        return certPem.error();

    Result<CertificateAuthority> ca =
        CertificateAuthority::fromPem(*certPem, certPath, *keyPem, keyPath);
    if (!ca)
        return withAdvice(ca.error(), newCaAdvice(layout));
    if (!ca->certificate().isValidAt(clock.nowMs() / 1000))
        return Error{ErrorCode::Expired,
                     QStringLiteral("%1 is valid from %2 until %3, not now; check the system "
                                    "clock, or move %4 away to create a new cluster CA")
                         .arg(certPath, utcText(ca->certificate().notBefore()),
                              utcText(ca->certificate().notAfter()), layout.directory)};
    return ca;
}

struct LeafFiles
{
    QString what; // for messages: "API server certificate"
    QString certPath;
    QString keyPath;
    QString caCertPath;
};

struct LoadedLeaf
{
    Certificate certificate;
    KeyPairPem pem;
};

// Why an existing certificate no longer fits (empty when it does).
using ReissueCheck = std::function<QString(const Certificate &)>;

Result<LoadedLeaf> finish(Certificate certificate, const PrivateKey &key)
{
    KeyPairPem pem{certificate.toPem(), key.toPem()};
    if (pem.certificatePem.isEmpty() || pem.privateKeyPem.isEmpty())
        return Error{ErrorCode::Internal, QStringLiteral("cannot PEM-encode a key pair")};
    return LoadedLeaf{std::move(certificate), std::move(pem)};
}

Result<LoadedLeaf> loadOrIssueLeaf(const CertificateAuthority &ca, const LeafFiles &files,
                                   const CertificateSpec &spec, const ReissueCheck &reissueReason,
                                   const Clock &clock, QStringList &changes)
{
    const QString newPairAdvice =
        QStringLiteral("delete %1 and %2 to have a new pair issued at the next start")
            .arg(files.certPath, files.keyPath);
    const Result<QByteArray> keyPem = PemFile::read(files.keyPath, Secrecy::Secret);
    const Result<QByteArray> certPem = PemFile::read(files.certPath, Secrecy::Public);
    const bool certMissing = !certPem && isNotFound(certPem.error());

    if (!keyPem && isNotFound(keyPem.error())) {
        if (!certMissing)
            return Error{ErrorCode::NotFound,
                         QStringLiteral("%1 does not exist but %2 does; %3")
                             .arg(files.keyPath, files.certPath, newPairAdvice)};
        Result<PrivateKey> key = PrivateKey::generateEcdsaP256();
        if (!key)
            return key.error();
        Result<Certificate> certificate = ca.issue(spec, *key, clock);
        if (!certificate)
            return certificate.error();
        if (Result<void> written = writeKey(*key, files.keyPath); !written)
            return written.error();
        if (Result<void> written = writeCertificate(*certificate, files.certPath); !written)
            return written.error();
        changes.append(QStringLiteral("created the %1 %2").arg(files.what, files.certPath));
        return finish(std::move(certificate).value(), *key);
    }
    if (!keyPem)
        return keyPem.error();
    Result<PrivateKey> key = PrivateKey::fromPem(*keyPem, files.keyPath);
    if (!key)
        return withAdvice(key.error(), newPairAdvice);

    if (certMissing) {
        Result<Certificate> certificate = ca.issue(spec, *key, clock);
        if (!certificate)
            return certificate.error();
        if (Result<void> written = writeCertificate(*certificate, files.certPath); !written)
            return written.error();
        changes.append(QStringLiteral("issued the %1 %2 for the existing key")
                           .arg(files.what, files.certPath));
        return finish(std::move(certificate).value(), *key);
    }
    if (!certPem)
        return certPem.error();
    Result<Certificate> certificate = Certificate::fromPem(*certPem, files.certPath);
    if (!certificate)
        return withAdvice(certificate.error(), newPairAdvice);
    if (!certificate->matches(*key))
        return Error{ErrorCode::Corrupt, QStringLiteral("%1 is not the private key of %2; %3")
                                             .arg(files.keyPath, files.certPath, newPairAdvice)};
    if (!certificate->isSignedBy(ca.certificate()))
        return Error{ErrorCode::Corrupt,
                     QStringLiteral("%1 was not issued by the cluster CA %2; %3")
                         .arg(files.certPath, files.caCertPath, newPairAdvice)};

    if (const QString reason = reissueReason(*certificate); !reason.isEmpty()) {
        // The key stays: only the certificate is stale, and one file replaced atomically
        // cannot leave a half-updated pair behind.
        Result<Certificate> reissued = ca.issue(spec, *key, clock);
        if (!reissued)
            return reissued.error();
        if (Result<void> written = writeCertificate(*reissued, files.certPath); !written)
            return written.error();
        changes.append(
            QStringLiteral("reissued the %1 %2: %3").arg(files.what, files.certPath, reason));
        return finish(std::move(reissued).value(), *key);
    }
    return finish(std::move(certificate).value(), *key);
}

QString expiryReason(const Certificate &certificate, const Clock &clock)
{
    const qint64 now = clock.nowMs() / 1000;
    const qint64 notAfter = certificate.notAfter().toSecsSinceEpoch();
    if (notAfter <= now)
        return QStringLiteral("it expired on %1").arg(utcText(certificate.notAfter()));
    if (notAfter - now < ClusterPki::kRenewBefore.count())
        return QStringLiteral("it expires on %1").arg(utcText(certificate.notAfter()));
    if (!certificate.isValidAt(now))
        return QStringLiteral("it is not valid before %1").arg(utcText(certificate.notBefore()));
    return {};
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

Result<ClusterPki> ClusterPki::open(const ClusterPkiOptions &options, const Clock &clock)
{
    if (options.dataDir.isEmpty())
        return Error{ErrorCode::InvalidArgument, QStringLiteral("no data dir given for the PKI")};
    if (options.adminUser.trimmed().isEmpty())
        return Error{ErrorCode::InvalidArgument, QStringLiteral("the admin user name is empty")};
    Result<SubjectAltNames> extraNames = SubjectAltNames::parse(options.extraSubjectAltNames);
    if (!extraNames)
        return extraNames.error();
    Result<SubjectAltNames> clusterNames =
        SubjectAltNames::parse({QStringLiteral("kubernetes"), QStringLiteral("kubernetes.default"),
                                QStringLiteral("kubernetes.default.svc"),
                                QStringLiteral("kubernetes.default.svc.") + options.clusterDomain});
    if (!clusterNames)
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("cluster domain '%1' is not a DNS name; pass e.g. "
                                    "cluster.local")
                         .arg(options.clusterDomain)};

    SubjectAltNames servingNames = SubjectAltNames::forThisHost();
    servingNames.add(*clusterNames);
    servingNames.add(*extraNames);

    const PkiLayout layout = PkiLayout::inDataDir(options.dataDir);
    if (Result<void> made = ensureDirectory(layout.directory); !made)
        return made.error();

    QStringList changes;
    Result<CertificateAuthority> ca = loadOrCreateCa(layout, clock, changes);
    if (!ca)
        return ca.error();

    const CertificateSpec servingSpec{.usage = CertificateUsage::Server,
                                      .commonName = servingCommonName(),
                                      .dnsNames = servingNames.dnsNames,
                                      .ipAddresses = servingNames.ipAddresses,
                                      .validity = kLeafValidity};
    Result<LoadedLeaf> serving = loadOrIssueLeaf(
        *ca,
        LeafFiles{QStringLiteral("API server certificate"), layout.servingCertificate(),
                  layout.servingKey(), layout.caCertificate()},
        servingSpec,
        [&](const Certificate &certificate) -> QString {
            const QStringList missing = SubjectAltNames::of(certificate).missing(servingNames);
            if (!missing.isEmpty())
                return QStringLiteral("it does not cover ") + missing.join(QStringLiteral(", "));
            if (!certificate.hasServerAuth())
                return QStringLiteral("it is not for serverAuth");
            return expiryReason(certificate, clock);
        },
        clock, changes);
    if (!serving)
        return serving.error();

    const CertificateSpec adminSpec{.usage = CertificateUsage::Client,
                                    .commonName = options.adminUser,
                                    .organizations = options.adminGroups,
                                    .validity = kLeafValidity};
    Result<LoadedLeaf> admin = loadOrIssueLeaf(
        *ca,
        LeafFiles{QStringLiteral("admin client certificate"), layout.adminCertificate(),
                  layout.adminKey(), layout.caCertificate()},
        adminSpec,
        [&](const Certificate &certificate) -> QString {
            if (certificate.commonName() != options.adminUser)
                return QStringLiteral("it is for user '%1', not '%2'")
                    .arg(certificate.commonName(), options.adminUser);
            if (sorted(certificate.organizations()) != sorted(options.adminGroups))
                return QStringLiteral("its groups are '%1', not '%2'")
                    .arg(certificate.organizations().join(QLatin1Char(',')),
                         options.adminGroups.join(QLatin1Char(',')));
            if (!certificate.hasClientAuth())
                return QStringLiteral("it is not for clientAuth");
            return expiryReason(certificate, clock);
        },
        clock, changes);
    if (!admin)
        return admin.error();

    for (const QString &change : std::as_const(changes))
        qCInfo(lcPki).noquote() << change;

    ClusterPki pki(layout, std::move(ca).value(), clock);
    pki.m_servingNames = std::move(servingNames);
    pki.m_servingCertificate = std::move(serving->certificate);
    pki.m_servingPem = std::move(serving->pem);
    pki.m_adminCertificate = std::move(admin->certificate);
    pki.m_adminPem = std::move(admin->pem);
    pki.m_changes = std::move(changes);
    return pki;
}

Result<KeyPairPem> ClusterPki::issueClientCertificate(const QString &user,
                                                      const QStringList &groups,
                                                      std::chrono::seconds validity) const
{
    Result<PrivateKey> key = PrivateKey::generateEcdsaP256();
    if (!key)
        return key.error();
    const CertificateSpec spec{.usage = CertificateUsage::Client,
                               .commonName = user,
                               .organizations = groups,
                               .validity = validity};
    Result<Certificate> certificate = m_ca.issue(spec, *key, *m_clock);
    if (!certificate)
        return certificate.error();
    KeyPairPem pem{certificate->toPem(), key->toPem()};
    if (pem.certificatePem.isEmpty() || pem.privateKeyPem.isEmpty())
        return Error{ErrorCode::Internal, QStringLiteral("cannot PEM-encode a key pair")};
    qCInfo(lcPki).noquote() << QStringLiteral("issued a client certificate for user '%1' "
                                              "(groups '%2') valid until %3")
                                   .arg(user, groups.join(QLatin1Char(',')),
                                        utcText(certificate->notAfter()));
    return pem;
}

} // namespace flotilla::pki
