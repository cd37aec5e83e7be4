#include "pki/certificateauthority.h"
#include "pkitesthelpers.h"

#include <QRegularExpression>
#include <QTest>

#include <openssl/bn.h>

using namespace flotilla;
using namespace flotilla::pki;
using namespace flotilla::pki::testing;

Q_DECLARE_METATYPE(flotilla::pki::CertificateUsage)

namespace {

constexpr qint64 kDaySecs = 24 * 60 * 60;

CertificateSpec serverSpec()
{
    return CertificateSpec{.usage = CertificateUsage::Server,
                           .commonName = QStringLiteral("server"),
                           .dnsNames = {QStringLiteral("localhost")},
                           .ipAddresses = {QStringLiteral("127.0.0.1")},
                           .validity = kLeafValidity};
}

} // namespace

class TestCertificateAuthority : public QObject
{
    Q_OBJECT

private:
    ManualClock m_clock;

private slots:
    void createsASelfSignedCa()
    {
        auto ca = CertificateAuthority::create(QStringLiteral("test-ca"), m_clock);
        QVERIFY2(ca.ok(), qPrintable(ca.error().message));
        const Certificate &certificate = ca->certificate();
        QVERIFY(certificate.isCa());
        QVERIFY(certificate.isSignedBy(certificate));
        QVERIFY(certificate.matches(ca->key()));
        QCOMPARE(certificate.commonName(), QStringLiteral("test-ca"));
        QVERIFY((X509_get_key_usage(certificate.get()) & KU_KEY_CERT_SIGN) != 0);
        QVERIFY(!certificate.hasServerAuth());
        const qint64 now = m_clock.nowMs() / 1000;
        QVERIFY(certificate.isValidAt(now));
        QVERIFY(certificate.isValidAt(now - 60)); // tolerates a clock slightly behind
        QCOMPARE(certificate.notAfter().toSecsSinceEpoch(), now + 3650 * kDaySecs);
        QVERIFY(QRegularExpression(QStringLiteral("^sha256:[0-9a-f]{64}$"))
                    .match(ca->certHash())
                    .hasMatch());
    }

    void roundTripsThroughPem()
    {
        auto ca = CertificateAuthority::create(QStringLiteral("test-ca"), m_clock);
        QVERIFY(ca.ok());
        auto loaded = CertificateAuthority::fromPem(ca->certificate().toPem(), QStringLiteral("c"),
                                                    ca->key().toPem(), QStringLiteral("k"));
        QVERIFY2(loaded.ok(), qPrintable(loaded.error().message));
        QCOMPARE(loaded->certHash(), ca->certHash());
        QCOMPARE(loaded->certificate().toDer(), ca->certificate().toDer());
    }

    void fromPemRefusesMismatches()
    {
        auto ca = CertificateAuthority::create(QStringLiteral("test-ca"), m_clock);
        auto other = CertificateAuthority::create(QStringLiteral("other"), m_clock);
        QVERIFY(ca.ok() && other.ok());

        auto wrongKey =
            CertificateAuthority::fromPem(ca->certificate().toPem(), QStringLiteral("c"),
                                          other->key().toPem(), QStringLiteral("k"));
        QVERIFY(!wrongKey.ok());
        QCOMPARE(wrongKey.error().message, QStringLiteral("k is not the private key of c"));

        auto leaf = ca->issue(serverSpec(), ca->key(), m_clock);
        QVERIFY(leaf.ok());
        auto notCa = CertificateAuthority::fromPem(leaf->toPem(), QStringLiteral("c"),
                                                   ca->key().toPem(), QStringLiteral("k"));
        QVERIFY(!notCa.ok());
        QCOMPARE(notCa.error().message, QStringLiteral("c is not a CA certificate"));
    }

    void sameKeySameHash()
    {
        auto ca = CertificateAuthority::create(QStringLiteral("test-ca"), m_clock);
        QVERIFY(ca.ok());
        auto key = PrivateKey::fromPem(ca->key().toPem(), QStringLiteral("k"));
        QVERIFY(key.ok());
        ManualClock later;
        later.advanceMs(kDaySecs * 1000);
        auto again =
            CertificateAuthority::createWithKey(QStringLiteral("test-ca"), std::move(*key), later);
        QVERIFY(again.ok());
        QCOMPARE(again->certHash(), ca->certHash());
        QVERIFY(again->certificate().toDer() != ca->certificate().toDer());
    }

