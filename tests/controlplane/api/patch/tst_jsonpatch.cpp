#include "patch/jsonpatch.h"
#include "patch/patchlimits.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace flotilla;
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

class TestJsonPatch : public QObject
{
    Q_OBJECT

private slots:
    // The cases of RFC 6902 appendix A, restated with other values, and Kubernetes uses.
    void applies_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<QByteArray>("operations");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("add member")
            << QByteArray(R"({"kind":"Pod"})")
            << QByteArray(R"([{"op":"add","path":"/apiVersion","value":"v1"}])")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod"})");
        QTest::newRow("add element")
            << QByteArray(R"({"args":["-a","-c"]})")
            << QByteArray(R"([{"op":"add","path":"/args/1","value":"-b"}])")
            << QByteArray(R"({"args":["-a","-b","-c"]})");
        QTest::newRow("add appends with -")
            << QByteArray(R"({"args":["-a"]})")
            << QByteArray(R"([{"op":"add","path":"/args/-","value":"-z"}])")
            << QByteArray(R"({"args":["-a","-z"]})");
        QTest::newRow("add at the end index")
            << QByteArray(R"({"args":["-a"]})")
            << QByteArray(R"([{"op":"add","path":"/args/1","value":"-z"}])")
            << QByteArray(R"({"args":["-a","-z"]})");
        QTest::newRow("add replaces existing member")
            << QByteArray(R"({"spec":{"replicas":1}})")
            << QByteArray(R"([{"op":"add","path":"/spec/replicas","value":3}])")
            << QByteArray(R"({"spec":{"replicas":3}})");
        QTest::newRow("add nested object")
            << QByteArray(R"({"metadata":{"name":"x"}})")
            << QByteArray(R"([{"op":"add","path":"/metadata/labels","value":{"app":"web"}}])")
            << QByteArray(R"({"metadata":{"labels":{"app":"web"},"name":"x"}})");
        QTest::newRow("add an array as one element")
            << QByteArray(R"({"m":["a"]})")
            << QByteArray(R"([{"op":"add","path":"/m/-","value":["b","c"]}])")
            << QByteArray(R"({"m":["a",["b","c"]]})");
        QTest::newRow("remove member")
            << QByteArray(R"({"a":1,"b":2})") << QByteArray(R"([{"op":"remove","path":"/b"}])")
            << QByteArray(R"({"a":1})");
        QTest::newRow("remove element")
            << QByteArray(R"({"l":["x","y","z"]})")
            << QByteArray(R"([{"op":"remove","path":"/l/1"}])") << QByteArray(R"({"l":["x","z"]})");
        QTest::newRow("replace member")
            << QByteArray(R"({"spec":{"replicas":1,"paused":false}})")
            << QByteArray(R"([{"op":"replace","path":"/spec/replicas","value":5}])")
            << QByteArray(R"({"spec":{"paused":false,"replicas":5}})");
        QTest::newRow("replace with null")
            << QByteArray(R"({"a":1})")
            << QByteArray(R"([{"op":"replace","path":"/a","value":null}])")
            << QByteArray(R"({"a":null})");
        QTest::newRow("replace whole document")
            << QByteArray(R"({"a":1})")
            << QByteArray(R"([{"op":"replace","path":"","value":{"b":2}}])")
            << QByteArray(R"({"b":2})");
        QTest::newRow("move member")
            << QByteArray(R"({"from":{"k":"v","keep":1},"to":{"other":2}})")
            << QByteArray(R"([{"op":"move","from":"/from/k","path":"/to/k"}])")
            << QByteArray(R"({"from":{"keep":1},"to":{"k":"v","other":2}})");
        QTest::newRow("move element")
            << QByteArray(R"({"l":["a","b","c","d"]})")
            << QByteArray(R"([{"op":"move","from":"/l/1","path":"/l/3"}])")
            << QByteArray(R"({"l":["a","c","d","b"]})");
        QTest::newRow("move onto itself")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"move","from":"/a","path":"/a"}])")
            << QByteArray(R"({"a":1})");
        QTest::newRow("copy") << QByteArray(R"({"a":{"x":[1]}})")
                              << QByteArray(R"([{"op":"copy","from":"/a","path":"/b"}])")
                              << QByteArray(R"({"a":{"x":[1]},"b":{"x":[1]}})");
        QTest::newRow("copy the document into itself")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"copy","from":"","path":"/self"}])")
            << QByteArray(R"({"a":1,"self":{"a":1}})");
        QTest::newRow("test passes") << QByteArray(R"({"s":"t","n":[1,{"x":2}]})")
                                     << QByteArray(R"([{"op":"test","path":"/s","value":"t"},
                                                      {"op":"test","path":"/n","value":[1.0,{"x":2}]}])")
                                     << QByteArray(R"({"n":[1,{"x":2}],"s":"t"})");
        QTest::newRow("test then replace")
            << QByteArray(R"({"metadata":{"resourceVersion":"7"}})")
            << QByteArray(R"([{"op":"test","path":"/metadata/resourceVersion","value":"7"},
                                                            {"op":"replace","path":"/metadata/resourceVersion","value":"8"}])")
            << QByteArray(R"({"metadata":{"resourceVersion":"8"}})");
        QTest::newRow("escaped names") << QByteArray(R"({"a/b":1,"m~n":2})")
                                       << QByteArray(R"([{"op":"test","path":"/a~1b","value":1},
                                                        {"op":"remove","path":"/m~0n"}])")
                                       << QByteArray(R"({"a/b":1})");
        QTest::newRow("member named empty")
            << QByteArray(R"({"":0})") << QByteArray(R"([{"op":"replace","path":"/","value":1}])")
            << QByteArray(R"({"":1})");
        QTest::newRow("unknown members are ignored")
            << QByteArray(R"({"a":1})")
            << QByteArray(R"([{"op":"add","path":"/b","value":2,"comment":"x","from":"/nope"}])")
            << QByteArray(R"({"a":1,"b":2})");
        QTest::newRow("empty patch")
            << QByteArray(R"({"a":1})") << QByteArray("[]") << QByteArray(R"({"a":1})");
        // kubectl rollout undo: the previous ReplicaSet's template and annotations.
        QTest::newRow("kubectl rollout undo")
            << QByteArray(
                   R"({"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"2"}},
                             "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}})")
            << QByteArray(
                   R"([{"op":"replace","path":"/spec/template","value":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}},
                             {"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"1"}}])")
            << QByteArray(
                   R"({"metadata":{"annotations":{"deployment.kubernetes.io/revision":"1"},"name":"web"},
                             "spec":{"replicas":2,"template":{"spec":{"containers":[{"image":"nginx:1.25","name":"nginx"}]}}}})");
    }

    void applies()
    {
        QFETCH(QByteArray, document);
        QFETCH(QByteArray, operations);
        QFETCH(QByteArray, expected);
        const Result<QJsonValue> patched =
            applyJsonPatch(parse(document), parse(operations).toArray());
        QVERIFY2(patched.ok(), qPrintable(patched.error().toString()));
        QCOMPARE(compact(*patched), compact(parse(expected)));
    }

    void fails_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<QByteArray>("operations");
        QTest::addColumn<QString>("message");
        QTest::newRow("names index, op and path")
            << QByteArray(R"({"a":1})")
            << QByteArray(R"([{"op":"remove","path":"/a"},{"op":"remove","path":"/spec/x"}])")
            << QStringLiteral(
                   "JSON patch operation 1 (remove at \"/spec/x\"): \"/spec\" does not exist");
        QTest::newRow("test fails") << QByteArray(R"({"n":"10"})")
                                    << QByteArray(R"([{"op":"test","path":"/n","value":10}])")
                                    << QStringLiteral("test failed: \"/n\" is \"10\", not 10");
        QTest::newRow("test on missing path")
            << QByteArray(R"({})") << QByteArray(R"([{"op":"test","path":"/n","value":1}])")
            << QStringLiteral("\"/n\" does not exist");
        QTest::newRow("add index out of range")
            << QByteArray(R"({"l":[1,2]})")
            << QByteArray(R"([{"op":"add","path":"/l/3","value":0}])")
            << QStringLiteral("\"/l/3\": index 3 is out of range for an array of 2 elements");
        QTest::newRow("remove index out of range")
            << QByteArray(R"({"l":[1,2]})") << QByteArray(R"([{"op":"remove","path":"/l/2"}])")
            << QStringLiteral("index 2 is out of range");
        QTest::newRow("leading zero")
            << QByteArray(R"({"l":[1,2]})")
            << QByteArray(R"([{"op":"replace","path":"/l/01","value":0}])")
            << QStringLiteral("\"01\" is not a valid array index");
        QTest::newRow("negative index")
            << QByteArray(R"({"l":[1,2]})") << QByteArray(R"([{"op":"remove","path":"/l/-1"}])")
            << QStringLiteral("\"-1\" is not a valid array index");
        QTest::newRow("remove -") << QByteArray(R"({"l":[1]})")
                                  << QByteArray(R"([{"op":"remove","path":"/l/-"}])")
                                  << QStringLiteral("\"-\" is not a valid array index");
        QTest::newRow("pointer without slash")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"remove","path":"a"}])")
            << QStringLiteral("invalid JSON pointer \"a\"");
        QTest::newRow("bad escape")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"remove","path":"/a~2"}])")
            << QStringLiteral("\"~\" must be followed by 0 or 1");
        QTest::newRow("remove missing member")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"remove","path":"/b"}])")
            << QStringLiteral("\"/b\" does not exist");
        QTest::newRow("replace missing member")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"replace","path":"/b","value":2}])")
            << QStringLiteral("\"/b\" does not exist");
        QTest::newRow("add below missing parent")
            << QByteArray(R"({"a":1})")
            << QByteArray(R"([{"op":"add","path":"/missing/x","value":2}])")
            << QStringLiteral("\"/missing\" does not exist");
        QTest::newRow("through a scalar")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"add","path":"/a/x","value":2}])")
            << QStringLiteral("\"/a\" is neither an object nor an array");
        QTest::newRow("move from missing")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"move","from":"/b","path":"/c"}])")
            << QStringLiteral("\"/b\" does not exist");
        QTest::newRow("move into own child")
            << QByteArray(R"({"a":{"b":1}})")
            << QByteArray(R"([{"op":"move","from":"/a","path":"/a/b/c"}])")
            << QStringLiteral("\"/a\" cannot be moved into itself");
        QTest::newRow("remove whole document")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"remove","path":""}])")
            << QStringLiteral("the whole document cannot be removed");
        QTest::newRow("unknown op")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"merge","path":"/a"}])")
            << QStringLiteral("unknown op \"merge\"");
        QTest::newRow("missing op") << QByteArray(R"({"a":1})") << QByteArray(R"([{"path":"/a"}])")
                                    << QStringLiteral("JSON patch operation 0: \"op\" is missing");
        QTest::newRow("missing path")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"remove"}])")
            << QStringLiteral("(remove): \"path\" is missing or not a string");
        QTest::newRow("missing value")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"add","path":"/b"}])")
            << QStringLiteral("\"value\" is missing");
        QTest::newRow("missing from")
            << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"copy","path":"/b"}])")
            << QStringLiteral("\"from\" is missing or not a string");
        QTest::newRow("operation not an object")
            << QByteArray(R"({"a":1})") << QByteArray(R"([1])")
            << QStringLiteral("JSON patch operation 0: not an object");
    }

    void fails()
    {
        QFETCH(QByteArray, document);
        QFETCH(QByteArray, operations);
        QFETCH(QString, message);
        const Result<QJsonValue> patched =
            applyJsonPatch(parse(document), parse(operations).toArray());
        QVERIFY(!patched.ok());
        QCOMPARE(patched.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(patched.error().message.contains(message), qPrintable(patched.error().message));
    }

    void leavesTheInputAlone()
    {
        const QJsonValue document = parse(R"({"spec":{"l":[1,2,3]}})");
        const QByteArray before = compact(document);
        const Result<QJsonValue> patched =
            applyJsonPatch(document, parse(R"([{"op":"remove","path":"/spec/l/0"},
                                              {"op":"add","path":"/spec/x","value":1}])")
                                         .toArray());
        QVERIFY(patched.ok());
        QCOMPARE(compact(document), before);
        QCOMPARE(compact(*patched), QByteArray(R"({"spec":{"l":[2,3],"x":1}})"));
    }

    void copyCannotExplode()
    {
        // Each copy of the whole document into itself doubles it: 40 of them would ask
        // for a trillion values.
        QJsonArray operations;
        for (int i = 0; i < 40; ++i) {
            operations.append(QJsonObject{{QStringLiteral("op"), QStringLiteral("copy")},
                                          {QStringLiteral("from"), QString()},
                                          {QStringLiteral("path"), QStringLiteral("/c%1").arg(i)}});
        }
        const Result<QJsonValue> patched = applyJsonPatch(parse(R"({"a":[1,2,3,4]})"), operations);
        QVERIFY(!patched.ok());
        QVERIFY2(patched.error().message.contains(QStringLiteral("would exceed the limits")),
                 qPrintable(patched.error().message));
    }

    void boundsTheNumberOfOperations()
    {
        const QJsonObject test{{QStringLiteral("op"), QStringLiteral("test")},
                               {QStringLiteral("path"), QString()},
                               {QStringLiteral("value"), QJsonObject()}};
        QJsonArray operations;
        for (qsizetype i = 0; i < kMaxJsonPatchOperations; ++i)
            operations.append(test);
        QVERIFY(applyJsonPatch(QJsonObject(), operations).ok());
        operations.append(test);
        const Result<QJsonValue> tooMany = applyJsonPatch(QJsonObject(), operations);
        QVERIFY(!tooMany.ok());
        QVERIFY(tooMany.error().message.contains(QStringLiteral("at most 10000 operations")));
    }
};

QTEST_GUILESS_MAIN(TestJsonPatch)
#include "tst_jsonpatch.moc"
