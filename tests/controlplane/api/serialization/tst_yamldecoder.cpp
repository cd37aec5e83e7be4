#include "serialization/decodelimits.h"
#include "serialization/jsondecoder.h"
#include "serialization/yamldecoder.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
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

QJsonValue json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QString manifestsDir()
{
    const QByteArray fromEnvironment = qgetenv("FLOTILLA_MANIFESTS_DIR");
    return fromEnvironment.isEmpty() ? QStringLiteral(FLOTILLA_MANIFESTS_DIR)
                                     : QString::fromLocal8Bit(fromEnvironment);
}

QStringList kinds(const QList<QJsonValue> &documents)
{
    QStringList list;
    for (const QJsonValue &document : documents)
        list << document[QLatin1String("kind")].toString();
    return list;
}

} // namespace

class TestYamlDecoder : public QObject
{
    Q_OBJECT

private slots:
    // Values as sigs.k8s.io/yaml turns them into JSON. Choice documented here: `yes`, `on`,
    // `y` and friends are booleans, because kubectl and the apiserver use go-yaml v2
    // (YAML 1.1) and a manifest must mean the same thing against Flotilla as against
    // Kubernetes (`value: yes` in an env var fails there too). Quote them to get strings.
    void values_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QJsonValue>("expected");
        QTest::newRow("true") << QByteArray("v: true") << json(R"({"v":true})");
        QTest::newRow("False") << QByteArray("v: False") << json(R"({"v":false})");
        QTest::newRow("yes is a bool") << QByteArray("v: yes") << json(R"({"v":true})");
        QTest::newRow("no is a bool") << QByteArray("v: no") << json(R"({"v":false})");
        QTest::newRow("on is a bool") << QByteArray("v: on") << json(R"({"v":true})");
        QTest::newRow("quoted yes") << QByteArray("v: 'yes'") << json(R"({"v":"yes"})");
        QTest::newRow("quoted true") << QByteArray("v: \"true\"") << json(R"({"v":"true"})");
        QTest::newRow("yEs is a string") << QByteArray("v: yEs") << json(R"({"v":"yEs"})");
        QTest::newRow("null") << QByteArray("v: null") << json(R"({"v":null})");
        QTest::newRow("tilde") << QByteArray("v: ~") << json(R"({"v":null})");
        QTest::newRow("empty") << QByteArray("v:") << json(R"({"v":null})");
        QTest::newRow("quoted null") << QByteArray("v: 'null'") << json(R"({"v":"null"})");
        QTest::newRow("quoted empty") << QByteArray("v: ''") << json(R"({"v":""})");
        QTest::newRow("int") << QByteArray("v: 1") << json(R"({"v":1})");
        QTest::newRow("quoted int") << QByteArray("v: \"1\"") << json(R"({"v":"1"})");
        QTest::newRow("single-quoted int") << QByteArray("v: '1'") << json(R"({"v":"1"})");
        QTest::newRow("hex") << QByteArray("v: 0x1F") << json(R"({"v":31})");
        QTest::newRow("octal") << QByteArray("v: 0755") << json(R"({"v":493})");
        QTest::newRow("float") << QByteArray("v: 1.5") << json(R"({"v":1.5})");
        QTest::newRow("1e3 is a string") << QByteArray("v: 1e3") << json(R"({"v":"1e3"})");
        QTest::newRow("version") << QByteArray("v: 1.2.3") << json(R"({"v":"1.2.3"})");
        QTest::newRow("quantity") << QByteArray("v: 500m") << json(R"({"v":"500m"})");
        QTest::newRow("!!str") << QByteArray("v: !!str 1") << json(R"({"v":"1"})");
        QTest::newRow("!!str null") << QByteArray("v: !!str null") << json(R"({"v":"null"})");
        QTest::newRow("!!int quoted") << QByteArray("v: !!int '12'") << json(R"({"v":12})");
        QTest::newRow("!!float int") << QByteArray("v: !!float 2") << json(R"({"v":2})");
        QTest::newRow("!!binary") << QByteArray("v: !!binary aGk=") << json(R"({"v":"hi"})");
        QTest::newRow("custom tag") << QByteArray("v: !thing 1") << json(R"({"v":"1"})");
        QTest::newRow("literal block")
            << QByteArray("v: |\n  a\n  b\n") << json("{\"v\":\"a\\nb\\n\"}");
        QTest::newRow("folded block") << QByteArray("v: >-\n  a\n  b\n") << json(R"({"v":"a b"})");
        QTest::newRow("list") << QByteArray("v:\n- 1\n- x\n- [true, ~]\n")
                              << json(R"({"v":[1,"x",[true,null]]})");
        QTest::newRow("flow mapping")
            << QByteArray("v: {a: 1, b: {c: d}}") << json(R"({"v":{"a":1,"b":{"c":"d"}}})");
        QTest::newRow("int key") << QByteArray("80: a") << json(R"({"80":"a"})");
        QTest::newRow("hex key") << QByteArray("0x10: a") << json(R"({"16":"a"})");
        QTest::newRow("bool key") << QByteArray("yes: a") << json(R"({"true":"a"})");
        // The classic surprise: a key named y is the boolean true in YAML 1.1.
        QTest::newRow("y key") << QByteArray("x: 1\ny: 2") << json(R"({"x":1,"true":2})");
        QTest::newRow("float key") << QByteArray("1.5: a") << json(R"({"1.5":"a"})");
        QTest::newRow("quoted key") << QByteArray("'yes': a") << json(R"({"yes":"a"})");
        QTest::newRow("JSON body")
            << QByteArray("{\"a\": 1, \"b\": [true, null, \"x\"], \"c\": {\"d\": \"e\\u00e9\"}}")
            << json(R"({"a":1,"b":[true,null,"x"],"c":{"d":"eé"}})");
        QTest::newRow("alias") << QByteArray("a: &x [1, 2]\nb: *x\n")
                               << json(R"({"a":[1,2],"b":[1,2]})");
        QTest::newRow("merge") << QByteArray("base: &b {x: 1, z: 1}\nd:\n  <<: *b\n  z: 2\n")
                               << json(R"({"base":{"x":1,"z":1},"d":{"x":1,"z":2}})");
        QTest::newRow("merge list, earlier wins")
            << QByteArray("a: &a {x: a}\nb: &b {x: b, z: b}\nd:\n  <<: [*a, *b]\n")
            << json(R"({"a":{"x":"a"},"b":{"x":"b","z":"b"},"d":{"x":"a","z":"b"}})");
        QTest::newRow("explicit key beats merge placed after it")
            << QByteArray("a: &a {x: a}\nd:\n  x: mine\n  <<: *a\n")
            << json(R"({"a":{"x":"a"},"d":{"x":"mine"}})");
        QTest::newRow("quoted << is a key") << QByteArray("'<<': 1") << json(R"({"<<":1})");
    }

    void values()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QJsonValue, expected);
        const Result<DecodedJson> decoded = decodeYaml(yaml);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        QCOMPARE(decoded->value, expected);
        QCOMPARE(decoded->duplicateFields, QStringList());
    }

    void numbersKeepTheirType()
    {
        const Result<DecodedJson> decoded = decodeYaml("i: 3\nf: 3.0\nbig: 9007199254740992\n");
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->value[QLatin1String("i")].toInteger(), 3);
        QCOMPARE(decoded->value[QLatin1String("f")].toDouble(), 3.0);
        QCOMPARE(decoded->value[QLatin1String("big")].toInteger(), Q_INT64_C(9007199254740992));
    }

    void duplicates_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("top level") << QByteArray("a: 1\nb: 2\na: 3\n") << strings({".a"});
        QTest::newRow("labels") << QByteArray("metadata:\n  labels:\n    app: x\n    app: y\n")
                                << strings({".metadata.labels.app"});
        QTest::newRow("list item")
            << QByteArray("spec:\n  containers:\n  - name: a\n  - name: b\n    name: c\n")
            << strings({".spec.containers[1].name"});
        QTest::newRow("same key spelled twice")
            << QByteArray("yes: 1\ntrue: 2\n") << strings({".true"});
        QTest::newRow("int and string key") << QByteArray("80: a\n'80': b\n") << strings({".80"});
        QTest::newRow("JSON body") << QByteArray(R"({"a": {"b": 1, "b": 2}})") << strings({".a.b"});
        QTest::newRow("merge is not a duplicate")
            << QByteArray("b: &b {x: 1}\nd:\n  <<: *b\n  x: 2\n") << QStringList();
    }

    void duplicates()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QStringList, expected);
        const Result<DecodedJson> decoded = decodeYaml(yaml);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        QCOMPARE(decoded->duplicateFields, expected);
    }

    void lastDuplicateWins()
    {
        const Result<DecodedJson> decoded = decodeYaml("spec:\n  replicas: 1\n  replicas: 3\n");
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->value[QLatin1String("spec")][QLatin1String("replicas")].toInteger(), 3);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax") << QByteArray("a: b: c\n")
                                << "malformed YAML (line 1, column 5): illegal map value";
        QTest::newRow("unclosed flow")
            << QByteArray("{a: 1\n")
            << "malformed YAML (line 2, column 1): end of map flow not found";
        QTest::newRow("null key")
            << QByteArray("a:\n  ~: 1\n")
            << "a mapping key at .a is null; JSON object keys must be strings "
               "(line 2, column 3)";
        QTest::newRow("list key") << QByteArray("? [a, b]\n: c\n")
                                  << "a mapping key at the top level is a list; JSON object keys "
                                     "must be strings (line 1, column 3)";
        QTest::newRow("mapping key") << QByteArray("x:\n  ? {a: b}\n  : c\n")
                                     << "a mapping key at .x is a mapping; JSON object keys must "
                                        "be strings (line 2, column 5)";
        QTest::newRow(".inf") << QByteArray("a:\n- .inf\n")
                              << ".inf at .a[0] is not a finite number, which JSON cannot "
                                 "represent; quote it to make it a string (line 2, column 3)";
        QTest::newRow(".nan") << QByteArray("a: .NaN\n")
                              << ".NaN at .a is not a finite number, which JSON cannot "
                                 "represent; quote it to make it a string (line 1, column 4)";
        QTest::newRow("integer beyond 2^53")
            << QByteArray("spec:\n  x: 9007199254740993\n")
            << "integer 9007199254740993 at .spec.x is out of range: only integers up to 2^53 "
               "(9007199254740992) in magnitude are supported (line 2, column 6)";
        QTest::newRow("tag mismatch") << QByteArray("a: !!int abc\n")
                                      << "cannot decode !!str `abc` as a !!int at .a (line 1, "
                                         "column 4)";
        QTest::newRow("bad binary")
            << QByteArray("a: !!binary '***'\n")
            << "!!binary value at .a is not valid base64 (line 1, column 4)";
        QTest::newRow("merge of a scalar")
            << QByteArray("d:\n  <<: 5\n")
            << "the << merge key at .d needs a mapping or a list of mappings (line 2, column 7)";
        QTest::newRow("unknown alias") << QByteArray("a: *nope\n")
                                       << "malformed YAML (line 1, column 4): the referenced "
                                          "anchor is not defined";
        // yaml-cpp 0.7 would start empty documents here forever (found by fuzz_decode).
        QTest::newRow("stray comma") << QByteArray(",")
                                     << "malformed YAML (line 1, column 1): unexpected ',' or "
                                        "flow indicator outside a flow collection";
        QTest::newRow("comma after a flow list")
            << QByteArray("[a],")
            << "malformed YAML (line 1, column 4): unexpected ',' or flow "
               "indicator outside a flow collection";
        QTest::newRow("two documents") << QByteArray("a: 1\n---\nb: 2\n")
                                       << "the YAML body holds 2 documents; send one object per "
                                          "request";
        QTest::newRow("error in a later document")
            << QByteArray("a: 1\n---\nb: .inf\n")
            << "document 2: .inf at .b is not a finite number, which JSON cannot represent; "
               "quote it to make it a string (line 3, column 4)";
    }

    void errors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, message);
        const Result<DecodedJson> decoded = decodeYaml(yaml);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().code, ErrorCode::InvalidArgument);
        QCOMPARE(decoded.error().message, message);
    }

    void emptyBodyIsNull()
    {
        for (const QByteArray &body :
             {QByteArray(), QByteArray("# nothing\n"), QByteArray("---\n")}) {
            const Result<DecodedJson> decoded = decodeYaml(body);
            QVERIFY(decoded.ok());
            QVERIFY(decoded->value.isNull());
        }
    }

    void aliasBombIsRefused()
    {
        // "Billion laughs": 9^9 strings from nine short lines.
        QByteArray yaml = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
        const char names[] = "abcdefghi";
        for (int level = 1; level < 9; ++level) {
            const char name = names[level];
            const char previous = names[level - 1];
            yaml += QByteArray(1, name) + ": &" + name + " [";
            for (int i = 0; i < 9; ++i)
                yaml += QByteArray(i ? ", *" : "*") + previous;
            yaml += "]\n";
        }
        QElapsedTimer timer;
        timer.start();
        const Result<DecodedJson> decoded = decodeYaml(yaml);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().message,
                 QStringLiteral("YAML expands to more than 1000000 values once anchors and "
                                "aliases are resolved; refusing to expand it"));
        QVERIFY2(timer.elapsed() < 30000, "the budget must stop the expansion early");
    }

    void longStringAliasesAreRefused()
    {
        // Few values, but each alias copies a 100 kB string.
        QByteArray yaml = "s: &s " + QByteArray(100 * 1024, 'x') + "\n";
        yaml += "l1: &l1 [*s, *s, *s, *s, *s, *s, *s, *s, *s, *s]\n";
        yaml += "l2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]\n";
        yaml += "l3: [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]\n";
        const Result<DecodedJson> decoded = decodeYaml(yaml);
        QVERIFY(!decoded.ok());
        QVERIFY2(decoded.error().message.contains(QLatin1String("characters once anchors")),
                 qPrintable(decoded.error().message));
    }

    void cyclesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::newRow("list in itself") << QByteArray("&a [*a]\n");
        QTest::newRow("mapping in itself") << QByteArray("&a {x: *a, y: *a}\n");
        QTest::newRow("merge of itself") << QByteArray("&a {<<: *a}\n");
    }

    void cyclesAreRefused()
    {
        QFETCH(QByteArray, yaml);
        const Result<DecodedJson> decoded = decodeYaml(yaml);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(decoded.error().message.startsWith(
                     QLatin1String("a YAML alias refers to a collection that contains it")),
                 qPrintable(decoded.error().message));
    }

    void depthLimit()
    {
        const auto flow = [](int depth) -> QByteArray {
            return QByteArray(depth, '[') + QByteArray(depth, ']');
        };
        QVERIFY(decodeYaml(flow(kMaxNestingDepth)).ok());
        const Result<DecodedJson> tooDeep = decodeYaml(flow(kMaxNestingDepth + 1));
        QVERIFY(!tooDeep.ok());
        QVERIFY2(tooDeep.error().message.startsWith(QLatin1String("YAML nesting deeper than 100")),
                 qPrintable(tooDeep.error().message));
        // yaml-cpp's own recursion guard stops the parser itself.
        const Result<DecodedJson> abusive = decodeYaml(QByteArray(100000, '['));
        QVERIFY(!abusive.ok());
        QVERIFY2(abusive.error().message.startsWith(QLatin1String("YAML nesting too deep")),
                 qPrintable(abusive.error().message));
    }

    void largeMappingIsLinear()
    {
        QByteArray yaml;
        for (int i = 0; i < 50000; ++i)
            yaml += "key" + QByteArray::number(i) + ": " + QByteArray::number(i) + "\n";
        const Result<DecodedJson> decoded = decodeYaml(yaml);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->value.toObject().size(), 50000);
        QCOMPARE(decoded->value[QLatin1String("key49999")].toInteger(), 49999);
    }

    void jsonAndYamlAgree()
    {
        const QByteArray body =
            R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"1"}},)"
            R"("spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]}]}})";
        const Result<DecodedJson> fromJson = decodeJson(body);
        const Result<DecodedJson> fromYaml = decodeYaml(body);
        QVERIFY(fromJson.ok() && fromYaml.ok());
        QCOMPARE(fromYaml->value, fromJson->value);
    }

    void stream()
    {
        const Result<QList<QJsonValue>> documents = decodeYamlStream(
            "---\n---\n# only a comment\n---\nkind: A\n...\n---\nnull\n---\nkind: B\n");
        QVERIFY2(documents.ok(), qPrintable(documents.error().message));
        QCOMPARE(kinds(*documents), (strings({"A", "B"})));

        const Result<QList<DecodedJson>> withDuplicates =
            decodeYamlDocuments("kind: A\n---\nkind: B\nkind: C\n");
        QVERIFY(withDuplicates.ok());
        QCOMPARE(withDuplicates->size(), 2);
        QCOMPARE(withDuplicates->at(1).duplicateFields, strings({".kind"}));
    }

    void streamBudgetSpansDocuments()
    {
        // Each document stays under the budget; together they do not.
        QByteArray document = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        document += "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n";
        document += "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
        document += "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, "
                    "*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        QVERIFY(decodeYamlStream(document).ok());
        QByteArray stream;
        for (int i = 0; i < 40; ++i)
            stream += "---\n" + document;
        const Result<QList<QJsonValue>> decoded = decodeYamlStream(stream);
        QVERIFY(!decoded.ok());
        QVERIFY2(decoded.error().message.contains(QLatin1String("values once anchors")),
                 qPrintable(decoded.error().message));
    }

    void realManifests_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("expectedKinds");
        QTest::newRow("guestbook all-in-one")
            << "web/guestbook/all-in-one/guestbook-all-in-one.yaml"
            << strings({"Service", "Deployment", "Service", "Deployment", "Service", "Deployment"});
        QTest::newRow("cassandra") << "databases/cassandra/cassandra-statefulset.yaml"
                                   << strings({"StatefulSet", "StorageClass"});
        QTest::newRow("prometheus adapter")
            << "AI/vllm-deployment/hpa/prometheus-adapter.yaml"
            << strings({"ServiceAccount", "ClusterRole", "ClusterRoleBinding", "RoleBinding",
                        "ClusterRoleBinding", "ConfigMap", "Deployment", "Service", "APIService"});
    }

    void realManifests()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, expectedKinds);
        const QDir root(manifestsDir() + QStringLiteral("/kubernetes-examples"));
        if (!root.exists())
            QSKIP("the shared manifest corpus is not next to this checkout");
        QFile input(root.filePath(file));
        QVERIFY2(input.open(QIODevice::ReadOnly), qPrintable(input.fileName()));
        const Result<QList<QJsonValue>> documents = decodeYamlStream(input.readAll());
        QVERIFY2(documents.ok(), qPrintable(documents.error().message));
        QCOMPARE(kinds(*documents), expectedKinds);
    }

    void everyManifestDecodes()
    {
        const QDir root(manifestsDir() + QStringLiteral("/kubernetes-examples"));
        if (!root.exists())
            QSKIP("the shared manifest corpus is not next to this checkout");
        int files = 0;
        QDirIterator it(root.path(), {QStringLiteral("*.yaml"), QStringLiteral("*.yml")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile input(path);
            QVERIFY(input.open(QIODevice::ReadOnly));
            const Result<QList<DecodedJson>> documents = decodeYamlDocuments(input.readAll());
            QVERIFY2(documents.ok(),
                     qPrintable(path + QLatin1String(": ") + documents.error().message));
            QVERIFY2(!documents->isEmpty(), qPrintable(path));
            for (const DecodedJson &document : *documents) {
                QVERIFY2(document.value[QLatin1String("kind")].isString(), qPrintable(path));
                QVERIFY2(document.duplicateFields.isEmpty(), qPrintable(path));
            }
            ++files;
        }
        QVERIFY(files >= 30);
    }
};

QTEST_GUILESS_MAIN(TestYamlDecoder)
#include "tst_yamldecoder.moc"
