#include "pki/subjectaltnames.h"
#include "pkitesthelpers.h"

#include <QHostAddress>
#include <QTest>

using namespace flotilla;
using namespace flotilla::pki;
using namespace flotilla::pki::testing;

class TestSubjectAltNames : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QStringList>("input");
        QTest::addColumn<QStringList>("dnsNames");
        QTest::addColumn<QStringList>("ipAddresses");
        QTest::newRow("empty") << QStringList{} << QStringList{} << QStringList{};
        QTest::newRow("dns and ip sorted apart")
            << strings({"api.example.com", "192.0.2.1", "2001:db8::1"})
            << strings({"api.example.com"}) << strings({"192.0.2.1", "2001:db8::1"});
        QTest::newRow("dns lower-cased")
            << strings({"API.Example.COM"}) << strings({"api.example.com"}) << QStringList{};
        QTest::newRow("ipv6 canonical") << strings({"2001:0db8:0000::0001", "0:0:0:0:0:0:0:1"})
                                        << QStringList{} << strings({"2001:db8::1", "::1"});
        QTest::newRow("duplicates dropped")
            << strings({"a.example", "A.example", "10.0.0.1", " 10.0.0.1 "})
            << strings({"a.example"}) << strings({"10.0.0.1"});
        QTest::newRow("wildcard") << strings({"*.apps.example.com"})
                                  << strings({"*.apps.example.com"}) << QStringList{};
        QTest::newRow("single label")
            << strings({"controlplane"}) << strings({"controlplane"}) << QStringList{};
    }

    void parse()
    {
        QFETCH(QStringList, input);
        QFETCH(QStringList, dnsNames);
        QFETCH(QStringList, ipAddresses);
        auto names = SubjectAltNames::parse(input);
        QVERIFY2(names.ok(), qPrintable(names.error().message));
        QCOMPARE(names->dnsNames, dnsNames);
        QCOMPARE(names->ipAddresses, ipAddresses);
    }

    void parseRejects_data()
    {
        QTest::addColumn<QString>("input");
        QTest::newRow("empty") << "";
        QTest::newRow("space") << "two words";
        QTest::newRow("empty label") << "a..example.com";
        QTest::newRow("leading hyphen") << "-a.example.com";
        QTest::newRow("comma") << "a.example.com,IP:1.2.3.4";
        QTest::newRow("scoped ipv6") << "fe80::1%eth0";
        QTest::newRow("label too long") << QString(64, QLatin1Char('a')) + QStringLiteral(".com");
        QTest::newRow("url") << "https://api.example.com";
    }

    void parseRejects()
    {
        QFETCH(QString, input);
        auto names = SubjectAltNames::parse({QStringLiteral("fine.example.com"), input});
        QVERIFY(!names.ok());
        QCOMPARE(names.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(names.error().message.contains(QLatin1Char('\'') + input + QLatin1Char('\'')),
                 qPrintable(names.error().message));
    }

    void covers_data()
    {
        QTest::addColumn<QStringList>("have");
        QTest::addColumn<QStringList>("want");
        QTest::addColumn<QStringList>("missing");
        QTest::newRow("equal") << strings({"a.example", "10.0.0.1"})
                               << strings({"a.example", "10.0.0.1"}) << QStringList{};
        QTest::newRow("superset") << strings({"a.example", "b.example", "10.0.0.1", "::1"})
                                  << strings({"b.example", "::1"}) << QStringList{};
        QTest::newRow("case-insensitive")
            << strings({"a.example"}) << strings({"A.Example"}) << QStringList{};
        QTest::newRow("ipv6 spelled differently")
            << strings({"2001:db8::1"}) << strings({"2001:db8:0:0::1"}) << QStringList{};
        QTest::newRow("new dns name")
            << strings({"a.example"}) << strings({"a.example", "b.example"})
            << strings({"b.example"});
        QTest::newRow("new ip") << strings({"10.0.0.1"}) << strings({"10.0.0.2", "10.0.0.1"})
                                << strings({"10.0.0.2"});
        QTest::newRow("wildcard is not a match")
            << strings({"*.example"}) << strings({"a.example"}) << strings({"a.example"});
        QTest::newRow("ipv4 is not its ipv6 mapping")
            << strings({"10.0.0.1"}) << strings({"::ffff:10.0.0.1"})
            << strings({"::ffff:10.0.0.1"});
    }

    void covers()
    {
        QFETCH(QStringList, have);
        QFETCH(QStringList, want);
        QFETCH(QStringList, missing);
        auto haveNames = SubjectAltNames::parse(have);
        auto wantNames = SubjectAltNames::parse(want);
        QVERIFY(haveNames.ok() && wantNames.ok());
        QCOMPARE(haveNames->missing(*wantNames), missing);
        QCOMPARE(haveNames->covers(*wantNames), missing.isEmpty());
    }

    void forThisHost()
    {
        const SubjectAltNames names = SubjectAltNames::forThisHost();
        QVERIFY(names.dnsNames.contains(QStringLiteral("localhost")));
        QVERIFY(names.ipAddresses.contains(QStringLiteral("127.0.0.1")));
        QVERIFY(names.ipAddresses.contains(QStringLiteral("::1")));
        for (const QString &text : names.ipAddresses) {
            const QHostAddress address(text);
            QVERIFY2(!address.isNull(), qPrintable(text));
            QVERIFY2(!address.isLinkLocal(), qPrintable(text));
            QVERIFY2(address.scopeId().isEmpty(), qPrintable(text));
            if (address.isLoopback())
                QVERIFY2(text == QLatin1String("127.0.0.1") || text == QLatin1String("::1"),
                         qPrintable(text));
        }
        // What the certificate builder gets must parse back unchanged.
        auto reparsed = SubjectAltNames::parse(names.dnsNames + names.ipAddresses);
        QVERIFY2(reparsed.ok(), qPrintable(reparsed.error().message));
        QCOMPARE(reparsed->dnsNames, names.dnsNames);
        QCOMPARE(reparsed->ipAddresses, names.ipAddresses);
    }
};

QTEST_GUILESS_MAIN(TestSubjectAltNames)
#include "tst_subjectaltnames.moc"