    void issue_data()
    {
        QTest::addColumn<CertificateUsage>("usage");
        QTest::addColumn<int>("goodPurpose");
        QTest::addColumn<int>("badPurpose");
        QTest::newRow("server") << CertificateUsage::Server << X509_PURPOSE_SSL_SERVER
                                << X509_PURPOSE_SSL_CLIENT;
        QTest::newRow("client") << CertificateUsage::Client << X509_PURPOSE_SSL_CLIENT
                                << X509_PURPOSE_SSL_SERVER;
    }

    void issue()
    {
        QFETCH(CertificateUsage, usage);
        QFETCH(int, goodPurpose);
        QFETCH(int, badPurpose);
        auto ca = CertificateAuthority::create(QStringLiteral("test-ca"), m_clock);
        auto key = PrivateKey::generateEcdsaP256();
        QVERIFY(ca.ok() && key.ok());
        CertificateSpec spec = serverSpec();
        spec.usage = usage;
        if (usage == CertificateUsage::Client) {
            spec.dnsNames.clear();
            spec.ipAddresses.clear();
        }
        auto certificate = ca->issue(spec, *key, m_clock);
        QVERIFY2(certificate.ok(), qPrintable(certificate.error().message));
        QVERIFY(certificate->matches(*key));
        QVERIFY(certificate->isSignedBy(ca->certificate()));
        QVERIFY(!certificate->isCa());
        QCOMPARE(certificate->hasServerAuth(), usage == CertificateUsage::Server);
        QCOMPARE(certificate->hasClientAuth(), usage == CertificateUsage::Client);
        const qint64 now = m_clock.nowMs() / 1000;
        QCOMPARE(verifyChain(*certificate, ca->certificate(), now, goodPurpose), QString());
        QVERIFY(!verifyChain(*certificate, ca->certificate(), now, badPurpose).isEmpty());
        QVERIFY(!verifyChain(*certificate, ca->certificate(), now + 366 * kDaySecs, goodPurpose)
                     .isEmpty());
    }

    void serialsAreRandom()
    {
        auto ca = CertificateAuthority::create(QStringLiteral("test-ca"), m_clock);
        QVERIFY(ca.ok());
        auto first = ca->issue(serverSpec(), ca->key(), m_clock);
        auto second = ca->issue(serverSpec(), ca->key(), m_clock);
        QVERIFY(first.ok() && second.ok());
        QVERIFY(ASN1_INTEGER_cmp(X509_get0_serialNumber(first->get()),
                                 X509_get0_serialNumber(second->get())) != 0);
    }

    void validityEndsWithTheCa()
    {
        auto ca = CertificateAuthority::create(QStringLiteral("test-ca"), m_clock);
        QVERIFY(ca.ok());
        CertificateSpec spec = serverSpec();
        spec.validity = std::chrono::hours(24 * 365 * 20);
        auto certificate = ca->issue(spec, ca->key(), m_clock);
        QVERIFY(certificate.ok());
        QCOMPARE(certificate->notAfter(), ca->certificate().notAfter());
    }

    void issueRejects_data()
    {
        QTest::addColumn<int>("variant");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty common name") << 0 << "common name";
        QTest::newRow("zero validity") << 1 << "validity";
        QTest::newRow("server without names") << 2 << "at least one DNS name or IP";
        QTest::newRow("client with names") << 3 << "only for serving certificates";
        QTest::newRow("bad ip") << 4 << "'300.1.1.1' is not an IP address";
        QTest::newRow("intermediate CA") << 5 << "intermediate CAs";
        QTest::newRow("non-ascii dns name") << 6 << "not plain ASCII";
    }

    void issueRejects()
    {
        QFETCH(int, variant);
        QFETCH(QString, mentions);
        auto ca = CertificateAuthority::create(QStringLiteral("test-ca"), m_clock);
        QVERIFY(ca.ok());
        CertificateSpec spec = serverSpec();
        switch (variant) {
        case 0:
            spec.commonName.clear();
            break;
        case 1:
            spec.validity = std::chrono::seconds(0);
            break;
        case 2:
            spec.dnsNames.clear();
            spec.ipAddresses.clear();
            break;
        case 3:
            spec.usage = CertificateUsage::Client;
            break;
        case 4:
            spec.ipAddresses = {QStringLiteral("300.1.1.1")};
            break;
        case 5:
            spec.usage = CertificateUsage::Ca;
            break;
        case 6:
            spec.dnsNames = {QString::fromUtf8("bücher.example")};
            break;
        }
        auto certificate = ca->issue(spec, ca->key(), m_clock);
        QVERIFY(!certificate.ok());
        QCOMPARE(certificate.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(certificate.error().message.contains(mentions),
                 qPrintable(certificate.error().message));
    }
};

QTEST_GUILESS_MAIN(TestCertificateAuthority)
#include "tst_certificateauthority.moc"
