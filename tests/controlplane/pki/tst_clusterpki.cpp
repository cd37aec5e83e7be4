#include "pki/clusterpki.h"
#include "pkitesthelpers.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <unistd.h>

using namespace flotilla;
using namespace flotilla::pki;
using namespace flotilla::pki::testing;

namespace {

constexpr qint64 kDaySecs = 24 * 60 * 60;

QStringList capturedMessages;

void captureMessage(QtMsgType, const QMessageLogContext &, const QString &message)
{
    capturedMessages.append(message);
}

// How a test breaks a file of an existing PKI.
enum class Damage {
    Garbage,       // not PEM at all
    Truncated,     // the first half of the file
    ForeignKey,    // a valid PEM key that belongs to nothing here
    ForeignCaCert, // a certificate for this key, but from another CA (serving cert only)
    EncryptedKey,  // a passphrase-protected key: must fail, not prompt on the terminal
    Deleted,       // the file is gone
    WorldReadable, // mode 0644 on a key
    NotCa,         // a leaf certificate where the CA certificate belongs
};

} // namespace

Q_DECLARE_METATYPE(Damage)
Q_DECLARE_METATYPE(flotilla::ErrorCode)

class TestClusterPki : public QObject
{
    Q_OBJECT

private:
    ManualClock m_clock;

    ClusterPkiOptions optionsFor(const QTemporaryDir &dir, const QStringList &extraNames = {}) const
    {
        ClusterPkiOptions options;
        options.dataDir = dir.path();
        options.extraSubjectAltNames = extraNames;
        return options;
    }

    static QString pkiFile(const QTemporaryDir &dir, const QString &name)
    {
        return dir.filePath(QStringLiteral("pki/") + name);
    }

private slots:
    void initTestCase()
    {
        // File modes are asserted exactly; do not depend on the caller's umask.
        ::umask(022);
    }

    void firstStartCreatesTheLayout()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto pki = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(pki.ok(), qPrintable(pki.error().message));
        QCOMPARE(pki->changes().size(), 3);

