#include "serialization/decodelimits.h"
#include "serialization/jsondecoder.h"
#include "serialization/jsonscanner.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace flotilla;
using namespace flotilla::api;

namespace {

// The project builds with QT_NO_CAST_FROM_ASCII; test tables spell lists as literals.
QStringList strings(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list << QString::fromUtf8(item);
    return list;
}

QByteArray nested(int depth)
{
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

} // namespace

class TestJsonDecoder : public QObject
{
    Q_OBJECT

private slots:
    void duplicates_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("none") << QByteArray(R"({"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]})")
                              << QStringList();
        QTest::newRow("top level") << QByteArray(R"({"a":1,"a":2})") << strings({".a"});
        QTest::newRow("three times, reported once")
            << QByteArray(R"({"a":1,"a":2,"a":3})") << strings({".a"});
        QTest::newRow("labels")
            << QByteArray(R"({"metadata":{"name":"x","labels":{"app":"a","tier":"b","app":"c"}}})")
            << strings({".metadata.labels.app"});
        QTest::newRow("array element")
            << QByteArray(
                   R"({"spec":{"containers":[{"name":"a"},{"name":"b","image":"i","name":"c"}]}})")
            << strings({".spec.containers[1].name"});
        QTest::newRow("array of arrays")
            << QByteArray(R"({"a":[[],[{"k":1}],[{"k":1},{"k":1,"k":2}]]})")
            << strings({".a[2][1].k"});
        QTest::newRow("top-level array")
            << QByteArray(R"([{"a":1},{"a":1,"a":1}])") << strings({"[1].a"});
        QTest::newRow("deep")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"env":[{"name":"A","value":"1","value":"2"}]}]}}}})")
            << strings({".spec.template.spec.containers[0].env[0].value"});
        QTest::newRow("several, in document order")
            << QByteArray(R"({"b":{"y":1,"y":2},"a":1,"a":2})") << strings({".b.y", ".a"});
        QTest::newRow("inside a repeated key")
            << QByteArray(R"({"a":{"b":1},"a":{"b":2,"b":3}})") << strings({".a", ".a.b"});
        QTest::newRow("escaped letter") << QByteArray("{\"a\":1,\"\\u0061\":2}") << strings({".a"});
        QTest::newRow("escaped quote")
            << QByteArray("{\"a\\\"b\":1,\"a\\u0022b\":2}") << strings({".a\"b"});
        QTest::newRow("escaped slash")
            << QByteArray("{\"a/b\":1,\"a\\/b\":2}") << strings({".a/b"});
        QTest::newRow("surrogate pair vs raw UTF-8")
            << QByteArray("{\"\xF0\x9F\x98\x80\":1,\"\\ud83d\\ude00\":2}")
            << QStringList{QStringLiteral(".") + QString::fromUtf8("\xF0\x9F\x98\x80")};
        QTest::newRow("case differs: not a duplicate")
            << QByteArray(R"({"name":1,"Name":2})") << QStringList();
        QTest::newRow("key text inside a string value")
            << QByteArray("{\"a\":\"\\\"a\\\": 1, \\\\\",\"b\":1}") << QStringList();
        QTest::newRow("empty key twice") << QByteArray(R"({"":1,"":2})") << strings({"."});
        QTest::newRow("whitespace everywhere")
            << QByteArray(" {\n\t\"a\" :\r 1 ,\n \"a\" : [ ] } \n") << strings({".a"});
        QTest::newRow("byte order mark")
            << QByteArray("\xEF\xBB\xBF{\"a\":1,\"a\":2}") << strings({".a"});
    }

    void duplicates()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, expected);
        const Result<DecodedJson> decoded = decodeJson(body);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        QCOMPARE(decoded->duplicateFields, expected);
    }

    void lastDuplicateWins()
    {
        // Go's decoder overwrites earlier occurrences; the stored object must match.
        const Result<DecodedJson> decoded = decodeJson(R"({"spec":{"replicas":1,"replicas":3}})");
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->value[QLatin1String("spec")][QLatin1String("replicas")].toInteger(), 3);
    }

    void duplicateReportsAreCapped()
    {
        QByteArray body = "{";
        for (int i = 0; i < 300; ++i)
            body += "\"o" + QByteArray::number(i) + "\":{\"k\":1,\"k\":2},";
        body += "\"end\":0}";
        const Result<DecodedJson> decoded = decodeJson(body);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->duplicateFields.size(), kMaxReportedProblems);
    }

    void integers_data()
    {
        QTest::addColumn<QByteArray>("number");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("2^53") << QByteArray("9007199254740992") << true;
        QTest::newRow("-2^53") << QByteArray("-9007199254740992") << true;
        QTest::newRow("2^53+1") << QByteArray("9007199254740993") << false;
        QTest::newRow("-(2^53+1)") << QByteArray("-9007199254740993") << false;
        QTest::newRow("2^63") << QByteArray("9223372036854775808") << false;
        QTest::newRow("twenty digits") << QByteArray("12345678901234567890") << false;
        QTest::newRow("small") << QByteArray("42") << true;
        QTest::newRow("zero") << QByteArray("0") << true;
        QTest::newRow("negative zero") << QByteArray("-0") << true;
        // Literals with a fraction or an exponent are floating point by nature.
        QTest::newRow("float beyond 2^53") << QByteArray("9007199254740993.0") << true;
        QTest::newRow("exponent") << QByteArray("1e20") << true;
        QTest::newRow("huge float") << QByteArray("1.5e300") << true;
    }

    void integers()
    {
        QFETCH(QByteArray, number);
        QFETCH(bool, accepted);
        const Result<DecodedJson> decoded =
            decodeJson(R"({"spec":{"items":[1,{"x":)" + number + "}]}}");
        QCOMPARE(decoded.ok(), accepted);
        if (accepted) {
            QCOMPARE(
                decoded->value[QLatin1String("spec")][QLatin1String("items")][1][QLatin1String("x")]
                    .toDouble(),
                number.toDouble());
        } else {
            QCOMPARE(decoded.error().code, ErrorCode::InvalidArgument);
            QCOMPARE(decoded.error().message,
                     QStringLiteral("integer %1 at .spec.items[1].x is out of range: only "
                                    "integers up to 2^53 (9007199254740992) in magnitude are "
                                    "supported")
                         .arg(QString::fromLatin1(number)));
        }
    }

    void exactIntegersStayExact()
    {
        const Result<DecodedJson> decoded = decodeJson(R"({"a":9007199254740991,"b":-42})");
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->value[QLatin1String("a")].toInteger(), Q_INT64_C(9007199254740991));
        QCOMPARE(decoded->value[QLatin1String("b")].toInteger(), -42);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << "empty body: expected a JSON object";
        QTest::newRow("blank") << QByteArray(" \n") << "empty body: expected a JSON object";
        QTest::newRow("unterminated object")
            << QByteArray(R"({"a":1)")
            << "malformed JSON at offset 6: invalid termination by number";
        QTest::newRow("trailing comma")
            << QByteArray(R"({"a":1,})")
            << "malformed JSON at offset 8: object is missing after a comma";
        QTest::newRow("missing value")
            << QByteArray(R"({"a":})")
            << "malformed JSON at offset 6: object is missing after a comma";
        QTest::newRow("garbage after")
            << QByteArray(R"({} x)")
            << "malformed JSON at offset 3: garbage at the end of the document";
        QTest::newRow("yaml") << QByteArray("a: 1\n")
                              << "malformed JSON at offset 1: illegal value";
        QTest::newRow("leading zero")
            << QByteArray(R"({"a":01})") << "malformed JSON at offset 7: unterminated object";
        QTest::newRow("invalid UTF-8")
            << QByteArray("{\"a\":\"\xff\"}") << "malformed JSON at offset 6: invalid UTF8 string";
        QTest::newRow("scalar at the top")
            << QByteArray("42") << "malformed JSON at offset 1: illegal value";
        QTest::newRow("number overflowing a double")
            << QByteArray(R"({"a":1e400})") << "malformed JSON at offset 10: illegal number";
    }

    void malformed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        const Result<DecodedJson> decoded = decodeJson(body);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().code, ErrorCode::InvalidArgument);
        QCOMPARE(decoded.error().message, message);
    }

    void depthLimit()
    {
        QVERIFY(decodeJson(nested(kMaxNestingDepth)).ok());
        const Result<DecodedJson> tooDeep = decodeJson(nested(kMaxNestingDepth + 1));
        QVERIFY(!tooDeep.ok());
        QCOMPARE(tooDeep.error().message,
                 QStringLiteral("JSON nesting deeper than 100 levels at offset 100"));
        // Far deeper than Qt's own limit: refused by Qt's parser, without recursion.
        const Result<DecodedJson> abusive = decodeJson(nested(200000));
        QVERIFY(!abusive.ok());
        QVERIFY(abusive.error().message.startsWith(QLatin1String("malformed JSON at offset")));
    }

    void largeObjectIsLinear()
    {
        QByteArray body = "{";
        for (int i = 0; i < 200000; ++i)
            body += "\"key" + QByteArray::number(i) + "\":" + QByteArray::number(i) + ",";
        body += "\"key0\":-1}";
        const Result<DecodedJson> decoded = decodeJson(body);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->duplicateFields, strings({".key0"}));
        QCOMPARE(decoded->value.toObject().size(), 200000);
    }

    // The scanner runs after Qt accepted the bytes, but must hold up on anything.
    void scannerRejectsBrokenInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("open object") << QByteArray("{");
        QTest::newRow("open string") << QByteArray("{\"a");
        QTest::newRow("dangling escape") << QByteArray("{\"a\\");
        QTest::newRow("short unicode escape") << QByteArray("{\"\\u12");
        QTest::newRow("bad unicode escape") << QByteArray("{\"\\u12zz\":1}");
        QTest::newRow("bad escape") << QByteArray("{\"\\q\":1}");
        QTest::newRow("no colon") << QByteArray(R"({"a" 1})");
        QTest::newRow("bare minus") << QByteArray(R"([-])");
        QTest::newRow("bad fraction") << QByteArray(R"([1.])");
        QTest::newRow("bad exponent") << QByteArray(R"([1e+])");
        QTest::newRow("bad literal") << QByteArray(R"([tru])");
        QTest::newRow("mismatched close") << QByteArray(R"({"a":1])");
        QTest::newRow("two values") << QByteArray(R"({}{})");
        QTest::newRow("key not a string") << QByteArray(R"({1:2})");
    }

    void scannerRejectsBrokenInput()
    {
        QFETCH(QByteArray, body);
        const Result<QStringList> scanned = scanJsonStructure(body);
        QVERIFY(!scanned.ok());
        QCOMPARE(scanned.error().code, ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestJsonDecoder)
#include "tst_jsondecoder.moc"
