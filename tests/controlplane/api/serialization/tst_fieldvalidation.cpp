#include "schema/apischema.h"
#include "serialization/decodelimits.h"
#include "serialization/fieldvalidation.h"
#include "serialization/jsondecoder.h"
#include "serialization/strictdecoding.h"
#include "serialization/yamldecoder.h"

#include <QDir>
#include <QDirIterator>
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

SchemaNode schemaFor(const QString &apiVersion, const QString &kind)
{
    const qsizetype slash = apiVersion.indexOf(QLatin1Char('/'));
    const GroupVersionKind gvk{slash < 0 ? QString() : apiVersion.left(slash),
                               apiVersion.mid(slash + 1), kind};
    return ApiSchema::builtin().forKind(gvk);
}

// Decodes a test body and validates it against the schema its apiVersion/kind name.
FieldValidationResult validate(const QByteArray &body)
{
    const Result<DecodedJson> decoded = decodeJson(body);
    if (!decoded.ok())
        qFatal("bad test body: %s", qPrintable(decoded.error().message));
    const SchemaNode schema = schemaFor(decoded->value[QLatin1String("apiVersion")].toString(),
                                        decoded->value[QLatin1String("kind")].toString());
    if (!schema.isValid())
        qFatal("no schema for the test body");
    return validateFields(decoded->value, schema);
}

QString manifestsDir()
{
    const QByteArray fromEnvironment = qgetenv("FLOTILLA_MANIFESTS_DIR");
    return fromEnvironment.isEmpty() ? QStringLiteral(FLOTILLA_MANIFESTS_DIR)
                                     : QString::fromLocal8Bit(fromEnvironment);
}

// A CRD-like schema with the extensions the built-in types do not use.
const char kWidgetSchema[] = R"({
  "test.Widget": {"type": "object", "properties": {
    "apiVersion": {"type": "string"}, "kind": {"type": "string"},
    "metadata": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
    "spec": {"$ref": "#/components/schemas/test.WidgetSpec"}}},
  "test.WidgetSpec": {"type": "object", "properties": {
    "size": {"type": "integer", "format": "int64"},
    "config": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
               "properties": {"mode": {"type": "string"}}},
    "template": {"type": "object", "x-kubernetes-embedded-resource": true,
                 "x-kubernetes-preserve-unknown-fields": true},
    "port": {"x-kubernetes-int-or-string": true},
    "anything": {}}},
  "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {"type": "object", "properties": {
    "name": {"type": "string"},
    "labels": {"type": "object", "additionalProperties": {"type": "string"}}}}
})";

} // namespace

