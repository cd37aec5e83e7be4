#include "auth/tokenfile.h"

#include <QTest>

using namespace flotilla;
using namespace flotilla::api;

class TestTokenFile : public QObject
{
    Q_OBJECT

private slots:
    void kubernetesCsvFormat()
    {
        auto file = TokenFile::parse("# comment\n"
                                     "s3cret-token,alice,1001,\"admins,devs\"\n"
                                     "\n"
                                     "other,bob,1002\n",
                                     QStringLiteral("tokens.csv"));
        QVERIFY2(file.ok(), qPrintable(file.error().message));
        QCOMPARE(file->size(), 2);
        const auto alice = file->authenticate("s3cret-token");
        QVERIFY(alice);
        QCOMPARE(alice->name, QStringLiteral("alice"));
        QCOMPARE(alice->uid, QStringLiteral("1001"));
        QCOMPARE(alice->groups, (QStringList{QStringLiteral("admins"), QStringLiteral("devs")}));
        QCOMPARE(file->authenticate("other")->groups, QStringList());
        QVERIFY(!file->authenticate("s3cret-toke"));
        QVERIFY(!file->authenticate(""));
    }

    void badLinesAreNamedButTokensNeverShown_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("columns") << QByteArray("tok-abc,alice\n") << "line 1: fewer than 3 columns";
        QTest::newRow("quote") << QByteArray("ok,u,1\ntok-abc,alice,1,\"g1\n")
                               << "line 2: unterminated quote";
        QTest::newRow("empty user") << QByteArray("tok-abc,,1\n") << "empty user name";
    }

    void badLinesAreNamedButTokensNeverShown()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, mentions);
        auto file = TokenFile::parse(text, QStringLiteral("tokens.csv"));
        QVERIFY(!file.ok());
        QVERIFY2(file.error().message.contains(mentions), qPrintable(file.error().message));
        QVERIFY(!file.error().message.contains(QStringLiteral("tok-abc")));
    }
};

QTEST_GUILESS_MAIN(TestTokenFile)
#include "tst_tokenfile.moc"
