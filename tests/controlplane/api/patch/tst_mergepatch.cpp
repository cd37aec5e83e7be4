#include "patch/mergepatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace flotilla::api;

namespace {

// Test JSON is written as text; wrapping it in [] lets scalars parse too.
QJsonValue parse(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + text + "]", &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON %s: %s", text.constData(), qPrintable(error.errorString()));
    return document.array().first();
}

QByteArray compact(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

} // namespace

class TestMergePatch : public QObject
{
    Q_OBJECT

private slots:
    // The examples of RFC 7386 appendix A, restated with other values, and kubectl's.
    void applies_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("change member") << QByteArray(R"({"k":"v"})") << QByteArray(R"({"k":"w"})")
                                       << QByteArray(R"({"k":"w"})");
        QTest::newRow("add member") << QByteArray(R"({"k":"v"})") << QByteArray(R"({"n":"w"})")
                                    << QByteArray(R"({"k":"v","n":"w"})");
        QTest::newRow("delete only member")
            << QByteArray(R"({"k":"v"})") << QByteArray(R"({"k":null})") << QByteArray("{}");
        QTest::newRow("delete one member")
            << QByteArray(R"({"k":"v","n":"w"})") << QByteArray(R"({"k":null})")
            << QByteArray(R"({"n":"w"})");
        QTest::newRow("array replaced by scalar")
            << QByteArray(R"({"k":["v"]})") << QByteArray(R"({"k":"w"})")
            << QByteArray(R"({"k":"w"})");
        QTest::newRow("scalar replaced by array")
            << QByteArray(R"({"k":"w"})") << QByteArray(R"({"k":["v"]})")
            << QByteArray(R"({"k":["v"]})");
        QTest::newRow("nested change and delete")
            << QByteArray(R"({"k":{"x":"1"}})") << QByteArray(R"({"k":{"x":"2","y":null}})")
            << QByteArray(R"({"k":{"x":"2"}})");
        QTest::newRow("array of objects replaced")
            << QByteArray(R"({"k":[{"x":"1"}]})") << QByteArray(R"({"k":[7]})")
            << QByteArray(R"({"k":[7]})");
        QTest::newRow("array replaced by array")
            << QByteArray(R"(["p","q"])") << QByteArray(R"(["r","s"])")
            << QByteArray(R"(["r","s"])");
        QTest::newRow("object replaced by array")
            << QByteArray(R"({"k":"v"})") << QByteArray(R"(["r"])") << QByteArray(R"(["r"])");
        QTest::newRow("null patch replaces")
            << QByteArray(R"({"k":"v"})") << QByteArray("null") << QByteArray("null");
        QTest::newRow("scalar patch replaces")
            << QByteArray(R"({"k":"v"})") << QByteArray(R"("s")") << QByteArray(R"("s")");
        QTest::newRow("null in target is kept")
            << QByteArray(R"({"e":null})") << QByteArray(R"({"a":1})")
            << QByteArray(R"({"a":1,"e":null})");
        QTest::newRow("non-object target becomes object")
            << QByteArray(R"([1,2])") << QByteArray(R"({"a":"b","c":null})")
            << QByteArray(R"({"a":"b"})");
        QTest::newRow("nulls vanish from new members")
            << QByteArray("{}") << QByteArray(R"({"a":{"bb":{"ccc":null}}})")
            << QByteArray(R"({"a":{"bb":{}}})");
        QTest::newRow("nulls inside arrays are data")
            << QByteArray("{}") << QByteArray(R"({"a":[null,{"b":null}]})")
            << QByteArray(R"({"a":[null,{"b":null}]})");
        // kubectl scale against /scale, and a label removal with merge patch.
        QTest::newRow("kubectl scale")
            << QByteArray(R"({"kind":"Scale","spec":{"replicas":1},"status":{"replicas":1}})")
            << QByteArray(R"({"spec":{"replicas":3}})")
            << QByteArray(R"({"kind":"Scale","spec":{"replicas":3},"status":{"replicas":1}})");
        QTest::newRow("label removal")
            << QByteArray(R"({"metadata":{"labels":{"app":"web","tier":"front"}}})")
            << QByteArray(R"({"metadata":{"labels":{"tier":null}}})")
            << QByteArray(R"({"metadata":{"labels":{"app":"web"}}})");
        // A JSON merge patch has no directives: "$patch" is just a member name here.
        QTest::newRow("no directives")
            << QByteArray(R"({"m":{"a":1}})") << QByteArray(R"({"m":{"$patch":"delete"}})")
            << QByteArray(R"({"m":{"$patch":"delete","a":1}})");
    }

    void applies()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, patch);
        QFETCH(QByteArray, expected);
        QCOMPARE(compact(applyMergePatch(parse(target), parse(patch))), compact(parse(expected)));
    }

    void deepPatchesDoNotExhaustTheStack()
    {
        // Far deeper than any parser would accept; the merge is iterative.
        constexpr int kDepth = 3000;
        QJsonObject patch{{QStringLiteral("leaf"), 1}, {QStringLiteral("gone"), QJsonValue()}};
        for (int i = 0; i < kDepth; ++i)
            patch = QJsonObject{{QStringLiteral("k"), patch}};
        const QJsonValue merged = applyMergePatch(QJsonObject(), patch);
        QJsonValue walk = merged;
        for (int i = 0; i < kDepth; ++i)
            walk = walk.toObject().value(QStringLiteral("k"));
        QCOMPARE(walk.toObject(), QJsonObject({{QStringLiteral("leaf"), 1}}));
    }
};

QTEST_GUILESS_MAIN(TestMergePatch)
#include "tst_mergepatch.moc"