class TestFieldValidation : public QObject
{
    Q_OBJECT

private slots:
    void unknownFields_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("valid deployment")
            << QByteArray(R"({"apiVersion":"apps/v1","kind":"Deployment",
                "metadata":{"name":"web","labels":{"any":"label"},"annotations":{"a/b":"c"}},
                "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
                  "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
                  "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
                    {"name":"nginx","image":"nginx","ports":[{"containerPort":80}],
                     "resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":0.5}},
                     "env":[{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}],
                    "volumes":[{"name":"v","emptyDir":{}}]}}},
                "status":{"replicas":3,"conditions":[{"type":"Available","status":"True"}]}})")
            << QStringList();
        QTest::newRow("deployment spec")
            << QByteArray(R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicass":3}})")
            << strings({R"(unknown field "spec.replicass")"});
        QTest::newRow("deployment container")
            << QByteArray(R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":{"spec":
                {"containers":[{"name":"a","imagePullPolicyy":"Always"}]}}}})")
            << strings({R"(unknown field "spec.template.spec.containers[0].imagePullPolicyy")"});
        QTest::newRow("second container, nested port")
            << QByteArray(R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":{"spec":
                {"containers":[{"name":"a"},{"name":"b","ports":[{"containerPort":1},{"containerPort":2,"hostPortt":3}]}]}}}})")
            << strings({R"(unknown field "spec.template.spec.containers[1].ports[1].hostPortt")"});
        QTest::newRow("pod top level and metadata")
            << QByteArray(
                   R"({"apiVersion":"v1","kind":"Pod","foo":1,"metadata":{"nmae":"x"},"spec":{}})")
            << strings({R"(unknown field "foo")", R"(unknown field "metadata.nmae")"});
        QTest::newRow("pod, several in one object, key order")
            << QByteArray(
                   R"({"apiVersion":"v1","kind":"Pod","spec":{"zeta":1,"alpha":2,"containers":[]}})")
            << strings({R"(unknown field "spec.alpha")", R"(unknown field "spec.zeta")"});
        QTest::newRow("pod, fields are case-sensitive")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","spec":{"RestartPolicy":"Always"}})")
            << strings({R"(unknown field "spec.RestartPolicy")"});
        QTest::newRow("pod, unknown object not descended")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","spec":{"extra":{"deeper":{"x":1}}}})")
            << strings({R"(unknown field "spec.extra")"});
        QTest::newRow("pod, probe handler")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"a",
                "livenessProbe":{"httpGet":{"path":"/","port":8080,"sheme":"HTTP"}}}]}})")
            << strings({R"(unknown field "spec.containers[0].livenessProbe.httpGet.sheme")"});
        QTest::newRow("service")
            << QByteArray(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},
                "spec":{"foo":true,"ports":[{"port":80,"targetPortt":8080}],"selector":{"app":"x"}}})")
            << strings(
                   {R"(unknown field "spec.foo")", R"(unknown field "spec.ports[0].targetPortt")"});
        QTest::newRow("free-form: managedFields and RawExtension")
            << QByteArray(R"({"apiVersion":"apps/v1","kind":"ControllerRevision","revision":1,
                "data":{"spec":{"whatever":{"x":1}}},
                "metadata":{"managedFields":[{"manager":"kubectl","fieldsV1":{"f:spec":{"f:x":{}}}}]}})")
            << QStringList();
    }

    void unknownFields()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, expected);
        const FieldValidationResult result = validate(body);
        QCOMPARE(result.unknownFields, expected);
        QCOMPARE(result.typeErrors, QStringList());
    }

    void typeErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("string into int32")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"a",
                "ports":[{"containerPort":"80"}]}]}})")
            << strings({"json: cannot unmarshal string into Go struct field "
                        "ContainerPort.spec.containers.ports.containerPort of type int32"});
        QTest::newRow("fraction into int32")
            << QByteArray(R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":1.5}})")
            << strings({"json: cannot unmarshal number 1.5 into Go struct field "
                        "DeploymentSpec.spec.replicas of type int32"});
        QTest::newRow("int32 overflow")
            << QByteArray(
                   R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":3000000000}})")
            << strings({"json: cannot unmarshal number 3000000000 into Go struct field "
                        "DeploymentSpec.spec.replicas of type int32"});
        QTest::newRow("fraction into int64")
            << QByteArray(
                   R"({"apiVersion":"v1","kind":"Pod","spec":{"activeDeadlineSeconds":0.5}})")
            << strings({"json: cannot unmarshal number 0.5 into Go struct field "
                        "PodSpec.spec.activeDeadlineSeconds of type int64"});
        QTest::newRow("object where array expected")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":{"name":"a"}}})")
            << strings({"json: cannot unmarshal object into Go struct field "
                        "PodSpec.spec.containers of type []v1.Container"});
        QTest::newRow("string where object expected")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","spec":"run nginx"})")
            << strings({"json: cannot unmarshal string into Go struct field Pod.spec of type "
                        "v1.PodSpec"});
        QTest::newRow("number into a label")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"a":1}}})")
            << strings({"json: cannot unmarshal number into Go struct field "
                        "ObjectMeta.metadata.labels of type string"});
        QTest::newRow("array into labels")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","metadata":{"labels":["a"]}})")
            << strings({"json: cannot unmarshal array into Go struct field "
                        "ObjectMeta.metadata.labels of type map[string]string"});
        QTest::newRow("bool into env value (yes unquoted in YAML)")
            << QByteArray(R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":
                {"spec":{"containers":[{"name":"a","env":[{"name":"X","value":true}]}]}}}})")
            << strings({"json: cannot unmarshal bool into Go struct field "
                        "EnvVar.spec.template.spec.containers.env.value of type string"});
        QTest::newRow("string into bool")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","spec":{"hostNetwork":"true"}})")
            << strings({"json: cannot unmarshal string into Go struct field "
                        "PodSpec.spec.hostNetwork of type bool"});
        QTest::newRow("bool into quantity")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"a",
                "resources":{"limits":{"cpu":true}}}]}})")
            << strings({"json: cannot unmarshal bool into Go struct field "
                        "ResourceRequirements.spec.containers.resources.limits of type "
                        "resource.Quantity"});
        QTest::newRow("array at the top")
            << QByteArray(R"([{"apiVersion":"v1","kind":"Pod"}])")
            << strings({"json: cannot unmarshal array into Go value of type v1.Pod"});
        QTest::newRow("several")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":5},
                "spec":{"containers":[{"name":"a","ports":[{"containerPort":"80"}]}]}})")
            << strings(
                   {"json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name "
                    "of type string",
                    "json: cannot unmarshal string into Go struct field "
                    "ContainerPort.spec.containers.ports.containerPort of type int32"});
        QTest::newRow("nulls are fine")
            << QByteArray(R"({"apiVersion":"v1","kind":"Pod","metadata":{"labels":null,"name":null},
                "spec":{"containers":[{"name":"a","ports":null,"resources":{"limits":{"cpu":null}}}],
                "activeDeadlineSeconds":null}})")
            << QStringList();
    }

    void typeErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, expected);
        const Result<DecodedJson> decoded = decodeJson(body);
        QVERIFY(decoded.ok());
        // A body that is not an object is checked against Pod.
        const SchemaNode schema =
            decoded->value.isObject()
                ? schemaFor(decoded->value[QLatin1String("apiVersion")].toString(),
                            decoded->value[QLatin1String("kind")].toString())
                : schemaFor(QStringLiteral("v1"), QStringLiteral("Pod"));
        const FieldValidationResult result = validateFields(decoded->value, schema);
        QCOMPARE(result.typeErrors, expected);
        QCOMPARE(result.unknownFields, QStringList());
    }

    void intOrString_data()
    {
        QTest::addColumn<QByteArray>("targetPort");
        QTest::addColumn<QString>("error"); // empty: accepted
        QTest::newRow("number") << QByteArray("8080") << QString();
        QTest::newRow("name") << QByteArray(R"("http")") << QString();
        QTest::newRow("numeric string") << QByteArray(R"("8080")") << QString();
        QTest::newRow("null") << QByteArray("null") << QString();
        const QString prefix = QStringLiteral("json: cannot unmarshal %1 into Go struct field "
                                              "ServicePort.spec.ports.targetPort of type "
                                              "intstr.IntOrString");
        QTest::newRow("fraction") << QByteArray("80.5") << prefix.arg(QLatin1String("number 80.5"));
        QTest::newRow("beyond int32")
            << QByteArray("2147483648") << prefix.arg(QLatin1String("number 2147483648"));
        QTest::newRow("bool") << QByteArray("true") << prefix.arg(QLatin1String("bool"));
        QTest::newRow("object") << QByteArray("{}") << prefix.arg(QLatin1String("object"));
        QTest::newRow("array") << QByteArray("[80]") << prefix.arg(QLatin1String("array"));
    }

    void intOrString()
    {
        QFETCH(QByteArray, targetPort);
        QFETCH(QString, error);
        const FieldValidationResult result = validate(
            R"({"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":80,"targetPort":)" +
            targetPort + "}]}}");
        QCOMPARE(result.unknownFields, QStringList());
        QCOMPARE(result.typeErrors, error.isEmpty() ? QStringList() : QStringList{error});
        // The Deployment's rolling update takes "25%" or 1 the same way.
        const FieldValidationResult update = validate(
            R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"strategy":{"rollingUpdate":{"maxSurge":)" +
            targetPort + "}}}}");
        QCOMPARE(update.typeErrors.size(), error.isEmpty() ? 0 : 1);
    }

    void crdExtensions_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("unknown");
        QTest::addColumn<QStringList>("typeErrors");
        QTest::newRow("preserve-unknown-fields keeps extras, checks declared")
            << QByteArray(R"({"spec":{"config":{"mode":"a","extra":{"deep":1}}}})") << QStringList()
            << QStringList();
        QTest::newRow("declared field under preserve is still typed")
            << QByteArray(R"({"spec":{"config":{"mode":5}}})") << QStringList()
            << strings({"json: cannot unmarshal number into Go struct field "
                        "WidgetSpec.spec.config.mode "
                        "of type string"});
        QTest::newRow("embedded resource: body free, metadata checked")
            << QByteArray(
                   R"({"spec":{"template":{"apiVersion":"v1","kind":"Pod","spec":{"anything":1},
                "metadata":{"name":"x","nmae":"y"}}}})")
            << strings({R"(unknown field "spec.template.metadata.nmae")"}) << QStringList();
        QTest::newRow("embedded resource: kind must be a string")
            << QByteArray(R"({"spec":{"template":{"kind":1}}})") << QStringList()
            << strings({"json: cannot unmarshal number into Go struct field "
                        "WidgetSpec.spec.template.kind "
                        "of type string"});
        QTest::newRow("x-kubernetes-int-or-string")
            << QByteArray(R"({"spec":{"port":"http"}})") << QStringList() << QStringList();
        QTest::newRow("untyped property takes anything")
            << QByteArray(R"({"spec":{"anything":[1,{"a":"b"}]}})") << QStringList()
            << QStringList();
        QTest::newRow("elsewhere strict")
            << QByteArray(R"({"apiVersion":"x/v1","kind":"Widget","spec":{"sise":1,"size":"1"}})")
            << strings({R"(unknown field "spec.sise")"})
            << strings({"json: cannot unmarshal string into Go struct field WidgetSpec.spec.size "
                        "of type int64"});
    }

    void crdExtensions()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, unknown);
        QFETCH(QStringList, typeErrors);
        const auto schema = ApiSchema::fromJson(QByteArray(kWidgetSchema));
        QVERIFY2(schema.ok(), qPrintable(schema.error().message));
        const Result<DecodedJson> decoded = decodeJson(body);
        QVERIFY(decoded.ok());
        const FieldValidationResult result =
            validateFields(decoded->value, (*schema)->node(QStringLiteral("test.Widget")));
        QCOMPARE(result.unknownFields, unknown);
        QCOMPARE(result.typeErrors, typeErrors);
    }

    void reportsAreCapped()
    {
        QJsonObject spec;
        for (int i = 0; i < 150; ++i)
            spec.insert(QStringLiteral("unknown%1").arg(i, 3, 10, QLatin1Char('0')), i);
        const QJsonObject pod{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                              {QStringLiteral("kind"), QStringLiteral("Pod")},
                              {QStringLiteral("spec"), spec}};
        const FieldValidationResult result =
            validateFields(pod, schemaFor(QStringLiteral("v1"), QStringLiteral("Pod")));
        QCOMPARE(result.unknownFields.size(), kMaxReportedProblems);
        QVERIFY(result.truncated);
        QVERIFY(!result.ok());
    }

    void invalidSchemaChecksNothing()
    {
        QVERIFY(validateFields(QJsonObject{{QStringLiteral("x"), 1}}, SchemaNode()).ok());
    }

    void messages()
    {
        QCOMPARE(unknownFieldMessage(QStringLiteral("spec.replicass")),
                 QStringLiteral(R"(unknown field "spec.replicass")"));
        QCOMPARE(unknownFieldMessage(QStringLiteral("metadata.labels.a\"b")),
                 QStringLiteral("unknown field \"metadata.labels.a\\\"b\""));
        QCOMPARE(duplicateFieldMessages({QStringLiteral(".spec.replicas"), QStringLiteral("[0].a"),
                                         QStringLiteral(".metadata.labels.app")}),
                 (strings({R"(duplicate field "spec.replicas")", R"(duplicate field "[0].a")",
                           R"(duplicate field "metadata.labels.app")"})));
        QCOMPARE(strictDecodingErrorMessage(strings({R"(unknown field "spec.replicass")"})),
                 QStringLiteral(R"(strict decoding error: unknown field "spec.replicass")"));
        QCOMPARE(
            strictDecodingErrorMessage(strings({R"(unknown field "a")", R"(unknown field "b")"})),
            QStringLiteral(R"(strict decoding error: unknown field "a", unknown field "b")"));
    }

    void strictPipeline()
    {
        // What the request handler does with fieldValidation=Strict.
        const Result<DecodedJson> decoded =
            decodeYaml("apiVersion: apps/v1\nkind: Deployment\n"
                       "spec:\n  replicas: 1\n  replicas: 2\n"
                       "  paused: no\n  revisionHistoryLimitt: 3\n");
        QVERIFY(decoded.ok());
        const FieldValidationResult fields = validateFields(
            decoded->value, schemaFor(QStringLiteral("apps/v1"), QStringLiteral("Deployment")));
        QVERIFY(fields.typeErrors.isEmpty());
        const QStringList problems =
            duplicateFieldMessages(decoded->duplicateFields) + fields.unknownFields;
        QCOMPARE(strictDecodingErrorMessage(problems),
                 QStringLiteral(R"(strict decoding error: duplicate field "spec.replicas", )"
                                R"(unknown field "spec.revisionHistoryLimitt")"));
    }

    // The real-world corpus: every document of a kind Flotilla knows passes cleanly.
    void realManifestsValidate()
    {
        const QDir root(manifestsDir() + QStringLiteral("/kubernetes-examples"));
        if (!root.exists())
            QSKIP("the shared manifest corpus is not next to this checkout");
        int checked = 0;
        QDirIterator it(root.path(), {QStringLiteral("*.yaml")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile input(path);
            QVERIFY(input.open(QIODevice::ReadOnly));
            const Result<QList<QJsonValue>> documents = decodeYamlStream(input.readAll());
            QVERIFY2(documents.ok(), qPrintable(path));
            for (const QJsonValue &document : *documents) {
                const SchemaNode schema =
                    schemaFor(document[QLatin1String("apiVersion")].toString(),
                              document[QLatin1String("kind")].toString());
                if (!schema.isValid())
                    continue; // custom resources and retired kinds
                const FieldValidationResult result = validateFields(document, schema);
                QVERIFY2(result.ok(),
                         qPrintable(
                             path + QLatin1String(": ") +
                             (result.unknownFields + result.typeErrors).join(QLatin1String("; "))));
                ++checked;
            }
        }
        QVERIFY(checked >= 20);
    }
};

QTEST_GUILESS_MAIN(TestFieldValidation)
#include "tst_fieldvalidation.moc"
