#include "patch/jsonpointer.h"

#include <QTest>

using namespace flotilla;
using namespace flotilla::api;

class TestJsonPointer : public QObject
{
    Q_OBJECT

private slots:
    void parsesTokens_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QStringList>("tokens");
        QTest::newRow("whole document") << QString() << QStringList();
        QTest::newRow("empty member name") << QStringLiteral("/") << QStringList{QString()};
        QTest::newRow("nested") << QStringLiteral("/spec/containers/0")
                                << QStringList{QStringLiteral("spec"), QStringLiteral("containers"),
                                               QStringLiteral("0")};
        // Annotation keys are where escapes show up in Kubernetes.
        QTest::newRow("slash escaped")
            << QStringLiteral("/metadata/annotations/example.com~1owner")
            << QStringList{QStringLiteral("metadata"), QStringLiteral("annotations"),
                           QStringLiteral("example.com/owner")};
        QTest::newRow("tilde escaped")
            << QStringLiteral("/a~0b") << QStringList{QStringLiteral("a~b")};
        // ~01 is "~" then "1", not "/": escapes are undone left to right, once.
        QTest::newRow("tilde then one")
            << QStringLiteral("/~01") << QStringList{QStringLiteral("~1")};
        QTest::newRow("empty tokens")
            << QStringLiteral("//x/") << QStringList{QString(), QStringLiteral("x"), QString()};
    }

    void parsesTokens()
    {
        QFETCH(QString, pointer);
        QFETCH(QStringList, tokens);
        const Result<JsonPointer> parsed = JsonPointer::parse(pointer);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString()));
        QCOMPARE(parsed->tokens(), tokens);
        QCOMPARE(parsed->toString(), pointer);
        QCOMPARE(parsed->isRoot(), tokens.isEmpty());
    }

    void rejectsMalformed_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::newRow("no leading slash") << QStringLiteral("spec/replicas");
        QTest::newRow("bad escape") << QStringLiteral("/a~2");
        QTest::newRow("dangling tilde") << QStringLiteral("/a~");
    }

    void rejectsMalformed()
    {
        QFETCH(QString, pointer);
        const Result<JsonPointer> parsed = JsonPointer::parse(pointer);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(parsed.error().message.contains(pointer), qPrintable(parsed.error().message));
    }

    void arrayIndexes_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<qsizetype>("index"); // -1: not an index
        QTest::newRow("zero") << QStringLiteral("0") << qsizetype(0);
        QTest::newRow("two digits") << QStringLiteral("12") << qsizetype(12);
        QTest::newRow("leading zero") << QStringLiteral("01") << qsizetype(-1);
        QTest::newRow("negative") << QStringLiteral("-1") << qsizetype(-1);
        QTest::newRow("plus sign") << QStringLiteral("+1") << qsizetype(-1);
        QTest::newRow("append marker") << QStringLiteral("-") << qsizetype(-1);
        QTest::newRow("letters") << QStringLiteral("1a") << qsizetype(-1);
        QTest::newRow("empty") << QString() << qsizetype(-1);
        QTest::newRow("overflowing") << QStringLiteral("99999999999999999999") << qsizetype(-1);
    }

    void arrayIndexes()
    {
        QFETCH(QString, token);
        QFETCH(qsizetype, index);
        QCOMPARE(JsonPointer::arrayIndex(token).value_or(-1), index);
    }

    void prefixes()
    {
        const auto p = [](const char *text) {
            return *JsonPointer::parse(QString::fromUtf8(text));
        };
        QVERIFY(p("/a").isProperPrefixOf(p("/a/b")));
        QVERIFY(p("").isProperPrefixOf(p("/a")));
        QVERIFY(!p("/a").isProperPrefixOf(p("/a")));
        QVERIFY(!p("/a").isProperPrefixOf(p("/ab")));
        QVERIFY(!p("/a/b").isProperPrefixOf(p("/a")));
    }
};

QTEST_GUILESS_MAIN(TestJsonPointer)
#include "tst_jsonpointer.moc"
