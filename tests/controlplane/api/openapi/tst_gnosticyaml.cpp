#include "openapi/gnosticyaml.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace flotilla::api;

namespace {

// The tables give values as JSON text; wrapping them in an array lets scalars parse too.
QJsonValue parseJsonValue(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + json + ']', &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", json.constData());
    return document.array().at(0);
}

} // namespace

// Note: the tables avoid raw string literals holding '#' or an escaped quote, which moc
// (Qt 6.4) misparses inside a class body, silently generating no meta-object.
class TestGnosticYaml : public QObject
{
    Q_OBJECT

private slots:
    void emitsYamlV3Layout_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("yaml");

        // Scalars, as gnostic stores default/enum values and scalar extensions.
        QTest::newRow("plain string") << QByteArray(R"("v1")") << QStringLiteral("v1\n");
        QTest::newRow("empty string") << QByteArray(R"("")") << QStringLiteral("\"\"\n");
        QTest::newRow("true") << QByteArray("true") << QStringLiteral("true\n");
        QTest::newRow("false") << QByteArray("false") << QStringLiteral("false\n");
        QTest::newRow("null") << QByteArray("null") << QStringLiteral("null\n");
        QTest::newRow("integer") << QByteArray("5") << QStringLiteral("5\n");
        QTest::newRow("negative integer") << QByteArray("-3") << QStringLiteral("-3\n");
        QTest::newRow("fraction") << QByteArray("1.5") << QStringLiteral("1.5\n");
        QTest::newRow("empty object") << QByteArray("{}") << QStringLiteral("{}\n");
        QTest::newRow("empty array") << QByteArray("[]") << QStringLiteral("[]\n");

        // Strings a YAML reader would not read back as the same string are quoted.
        QTest::newRow("bool word") << QByteArray(R"("true")") << QStringLiteral("\"true\"\n");
        QTest::newRow("yaml 1.1 bool word")
            << QByteArray(R"("Yes")") << QStringLiteral("\"Yes\"\n");
        QTest::newRow("null word") << QByteArray(R"("null")") << QStringLiteral("\"null\"\n");
        QTest::newRow("tilde") << QByteArray(R"("~")") << QStringLiteral("\"~\"\n");
        QTest::newRow("number text") << QByteArray(R"("1.27")") << QStringLiteral("\"1.27\"\n");
        QTest::newRow("signed number text") << QByteArray(R"("-1")") << QStringLiteral("\"-1\"\n");
        QTest::newRow("dot number text") << QByteArray(R"(".5")") << QStringLiteral("\".5\"\n");
        QTest::newRow("date text")
            << QByteArray(R"("2024-01-01")") << QStringLiteral("\"2024-01-01\"\n");
        QTest::newRow("ref pointer")
            << QByteArray("\"#/definitions/a.B\"") << QStringLiteral("\"#/definitions/a.B\"\n");
        QTest::newRow("colon space") << QByteArray(R"("a: b")") << QStringLiteral("\"a: b\"\n");
        QTest::newRow("trailing colon") << QByteArray(R"("a:")") << QStringLiteral("\"a:\"\n");
        QTest::newRow("space hash") << QByteArray("\"a #b\"") << QStringLiteral("\"a #b\"\n");
        QTest::newRow("leading dash") << QByteArray(R"("-x")") << QStringLiteral("\"-x\"\n");
        QTest::newRow("leading space") << QByteArray(R"(" x")") << QStringLiteral("\" x\"\n");
        QTest::newRow("newline") << QByteArray(R"("a\nb")") << QStringLiteral("\"a\\nb\"\n");
        QTest::newRow("leading quote, backslash")
            << QByteArray("\"\\\"hi\\\" \\\\ bye\"") << QStringLiteral("\"\\\"hi\\\" \\\\ bye\"\n");
        // Inside a plain scalar quotes and backslashes have no special meaning.
        QTest::newRow("inner quote plain")
            << QByteArray("\"say \\\"hi\\\"\"") << QStringLiteral("say \"hi\"\n");
        QTest::newRow("yaml 1.1 y") << QByteArray("\"y\"") << QStringLiteral("\"y\"\n");
        QTest::newRow("control character")
            << QByteArray(R"("a\u0001b")") << QStringLiteral("\"a\\u0001b\"\n");
        QTest::newRow("non-ascii kept raw")
            << QByteArray(R"("caf\u00e9")")
            << (QStringLiteral("\"caf") + QChar(0xe9) + QStringLiteral("\"\n"));
        QTest::newRow("line separator escaped")
            << QByteArray(R"("a\u2028b")") << QStringLiteral("\"a\\u2028b\"\n");
        QTest::newRow("inner colon plain") << QByteArray(R"("a:b")") << QStringLiteral("a:b\n");
        QTest::newRow("dashed word plain") << QByteArray(R"("x-kubernetes-list-type")")
                                           << QStringLiteral("x-kubernetes-list-type\n");
        QTest::newRow("path plain") << QByteArray(R"("/api/v1")") << QStringLiteral("/api/v1\n");

        // Collections, in the shapes Kubernetes' vendor extensions take.
        QTest::newRow("operation gvk") // matches kube-apiserver's bytes exactly
            << QByteArray(R"({"group":"","kind":"Pod","version":"v1"})")
            << QStringLiteral("group: \"\"\nkind: Pod\nversion: v1\n");
        QTest::newRow("definition gvk list")
            << QByteArray(R"([{"group":"apps","kind":"Deployment","version":"v1"}])")
            << QStringLiteral("- group: apps\n  kind: Deployment\n  version: v1\n");
        QTest::newRow("two gvks")
            << QByteArray(
                   R"([{"group":"","kind":"A","version":"v1"},{"group":"b","kind":"B","version":"v2"}])")
            << QStringLiteral("- group: \"\"\n  kind: A\n  version: v1\n"
                              "- group: b\n  kind: B\n  version: v2\n");
        QTest::newRow("list map keys") << QByteArray(R"(["containerPort","protocol"])")
                                       << QStringLiteral("- containerPort\n- protocol\n");
        QTest::newRow("nested mapping")
            << QByteArray(R"({"a":{"b":1}})") << QStringLiteral("a:\n    b: 1\n");
        QTest::newRow("sequence in mapping")
            << QByteArray(R"({"a":["x","z"]})") << QStringLiteral("a:\n    - x\n    - z\n");
        QTest::newRow("empty collections in mapping")
            << QByteArray(R"({"a":{},"b":[]})") << QStringLiteral("a: {}\nb: []\n");
        QTest::newRow("unions")
            << QByteArray(
                   R"([{"discriminator":"type","fields-to-discriminateBy":{"exec":"Exec","tcp":"TCP"}}])")
            << QStringLiteral("- discriminator: type\n  fields-to-discriminateBy:\n"
                              "    exec: Exec\n    tcp: TCP\n");
        QTest::newRow("sequence in sequence item mapping")
            << QByteArray(R"([{"keys":["a"]}])") << QStringLiteral("- keys:\n    - a\n");
        QTest::newRow("sequence of sequences")
            << QByteArray("[[1,2],[3]]") << QStringLiteral("- - 1\n  - 2\n- - 3\n");
        QTest::newRow("quoted key")
            << QByteArray(R"({"1":"x","":"z"})") << QStringLiteral("\"\": z\n\"1\": x\n");
    }

    void emitsYamlV3Layout()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, yaml);
        QCOMPARE(toGnosticYaml(parseJsonValue(json)), yaml);
    }
};

QTEST_GUILESS_MAIN(TestGnosticYaml)
#include "tst_gnosticyaml.moc"