        QCOMPARE(pki->layout().directory, QDir(dir.path()).filePath(QStringLiteral("pki")));
        QCOMPARE(fileMode(pki->layout().directory), 0700);
        for (const QString &key :
             {pki->layout().caKey(), pki->layout().servingKey(), pki->layout().adminKey()}) {
            QCOMPARE(fileMode(key), 0600);
            QVERIFY(readAll(key).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        }
        for (const QString &certificate :
             {pki->layout().caCertificate(), pki->layout().servingCertificate(),
              pki->layout().adminCertificate()}) {
            QCOMPARE(fileMode(certificate), 0644);
            QVERIFY(readAll(certificate).startsWith("-----BEGIN CERTIFICATE-----\n"));
        }
        const QStringList leftovers =
            QDir(pki->layout().directory).entryList({QStringLiteral("*.tmp")}, QDir::Files);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));

        QCOMPARE(pki->caCertificatePem(), readAll(pki->layout().caCertificate()));
        QCOMPARE(pki->servingKeyPair().privateKeyPem, readAll(pki->layout().servingKey()));
        QCOMPARE(pki->adminKeyPair().certificatePem, readAll(pki->layout().adminCertificate()));
    }

    void caIsARootOfTrust()
    {
        QTemporaryDir dir;
        auto pki = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(pki.ok(), qPrintable(pki.error().message));
        const Certificate &ca = pki->certificateAuthority().certificate();
        QVERIFY(ca.isCa());
        QVERIFY(ca.isSignedBy(ca));
        QVERIFY((X509_get_key_usage(ca.get()) & KU_KEY_CERT_SIGN) != 0);
        QCOMPARE(EVP_PKEY_get_base_id(X509_get0_pubkey(ca.get())), EVP_PKEY_EC);
        QCOMPARE(EVP_PKEY_get_bits(X509_get0_pubkey(ca.get())), 256);
        const qint64 now = m_clock.nowMs() / 1000;
        QCOMPARE(ca.notAfter().toSecsSinceEpoch(), now + 3650 * kDaySecs);
        QVERIFY(ca.isValidAt(now));
        QVERIFY(verifyChain(ca, ca, now, X509_PURPOSE_ANY).isEmpty());
    }

    void reopenReusesEveryFile()
    {
        QTemporaryDir dir;
        auto first = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(first.ok(), qPrintable(first.error().message));
        const PkiLayout layout = first->layout();
        const QStringList files = {layout.caCertificate(),      layout.caKey(),
                                   layout.servingCertificate(), layout.servingKey(),
                                   layout.adminCertificate(),   layout.adminKey()};
        QList<QByteArray> before;
        for (const QString &file : files)
            before.append(readAll(file));

        auto second = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(second.ok(), qPrintable(second.error().message));
        QVERIFY2(second->changes().isEmpty(),
                 qPrintable(second->changes().join(QLatin1Char('\n'))));
        QCOMPARE(second->caCertHash(), first->caCertHash());
        for (int i = 0; i < files.size(); ++i)
            QVERIFY2(readAll(files[i]) == before[i], qPrintable(files[i]));
    }

    void servingCertificateVerifiesAndCoversTheHost()
    {
        QTemporaryDir dir;
        const QStringList extras = {QStringLiteral("api.example.com"), QStringLiteral("192.0.2.10"),
                                    QStringLiteral("2001:db8::7")};
        auto pki = ClusterPki::open(optionsFor(dir, extras), m_clock);
        QVERIFY2(pki.ok(), qPrintable(pki.error().message));
        const Certificate &serving = pki->servingCertificate();
        const qint64 now = m_clock.nowMs() / 1000;

        const QString problem = verifyChain(serving, pki->certificateAuthority().certificate(), now,
                                            X509_PURPOSE_SSL_SERVER);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(serving.hasServerAuth());
        QVERIFY(!serving.hasClientAuth());
        QVERIFY(!serving.isCa());
        QCOMPARE(serving.notAfter().toSecsSinceEpoch(), now + 365 * kDaySecs);

        const QStringList dns = serving.dnsNames();
        const QStringList ips = serving.ipAddresses();
        for (const char *name :
             {"localhost", "api.example.com", "kubernetes", "kubernetes.default.svc.cluster.local"})
            QVERIFY2(dns.contains(QLatin1String(name)), name);
        for (const char *ip : {"127.0.0.1", "::1", "192.0.2.10", "2001:db8::7"})
            QVERIFY2(ips.contains(QLatin1String(ip)), ip);
        const QString hostName = QSysInfo::machineHostName().toLower();
        if (!hostName.isEmpty())
            QVERIFY2(dns.contains(hostName), qPrintable(hostName));
        const SubjectAltNames host = SubjectAltNames::forThisHost();
        for (const QString &address : host.ipAddresses)
            QVERIFY2(ips.contains(address), qPrintable(address));
        QVERIFY(SubjectAltNames::of(serving).covers(pki->servingNames()));
    }

    void servingCertificateIsReissuedForNewNames()
    {
        QTemporaryDir dir;
        const QString first = QStringLiteral("first.example.com");
        const QString second = QStringLiteral("198.51.100.20");
        auto initial = ClusterPki::open(optionsFor(dir, {first}), m_clock);
        QVERIFY2(initial.ok(), qPrintable(initial.error().message));
        const QByteArray servingKey = readAll(initial->layout().servingKey());
        const QByteArray caCertificate = readAll(initial->layout().caCertificate());
        const QByteArray adminCertificate = readAll(initial->layout().adminCertificate());

        auto widened = ClusterPki::open(optionsFor(dir, {first, second}), m_clock);
        QVERIFY2(widened.ok(), qPrintable(widened.error().message));
        QCOMPARE(widened->changes().size(), 1);
        QVERIFY2(
            widened->changes().constFirst().contains(QStringLiteral("does not cover ") + second),
            qPrintable(widened->changes().constFirst()));
        QVERIFY(widened->servingCertificate().ipAddresses().contains(second));
        QCOMPARE(readAll(widened->layout().servingKey()), servingKey);
        QCOMPARE(readAll(widened->layout().caCertificate()), caCertificate);
        QCOMPARE(readAll(widened->layout().adminCertificate()), adminCertificate);
        QCOMPARE(fileMode(widened->layout().servingCertificate()), 0644);

        // Fewer names than the certificate has: it still covers them, nothing to do.
        auto narrowed = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(narrowed.ok(), qPrintable(narrowed.error().message));
        QVERIFY(narrowed->changes().isEmpty());
    }

    void leafCertificatesAreRenewedBeforeExpiry()
    {
        QTemporaryDir dir;
        ManualClock clock;
        auto initial = ClusterPki::open(optionsFor(dir), clock);
        QVERIFY2(initial.ok(), qPrintable(initial.error().message));
        const QString hash = initial->caCertHash();

        clock.advanceMs(300 * kDaySecs * 1000);
        auto stillFine = ClusterPki::open(optionsFor(dir), clock);
        QVERIFY2(stillFine.ok(), qPrintable(stillFine.error().message));
        QVERIFY(stillFine->changes().isEmpty());

        clock.advanceMs(40 * kDaySecs * 1000);
        auto renewed = ClusterPki::open(optionsFor(dir), clock);
        QVERIFY2(renewed.ok(), qPrintable(renewed.error().message));
        QCOMPARE(renewed->changes().size(), 2);
        for (const QString &change : renewed->changes())
            QVERIFY2(change.contains(QLatin1String("expires on")), qPrintable(change));
        QCOMPARE(renewed->caCertHash(), hash);
        const qint64 now = clock.nowMs() / 1000;
        QVERIFY(renewed->servingCertificate().isValidAt(now + 300 * kDaySecs));
        QVERIFY(renewed->adminCertificate().isValidAt(now + 300 * kDaySecs));
    }

    void expiredCaIsRefused()
    {
        QTemporaryDir dir;
        ManualClock clock;
        QVERIFY(ClusterPki::open(optionsFor(dir), clock).ok());
        clock.advanceMs(3651 * kDaySecs * 1000);
        auto pki = ClusterPki::open(optionsFor(dir), clock);
        QVERIFY(!pki.ok());
        QCOMPARE(pki.error().code, ErrorCode::Expired);
        QVERIFY2(pki.error().message.contains(QLatin1String("ca.crt is valid from")),
                 qPrintable(pki.error().message));
        QVERIFY(pki.error().message.contains(QLatin1String("check the system clock")));
    }

    void adminCertificate_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("groups");
        QTest::newRow("kubeadm default") << "kubernetes-admin" << strings({"system:masters"});
        QTest::newRow("several groups")
            << "alice" << strings({"system:masters", "team:platform", "dev"});
        QTest::newRow("no group") << "bob" << QStringList{};
        QTest::newRow("unicode") << QString::fromUtf8("zoë") << strings({"équipe"});
    }

    void adminCertificate()
    {
        QFETCH(QString, user);
        QFETCH(QStringList, groups);
        QTemporaryDir dir;
        ClusterPkiOptions options = optionsFor(dir);
        options.adminUser = user;
        options.adminGroups = groups;
        auto pki = ClusterPki::open(options, m_clock);
        QVERIFY2(pki.ok(), qPrintable(pki.error().message));

        const Certificate &admin = pki->adminCertificate();
        QCOMPARE(admin.commonName(), user);
        QCOMPARE(admin.organizations(), groups);
        QVERIFY(admin.hasClientAuth());
        QVERIFY(!admin.hasServerAuth());
        QVERIFY(admin.dnsNames().isEmpty());
        const QString problem = verifyChain(admin, pki->certificateAuthority().certificate(),
                                            m_clock.nowMs() / 1000, X509_PURPOSE_SSL_CLIENT);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        // Reopened for another user, the admin certificate follows (same key).
        const QByteArray key = readAll(pki->layout().adminKey());
        options.adminUser = user + QStringLiteral("-2");
        auto changed = ClusterPki::open(options, m_clock);
        QVERIFY2(changed.ok(), qPrintable(changed.error().message));
        QCOMPARE(changed->changes().size(), 1);
        QCOMPARE(changed->adminCertificate().commonName(), options.adminUser);
        QCOMPARE(readAll(changed->layout().adminKey()), key);
    }

    void issueClientCertificate_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("groups");
        QTest::addColumn<qint64>("validitySecs");
        QTest::newRow("node agent")
            << "system:node:worker-1" << strings({"system:nodes"}) << qint64(365 * kDaySecs);
        QTest::newRow("user, one hour") << "carol" << strings({"dev", "ops"}) << qint64(3600);
        QTest::newRow("no groups") << "dave" << QStringList{} << qint64(kDaySecs);
    }

    void issueClientCertificate()
    {
        QFETCH(QString, user);
        QFETCH(QStringList, groups);
        QFETCH(qint64, validitySecs);
        QTemporaryDir dir;
        auto pki = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(pki.ok(), qPrintable(pki.error().message));

        auto issued = pki->issueClientCertificate(user, groups, std::chrono::seconds(validitySecs));
        QVERIFY2(issued.ok(), qPrintable(issued.error().message));
        auto certificate = Certificate::fromPem(issued->certificatePem, QStringLiteral("issued"));
        QVERIFY(certificate.ok());
        auto key = PrivateKey::fromPem(issued->privateKeyPem, QStringLiteral("issued key"));
        QVERIFY(key.ok());
        QVERIFY(certificate->matches(*key));
        QVERIFY(!certificate->matches(PrivateKey::generateEcdsaP256().value()));
        QCOMPARE(certificate->commonName(), user);
        QCOMPARE(certificate->organizations(), groups);
        const qint64 now = m_clock.nowMs() / 1000;
        QCOMPARE(certificate->notAfter().toSecsSinceEpoch(), now + validitySecs);
        const QString problem = verifyChain(*certificate, pki->certificateAuthority().certificate(),
                                            now, X509_PURPOSE_SSL_CLIENT);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(!verifyChain(*certificate, pki->certificateAuthority().certificate(), now,
                             X509_PURPOSE_SSL_SERVER)
                     .isEmpty());
        // Nothing lands on disk: the caller decides where the credentials go.
        QCOMPARE(QDir(pki->layout().directory).entryList(QDir::Files).size(), 6);
    }

    void issueClientCertificateRejects_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("groups");
        QTest::addColumn<qint64>("validitySecs");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty user") << "" << QStringList{} << qint64(60) << "common name";
        QTest::newRow("zero validity") << "erin" << QStringList{} << qint64(0) << "validity";
        QTest::newRow("empty group") << "erin" << strings({""}) << qint64(60) << "group";
    }

    void issueClientCertificateRejects()
    {
        QFETCH(QString, user);
        QFETCH(QStringList, groups);
        QFETCH(qint64, validitySecs);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        auto pki = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(pki.ok(), qPrintable(pki.error().message));
        auto issued = pki->issueClientCertificate(user, groups, std::chrono::seconds(validitySecs));
        QVERIFY(!issued.ok());
        QCOMPARE(issued.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(issued.error().message.contains(mentions), qPrintable(issued.error().message));
    }

    void caCertHashMatchesOpenssl()
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        const QString sha256sum = QStandardPaths::findExecutable(QStringLiteral("sha256sum"));
        if (openssl.isEmpty() || sha256sum.isEmpty())
            QSKIP("needs the openssl and sha256sum command line tools");
        QTemporaryDir dir;
        auto pki = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(pki.ok(), qPrintable(pki.error().message));

        // openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | sha256sum
        const QByteArray publicKeyPem = runTool(
            openssl, {QStringLiteral("x509"), QStringLiteral("-pubkey"), QStringLiteral("-noout")},
            pki->caCertificatePem());
        QVERIFY(!publicKeyPem.isEmpty());
        const QByteArray der = runTool(openssl,
                                       {QStringLiteral("pkey"), QStringLiteral("-pubin"),
                                        QStringLiteral("-outform"), QStringLiteral("der")},
                                       publicKeyPem);
        QVERIFY(!der.isEmpty());
        const QByteArray sum = runTool(sha256sum, {}, der);
        QVERIFY(!sum.isEmpty());
        const QString expected = QStringLiteral("sha256:") + QString::fromLatin1(sum.left(64));

        QCOMPARE(pki->caCertHash(), expected);
        static const QRegularExpression format(QStringLiteral("^sha256:[0-9a-f]{64}$"));
        QVERIFY(format.match(pki->caCertHash()).hasMatch());
    }

    void missingCertificateIsReissuedForItsKey_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("CA") << "ca.crt";
        QTest::newRow("serving") << "apiserver.crt";
        QTest::newRow("admin") << "admin.crt";
    }

    // What a crash between writing a key and its certificate leaves behind.
    void missingCertificateIsReissuedForItsKey()
    {
        QFETCH(QString, file);
        QTemporaryDir dir;
        auto initial = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(initial.ok(), qPrintable(initial.error().message));
        const QByteArray oldServing = readAll(initial->layout().servingCertificate());
        QVERIFY(QFile::remove(pkiFile(dir, file)));

        auto reopened = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(reopened.ok(), qPrintable(reopened.error().message));
        QCOMPARE(reopened->changes().size(), 1);
        QVERIFY(QFile::exists(pkiFile(dir, file)));
        QCOMPARE(reopened->caCertHash(), initial->caCertHash());
        // Certificates signed before still verify against a recreated CA certificate.
        auto oldCertificate = Certificate::fromPem(oldServing, QStringLiteral("old"));
        QVERIFY(oldCertificate.ok());
        const QString problem =
            verifyChain(*oldCertificate, reopened->certificateAuthority().certificate(),
                        m_clock.nowMs() / 1000, X509_PURPOSE_SSL_SERVER);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void damagedFilesAreReported_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<Damage>("damage");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("mentions");
        QTest::addColumn<QString>("advice");

        const QString newCa = QStringLiteral("move");
        const QString newPair = QStringLiteral("to have a new pair issued");
        QTest::newRow("ca.crt garbage") << "ca.crt" << Damage::Garbage << ErrorCode::Corrupt
                                        << "does not hold a PEM certificate" << newCa;
        QTest::newRow("ca.crt truncated") << "ca.crt" << Damage::Truncated << ErrorCode::Corrupt
                                          << "does not hold a PEM certificate" << newCa;
        QTest::newRow("ca.crt not a CA")
            << "ca.crt" << Damage::NotCa << ErrorCode::Corrupt << "is not a CA" << newCa;
        QTest::newRow("ca.key garbage") << "ca.key" << Damage::Garbage << ErrorCode::Corrupt
                                        << "does not hold an unencrypted PEM private key" << newCa;
        QTest::newRow("ca.key foreign") << "ca.key" << Damage::ForeignKey << ErrorCode::Corrupt
                                        << "is not the private key of" << newCa;
        QTest::newRow("ca.key encrypted") << "ca.key" << Damage::EncryptedKey << ErrorCode::Corrupt
                                          << "holds a passphrase-protected private key" << newCa;
        QTest::newRow("ca.key deleted")
            << "ca.key" << Damage::Deleted << ErrorCode::NotFound << "key is lost" << newCa;
        QTest::newRow("ca.key world-readable")
            << "ca.key" << Damage::WorldReadable << ErrorCode::InvalidArgument << "mode 0644"
            << "chmod 600";
        QTest::newRow("apiserver.crt garbage")
            << "apiserver.crt" << Damage::Garbage << ErrorCode::Corrupt
            << "does not hold a PEM certificate" << newPair;
        QTest::newRow("apiserver.crt other CA")
            << "apiserver.crt" << Damage::ForeignCaCert << ErrorCode::Corrupt
            << "was not issued by the cluster CA" << newPair;
        QTest::newRow("apiserver.key foreign")
            << "apiserver.key" << Damage::ForeignKey << ErrorCode::Corrupt
            << "is not the private key of" << newPair;
        QTest::newRow("apiserver.key deleted")
            << "apiserver.key" << Damage::Deleted << ErrorCode::NotFound << "does not exist"
            << newPair;
        QTest::newRow("admin.crt truncated")
            << "admin.crt" << Damage::Truncated << ErrorCode::Corrupt
            << "does not hold a PEM certificate" << newPair;
        QTest::newRow("admin.key truncated")
            << "admin.key" << Damage::Truncated << ErrorCode::Corrupt
            << "does not hold an unencrypted PEM private key" << newPair;
        QTest::newRow("admin.key world-readable")
            << "admin.key" << Damage::WorldReadable << ErrorCode::InvalidArgument << "mode 0644"
            << "chmod 600";
    }

    void damagedFilesAreReported()
    {
        QFETCH(QString, file);
        QFETCH(Damage, damage);
        QFETCH(ErrorCode, code);
        QFETCH(QString, mentions);
        QFETCH(QString, advice);

        QTemporaryDir dir;
        auto initial = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(initial.ok(), qPrintable(initial.error().message));
        const QString path = pkiFile(dir, file);
        const QByteArray original = readAll(path);

        switch (damage) {
        case Damage::Garbage:
            QVERIFY(writeAll(path, "this is not PEM\n"));
            break;
        case Damage::Truncated:
            QVERIFY(writeAll(path, original.left(original.size() / 2)));
            break;
        case Damage::ForeignKey:
            QVERIFY(writeAll(path, PrivateKey::generateEcdsaP256()->toPem()));
            break;
        case Damage::ForeignCaCert: {
            auto otherCa = CertificateAuthority::create(QStringLiteral("other-ca"), m_clock);
            QVERIFY(otherCa.ok());
            auto key = PrivateKey::fromPem(readAll(initial->layout().servingKey()), path);
            QVERIFY(key.ok());
            auto other = otherCa->issue(CertificateSpec{.usage = CertificateUsage::Server,
                                                        .commonName = QStringLiteral("x"),
                                                        .dnsNames = {QStringLiteral("localhost")},
                                                        .validity = std::chrono::hours(24)},
                                        *key, m_clock);
            QVERIFY(other.ok());
            QVERIFY(writeAll(path, other->toPem()));
            break;
        }
        case Damage::EncryptedKey: {
            auto key = PrivateKey::fromPem(original, path);
            QVERIFY(key.ok());
            BIO *bio = BIO_new(BIO_s_mem());
            char passphrase[] = "secret";
            QCOMPARE(PEM_write_bio_PKCS8PrivateKey(bio, key->get(), EVP_aes_256_cbc(), passphrase,
                                                   6, nullptr, nullptr),
                     1);
            char *data = nullptr;
            const long length = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data);
            const QByteArray encrypted(data, length);
            BIO_free(bio);
            QVERIFY(encrypted.contains("ENCRYPTED PRIVATE KEY"));
            QVERIFY(writeAll(path, encrypted));
            break;
        }
        case Damage::Deleted:
            QVERIFY(QFile::remove(path));
            break;
        case Damage::WorldReadable:
            QVERIFY(QFile::setPermissions(path, QFile::permissions(path) | QFile::ReadGroup |
                                                    QFile::ReadOther));
            break;
        case Damage::NotCa:
            QVERIFY(writeAll(path, readAll(initial->layout().servingCertificate())));
            break;
        }
        const QByteArray damaged = readAll(path);

        auto reopened = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY(!reopened.ok());
        const QString message = reopened.error().message;
        QCOMPARE(reopened.error().code, code);
        QVERIFY2(message.contains(path), qPrintable(message));
        QVERIFY2(message.contains(mentions), qPrintable(message));
        QVERIFY2(message.contains(advice), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
        QVERIFY(!message.contains(QLatin1String("BEGIN")));
        // Refused, not repaired: the damaged file is left as it was for inspection.
        QCOMPARE(readAll(path), damaged);
    }

    void unreadableKeyIsReported()
    {
        if (::geteuid() == 0)
            QSKIP("root reads files regardless of their mode");
        QTemporaryDir dir;
        auto initial = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY2(initial.ok(), qPrintable(initial.error().message));
        QVERIFY(QFile::setPermissions(initial->layout().caKey(), QFileDevice::WriteOwner));
        auto reopened = ClusterPki::open(optionsFor(dir), m_clock);
        QVERIFY(!reopened.ok());
        QCOMPARE(reopened.error().code, ErrorCode::Unavailable);
        QVERIFY(reopened.error().message.contains(initial->layout().caKey()));
        QVERIFY(reopened.error().message.contains(QLatin1String("make it readable")));
    }

    void unusableDataDirIsReported()
    {
        QTemporaryDir dir;
        const QString notADirectory = dir.filePath(QStringLiteral("file"));
        QVERIFY(writeAll(notADirectory, "x"));
        ClusterPkiOptions options;
        options.dataDir = notADirectory;
        auto pki = ClusterPki::open(options, m_clock);
        QVERIFY(!pki.ok());
        QCOMPARE(pki.error().code, ErrorCode::Unavailable);
        QVERIFY2(pki.error().message.contains(notADirectory + QStringLiteral("/pki")),
                 qPrintable(pki.error().message));
    }

    void badOptions_data()
    {
        QTest::addColumn<QString>("dataDir");
        QTest::addColumn<QStringList>("extraNames");
        QTest::addColumn<QString>("clusterDomain");
        QTest::addColumn<QString>("adminUser");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no data dir") << "" << QStringList{} << "cluster.local"
                                     << "kubernetes-admin"
                                     << "no data dir";
        QTest::newRow("bad extra name")
            << "DIR" << strings({"ok.example.com", "not a name"}) << "cluster.local"
            << "kubernetes-admin"
            << "'not a name' is neither an IP address nor a DNS name";
        QTest::newRow("bad cluster domain") << "DIR" << QStringList{} << "bad domain!"
                                            << "kubernetes-admin"
                                            << "cluster domain 'bad domain!'";
        QTest::newRow("no admin user") << "DIR" << QStringList{} << "cluster.local"
                                       << " "
                                       << "admin user name is empty";
    }

    void badOptions()
    {
        QFETCH(QString, dataDir);
        QFETCH(QStringList, extraNames);
        QFETCH(QString, clusterDomain);
        QFETCH(QString, adminUser);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        ClusterPkiOptions options;
        options.dataDir = dataDir == QLatin1String("DIR") ? dir.path() : dataDir;
        options.extraSubjectAltNames = extraNames;
        options.clusterDomain = clusterDomain;
        options.adminUser = adminUser;
        auto pki = ClusterPki::open(options, m_clock);
        QVERIFY(!pki.ok());
        QCOMPARE(pki.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(pki.error().message.contains(mentions), qPrintable(pki.error().message));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("pki"))));
    }

    void privateKeysNeverReachTheLog()
    {
        QTemporaryDir dir;
        capturedMessages.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("flotilla.*=true"));
        const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
        auto pki = ClusterPki::open(optionsFor(dir, {QStringLiteral("log.example.com")}), m_clock);
        QVERIFY(pki.ok());
        auto reopened =
            ClusterPki::open(optionsFor(dir, {QStringLiteral("log2.example.com")}), m_clock);
        QVERIFY(reopened.ok());
        auto issued =
            reopened->issueClientCertificate(QStringLiteral("frank"), {}, std::chrono::hours(1));
        QVERIFY(issued.ok());
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());

        QVERIFY(capturedMessages.size() >= 5); // 3 created, 1 reissued, 1 issued
        QList<QByteArray> secrets = {issued->privateKeyPem, reopened->adminKeyPair().privateKeyPem,
                                     reopened->servingKeyPair().privateKeyPem,
                                     readAll(reopened->layout().caKey())};
        for (const QString &message : std::as_const(capturedMessages)) {
            QVERIFY2(!message.contains(QLatin1String("PRIVATE")), qPrintable(message));
            for (const QByteArray &secret : std::as_const(secrets)) {
                // Every base64 line of every key body.
                const QList<QByteArray> lines = secret.split('\n');
                for (const QByteArray &line : lines) {
                    if (line.startsWith("-----") || line.size() < 16)
                        continue;
                    QVERIFY(!message.contains(QString::fromLatin1(line)));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestClusterPki)
#include "tst_clusterpki.moc"
