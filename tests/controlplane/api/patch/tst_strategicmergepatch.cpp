#include "patch/patchlimits.h"
#include "patch/strategicmergepatch.h"
#include "schema/apischema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace flotilla;
using namespace flotilla::api;

namespace {

QJsonObject parse(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("bad test JSON %s: %s", text.constData(), qPrintable(error.errorString()));
    return document.object();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// "Deployment" and "Service" name the built-in schemas; "none" is no schema at all.
SchemaNode schemaFor(const QString &kind)
{
    if (kind == QLatin1String("Service"))
        return ApiSchema::builtin().forKind({QString(), QStringLiteral("v1"), kind});
    if (kind == QLatin1String("Deployment"))
        return ApiSchema::builtin().forKind({QStringLiteral("apps"), QStringLiteral("v1"), kind});
    return {};
}

bool containsDirective(const QJsonValue &value)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray()) {
            if (containsDirective(item))
                return true;
        }
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (isStrategicMergeDirective(it.key()) || containsDirective(it.value()))
                return true;
        }
    }
    return false;
}

// A patch of `levels` nested objects under a field the schema does not know.
QJsonObject nestedPatch(int levels)
{
    QJsonObject inner{{QStringLiteral("leaf"), true}};
    for (int i = 1; i < levels; ++i)
        inner = QJsonObject{{QStringLiteral("x"), inner}};
    return QJsonObject{{QStringLiteral("unknownField"), inner}};
}

} // namespace

class TestStrategicMergePatch : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(schemaFor(QStringLiteral("Deployment")).isValid());
        QVERIFY(schemaFor(QStringLiteral("Service")).isValid());
    }

    void applies_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("original");
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QByteArray>("expected");
        const QString deployment = QStringLiteral("Deployment");

        // What kubectl apply sends (docs/kubectl-wire.md). Quotes inside JSON strings are
        // written \u0022: moc's lexer misreads \" in raw string literals.
        QTest::newRow("kubectl: replicas and annotation")
            << deployment
            << QByteArray(
                   R"({"metadata":{"name":"web","annotations":{"note":"keep"}},"spec":{"replicas":2}})")
            << QByteArray(
                   R"({"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\u0022spec\u0022:{\u0022replicas\u0022:4}}\n"}},"spec":{"replicas":4}})")
            << QByteArray(
                   R"({"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\u0022spec\u0022:{\u0022replicas\u0022:4}}\n","note":"keep"},"name":"web"},"spec":{"replicas":4}})");
        QTest::newRow("kubectl: image with $setElementOrder/containers")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25","imagePullPolicy":"IfNotPresent"}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"nginx:1.27","name":"nginx"}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"image":"nginx:1.27","imagePullPolicy":"IfNotPresent","name":"nginx"}]}}}})");
        QTest::newRow("kubectl: env element deleted by name")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"FOO","value":"bar"},{"name":"B","value":"2"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"B"}],"env":[{"$patch":"delete","name":"FOO"}],"name":"app"}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"name":"app"}]}}}})");
        QTest::newRow("kubectl: port deleted by containerPort")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":81,"protocol":"TCP"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"$setElementOrder/ports":[{"containerPort":80}],"name":"app","ports":[{"$patch":"delete","containerPort":81}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"protocol":"TCP"}]}]}}}})");
        QTest::newRow("kubectl: strategy switch clears rollingUpdate")
            << deployment
            << QByteArray(
                   R"({"spec":{"replicas":1,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}}})")
            << QByteArray(R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})")
            << QByteArray(R"({"spec":{"replicas":1,"strategy":{"type":"Recreate"}}})");
        QTest::newRow("kubectl: rollout restart")
            << deployment
            << QByteArray(R"({"spec":{"template":{"metadata":{"labels":{"app":"web"}}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2024-05-01T10:00:00Z"}}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2024-05-01T10:00:00Z"},"labels":{"app":"web"}}}}})");

        // Merge lists by merge key.
        QTest::newRow("$setElementOrder/env adds and reorders")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","$setElementOrder/env":[{"name":"C"},{"name":"B"},{"name":"A"}],"env":[{"name":"C","value":"3"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"env":[{"name":"C","value":"3"},{"name":"B","value":"2"},{"name":"A","value":"1"}],"name":"app"}]}}}})");
        QTest::newRow("element updated and appended, with $setElementOrder")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","$setElementOrder/env":[{"name":"A"},{"name":"B"},{"name":"C"}],"env":[{"name":"A","value":"9"},{"name":"C","value":"3"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"env":[{"name":"A","value":"9"},{"name":"B","value":"2"},{"name":"C","value":"3"}],"name":"app"}]}}}})");
        // Without $setElementOrder upstream puts a new element right after the last
        // element the patch matched, ahead of the server-only rest.
        QTest::newRow("element updated and appended, without order")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"9"},{"name":"C","value":"3"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"env":[{"name":"A","value":"9"},{"name":"C","value":"3"},{"name":"B","value":"2"}],"name":"app"}]}}}})");
        QTest::newRow("patch order wins over live order")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"1"},{"name":"2","value":"b"},{"name":"3"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"3","value":"c"},{"name":"1","value":"a"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"env":[{"name":"2","value":"b"},{"name":"3","value":"c"},{"name":"1","value":"a"}],"name":"app"}]}}}})");
        QTest::newRow("delete removes every duplicate")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"A","value":"2"},{"name":"B"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"$patch":"delete","name":"A"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"env":[{"name":"B"}],"name":"app"}]}}}})");
        QTest::newRow("deleting a missing element is a no-op")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"B"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"$patch":"delete","name":"Z"}]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"env":[{"name":"B"}],"name":"app"}]}}}})");
        QTest::newRow("volumes: $retainKeys inside an element")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"volumes":[{"name":"data","configMap":{"name":"cm"}},{"name":"tmp","emptyDir":{}}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"$setElementOrder/volumes":[{"name":"data"},{"name":"tmp"}],"volumes":[{"$retainKeys":["name","secret"],"name":"data","secret":{"secretName":"s"}}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"volumes":[{"name":"data","secret":{"secretName":"s"}},{"emptyDir":{},"name":"tmp"}]}}}})");
        QTest::newRow("status conditions by type")
            << deployment
            << QByteArray(
                   R"({"status":{"conditions":[{"type":"Available","status":"False"},{"type":"Progressing","status":"True"}]}})")
            << QByteArray(R"({"status":{"conditions":[{"type":"Available","status":"True"}]}})")
            << QByteArray(
                   R"({"status":{"conditions":[{"status":"True","type":"Available"},{"status":"True","type":"Progressing"}]}})");
        QTest::newRow("ownerReferences by uid")
            << deployment
            << QByteArray(
                   R"({"metadata":{"ownerReferences":[{"uid":"u1","name":"a","kind":"X","apiVersion":"v1"}]}})")
            << QByteArray(R"({"metadata":{"ownerReferences":[{"uid":"u1","controller":true}]}})")
            << QByteArray(
                   R"({"metadata":{"ownerReferences":[{"apiVersion":"v1","controller":true,"kind":"X","name":"a","uid":"u1"}]}})");
        QTest::newRow("Service ports by port")
            << QStringLiteral("Service")
            << QByteArray(
                   R"({"spec":{"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"https","port":443,"targetPort":8443}]}})")
            << QByteArray(R"({"spec":{"ports":[{"port":443,"targetPort":9443}]}})")
            << QByteArray(
                   R"({"spec":{"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"https","port":443,"targetPort":9443}]}})");
        QTest::newRow("Service port deleted by port")
            << QStringLiteral("Service")
            << QByteArray(
                   R"({"spec":{"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"https","port":443,"targetPort":8443}]}})")
            << QByteArray(
                   R"({"spec":{"$setElementOrder/ports":[{"port":443}],"ports":[{"$patch":"delete","port":80}]}})")
            << QByteArray(R"({"spec":{"ports":[{"name":"https","port":443,"targetPort":8443}]}})");

        // Primitive lists with strategy merge are sets.
        QTest::newRow("finalizers merge as a set")
            << deployment
            << QByteArray(R"({"metadata":{"finalizers":["example.com/a","example.com/b"]}})")
            << QByteArray(R"({"metadata":{"finalizers":["example.com/b","example.com/c"]}})")
            << QByteArray(
                   R"({"metadata":{"finalizers":["example.com/a","example.com/b","example.com/c"]}})");
        QTest::newRow("finalizer added alone goes first")
            << deployment
            << QByteArray(R"({"metadata":{"finalizers":["example.com/a","example.com/b"]}})")
            << QByteArray(R"({"metadata":{"finalizers":["example.com/c"]}})")
            << QByteArray(
                   R"({"metadata":{"finalizers":["example.com/c","example.com/a","example.com/b"]}})");
        QTest::newRow("$deleteFromPrimitiveList/finalizers")
            << deployment
            << QByteArray(
                   R"({"metadata":{"finalizers":["example.com/a","example.com/b","example.com/c"]}})")
            << QByteArray(
                   R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/b","example.com/zzz"]}})")
            << QByteArray(R"({"metadata":{"finalizers":["example.com/a","example.com/c"]}})");
        QTest::newRow("$deleteFromPrimitiveList on a missing list adds nothing")
            << deployment << QByteArray(R"({"metadata":{"name":"x"}})")
            << QByteArray(
                   R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a"]}})")
            << QByteArray(R"({"metadata":{"name":"x"}})");
        QTest::newRow("$setElementOrder/finalizers with addition and deletion")
            << deployment << QByteArray(R"({"metadata":{"finalizers":["a","b","c"]}})")
            << QByteArray(
                   R"({"metadata":{"$setElementOrder/finalizers":["a","b","d"],"$deleteFromPrimitiveList/finalizers":["c"],"finalizers":["d"]}})")
            << QByteArray(R"({"metadata":{"finalizers":["a","b","d"]}})");

        // Maps.
        QTest::newRow("label removed by null")
            << deployment << QByteArray(R"({"metadata":{"labels":{"app":"web","tier":"front"}}})")
            << QByteArray(R"({"metadata":{"labels":{"tier":null,"env":"prod"}}})")
            << QByteArray(R"({"metadata":{"labels":{"app":"web","env":"prod"}}})");
        QTest::newRow("null for an absent field is ignored")
            << deployment << QByteArray(R"({"spec":{"replicas":1}})")
            << QByteArray(R"({"spec":{"paused":null}})")
            << QByteArray(R"({"spec":{"replicas":1}})");
        QTest::newRow("type change replaces, dropping nulls")
            << deployment << QByteArray(R"({"spec":{"revisionHistoryLimit":10}})")
            << QByteArray(R"({"spec":{"revisionHistoryLimit":{"x":null,"y":1}}})")
            << QByteArray(R"({"spec":{"revisionHistoryLimit":{"y":1}}})");
        QTest::newRow("empty patch")
            << deployment << QByteArray(R"({"spec":{"replicas":1}})") << QByteArray("{}")
            << QByteArray(R"({"spec":{"replicas":1}})");

        // Lists without strategy merge are replaced whole.
        QTest::newRow("args replaced whole")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","args":["--a","--b","--c"]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","args":["--x"]}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"args":["--x"],"name":"app"}]}}}})");
        QTest::newRow("tolerations replaced whole")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"tolerations":[{"key":"k1","operator":"Exists"},{"key":"k2","operator":"Exists"}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"tolerations":[{"key":"k3","operator":"Exists"}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"tolerations":[{"key":"k3","operator":"Exists"}]}}}})");

        // $patch directives.
        QTest::newRow("$patch replace on a map")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"nodeSelector":{"disk":"ssd","zone":"a"}}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"nodeSelector":{"$patch":"replace","zone":"b"}}}}})")
            << QByteArray(R"({"spec":{"template":{"spec":{"nodeSelector":{"zone":"b"}}}}})");
        QTest::newRow("$patch replace on the whole object")
            << deployment << QByteArray(R"({"metadata":{"name":"x"},"spec":{"replicas":1}})")
            << QByteArray(R"({"$patch":"replace","spec":{"replicas":2}})")
            << QByteArray(R"({"spec":{"replicas":2}})");
        QTest::newRow("$patch replace in a list")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"c","image":"c:1"}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"image":"c:1","name":"c"}]}}}})");
        // Upstream leaves an empty map, not an absent field.
        QTest::newRow("$patch delete on a map")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"hostNetwork":true,"securityContext":{"runAsNonRoot":true}}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"securityContext":{"$patch":"delete"}}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"hostNetwork":true,"securityContext":{}}}}})");
        QTest::newRow("$patch merge is the default")
            << deployment << QByteArray(R"({"metadata":{"labels":{"a":"1"}}})")
            << QByteArray(R"({"metadata":{"labels":{"$patch":"merge","b":"2"}}})")
            << QByteArray(R"({"metadata":{"labels":{"a":"1","b":"2"}}})");
        QTest::newRow("$patch merge on a list element")
            << deployment
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:1"}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"$patch":"merge","name":"a","image":"a:2"}]}}}})")
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"image":"a:2","name":"a"}]}}}})");
        QTest::newRow("new fields carry no directives or nulls")
            << deployment << QByteArray(R"({"spec":{"replicas":1}})")
            << QByteArray(
                   R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},"template":{"spec":{"$setElementOrder/initContainers":[{"name":"init"}],"initContainers":[{"name":"init","image":"busybox","env":[{"name":"X","value":null}]},{"$patch":"delete","name":"gone"}]}}}})")
            << QByteArray(
                   R"({"spec":{"replicas":1,"strategy":{"type":"Recreate"},"template":{"spec":{"initContainers":[{"env":[{"name":"X"}],"image":"busybox","name":"init"}]}}}})");

        // No schema information: JSON merge patch semantics (directives still honoured).
        QTest::newRow("no schema: lists replaced, maps merged")
            << QStringLiteral("none")
            << QByteArray(
                   R"({"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"}],"m":{"x":1,"y":2}}})")
            << QByteArray(
                   R"({"spec":{"containers":[{"name":"a","image":"2"}],"m":{"x":null,"z":3}}})")
            << QByteArray(
                   R"({"spec":{"containers":[{"image":"2","name":"a"}],"m":{"y":2,"z":3}}})");
        QTest::newRow("no schema: $patch replace")
            << QStringLiteral("none") << QByteArray(R"({"m":{"a":1,"b":2}})")
            << QByteArray(R"({"m":{"$patch":"replace","q":1}})") << QByteArray(R"({"m":{"q":1}})");
        QTest::newRow("unknown field under a known kind")
            << deployment
            << QByteArray(R"({"spec":{"replicas":1},"extra":{"list":[1,2],"keep":true}})")
            << QByteArray(R"({"extra":{"list":[3]}})")
            << QByteArray(R"({"extra":{"keep":true,"list":[3]},"spec":{"replicas":1}})");
    }

    void applies()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, original);
        QFETCH(QByteArray, patch);
        QFETCH(QByteArray, expected);
        const Result<QJsonObject> patched =
            applyStrategicMergePatch(parse(original), parse(patch), schemaFor(kind));
        QVERIFY2(patched.ok(), qPrintable(patched.error().toString()));
        QCOMPARE(compact(*patched), compact(parse(expected)));
        QVERIFY(!containsDirective(*patched));
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("original");
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("message");
        const QByteArray containers(
            R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A"},{"name":"B"}]}],"tolerations":[{"key":"a"}]}}},"metadata":{"finalizers":["a"]}})");
        QTest::newRow("unknown $patch on a map")
            << containers << QByteArray(R"({"metadata":{"labels":{"$patch":"remove"}}})")
            << QStringLiteral("metadata.labels: unknown $patch directive \"remove\"; expected "
                              "\"replace\", \"delete\" or \"merge\"");
        QTest::newRow("$patch that is not a string")
            << containers << QByteArray(R"({"spec":{"$patch":1}})")
            << QStringLiteral("spec: unknown $patch directive 1");
        QTest::newRow("unknown $patch in a list")
            << containers
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"$patch":"frob","name":"app"}]}}}})")
            << QStringLiteral("spec.template.spec.containers: unknown $patch directive \"frob\"");
        QTest::newRow("$setElementOrder that is not a list")
            << containers
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"$setElementOrder/containers":{"name":"app"}}}}})")
            << QStringLiteral(
                   "spec.template.spec.containers: $setElementOrder/containers must be a list");
        QTest::newRow("$setElementOrder without a field")
            << containers << QByteArray(R"({"spec":{"$setElementOrder":[]}})")
            << QStringLiteral("spec: malformed directive \"$setElementOrder\"; expected "
                              "$setElementOrder/<field>");
        QTest::newRow("$setElementOrder out of step with the patch")
            << containers
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"containers":[{"name":"app","$setElementOrder/env":[{"name":"A"},{"name":"B"}],"env":[{"name":"B","value":"x"},{"name":"A","value":"y"}]}]}}}})")
            << QStringLiteral("spec.template.spec.containers[name=\"app\"].env: the order of the "
                              "patch list");
        QTest::newRow("$setElementOrder on objects without merge key")
            << containers
            << QByteArray(
                   R"({"spec":{"template":{"spec":{"$setElementOrder/tolerations":[{"key":"a"}],"tolerations":[{"key":"a"}]}}}})")
            << QStringLiteral("cannot order objects of a list that has no merge key");
        QTest::newRow("element without its merge key")
            << containers
            << QByteArray(R"({"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}})")
            << QStringLiteral("spec.template.spec.containers: {\"image\":\"x\"} does not contain "
                              "declared merge key \"name\"");
        QTest::newRow("delete without the merge key")
            << containers
            << QByteArray(R"({"spec":{"template":{"spec":{"containers":[{"$patch":"delete"}]}}}})")
            << QStringLiteral(
                   "{\"$patch\":\"delete\"} does not contain declared merge key \"name\"");
        QTest::newRow("$retainKeys that is not a list")
            << containers << QByteArray(R"({"spec":{"strategy":{"$retainKeys":"type"}}})")
            << QStringLiteral("spec.strategy: $retainKeys must be a list of field names");
        QTest::newRow("$retainKeys with a non-string")
            << containers << QByteArray(R"({"spec":{"strategy":{"$retainKeys":[1]}}})")
            << QStringLiteral("$retainKeys must be a list of field names, not contain 1");
        QTest::newRow("$retainKeys missing a patched field")
            << containers
            << QByteArray(
                   R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":{"maxSurge":1}}}})")
            << QStringLiteral("spec.strategy: \"rollingUpdate\" is set by the patch but not listed "
                              "in $retainKeys");
        QTest::newRow("$deleteFromPrimitiveList that is not a list")
            << containers
            << QByteArray(R"({"metadata":{"$deleteFromPrimitiveList/finalizers":"a"}})")
            << QStringLiteral("metadata.finalizers: $deleteFromPrimitiveList/finalizers must be a "
                              "list of values");
        QTest::newRow("$deleteFromPrimitiveList of objects")
            << containers
            << QByteArray(R"({"metadata":{"$deleteFromPrimitiveList/finalizers":[{"a":1}]}})")
            << QStringLiteral("can only delete primitive values");
        QTest::newRow("mixed element types")
            << containers << QByteArray(R"({"metadata":{"finalizers":[1]}})")
            << QStringLiteral("metadata.finalizers: list elements are not all of the same type");
        QTest::newRow("lists of lists")
            << containers << QByteArray(R"({"metadata":{"finalizers":[["b"]]}})")
            << QStringLiteral("metadata.finalizers: lists of lists cannot be merged");
    }

    void rejects()
    {
        QFETCH(QByteArray, original);
        QFETCH(QByteArray, patch);
        QFETCH(QString, message);
        const Result<QJsonObject> patched = applyStrategicMergePatch(
            parse(original), parse(patch), schemaFor(QStringLiteral("Deployment")));
        QVERIFY(!patched.ok());
        QCOMPARE(patched.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(patched.error().message.contains(message), qPrintable(patched.error().message));
    }

    void boundsNestingDepth()
    {
        const SchemaNode deployment = schemaFor(QStringLiteral("Deployment"));
        const Result<QJsonObject> shallow =
            applyStrategicMergePatch(QJsonObject(), nestedPatch(kMaxNestingDepth - 1), deployment);
        QVERIFY2(shallow.ok(), qPrintable(shallow.error().toString()));

        const Result<QJsonObject> deep =
            applyStrategicMergePatch(QJsonObject(), nestedPatch(kMaxNestingDepth + 50), deployment);
        QVERIFY(!deep.ok());
        QCOMPARE(deep.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(deep.error().message.contains(QStringLiteral("nests deeper than 100 levels")),
                 qPrintable(deep.error().message));
    }

    void followsAnyGivenSchema()
    {
        // The same list under a schema that declares it a merge list, and under one that
        // preserves unknown fields (schemaless: the list is replaced).
        const Result<std::shared_ptr<const ApiSchema>> schema = ApiSchema::fromJson(R"({
            "Known": {"type": "object", "properties": {
                "items": {"type": "array", "x-kubernetes-patch-strategy": "merge",
                          "x-kubernetes-patch-merge-key": "id",
                          "items": {"type": "object", "properties": {"id": {"type": "integer"}}}}}},
            "Open": {"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {
                "items": {"type": "array", "x-kubernetes-patch-strategy": "merge",
                          "x-kubernetes-patch-merge-key": "id"}}}})");
        QVERIFY2(schema.ok(), qPrintable(schema.error().toString()));
        const QJsonObject original = parse(R"({"items":[{"id":1,"v":"a"},{"id":2,"v":"b"}]})");
        const QJsonObject patch = parse(R"({"items":[{"id":2,"v":"c"}]})");

        const Result<QJsonObject> merged =
            applyStrategicMergePatch(original, patch, (*schema)->node(QStringLiteral("Known")));
        QVERIFY2(merged.ok(), qPrintable(merged.error().toString()));
        QCOMPARE(compact(*merged), QByteArray(R"({"items":[{"id":1,"v":"a"},{"id":2,"v":"c"}]})"));

        const Result<QJsonObject> replaced =
            applyStrategicMergePatch(original, patch, (*schema)->node(QStringLiteral("Open")));
        QVERIFY2(replaced.ok(), qPrintable(replaced.error().toString()));
        QCOMPARE(compact(*replaced), QByteArray(R"({"items":[{"id":2,"v":"c"}]})"));
    }

    void recognisesDirectives()
    {
        for (const char *key : {"$patch", "$retainKeys", "$setElementOrder/env",
                                "$deleteFromPrimitiveList/finalizers"})
            QVERIFY2(isStrategicMergeDirective(QString::fromUtf8(key)), key);
        // JSONSchemaProps in CRDs has "$ref" and "$schema" fields: data, not directives.
        for (const char *key : {"$ref", "$schema", "patch", "retainKeys"})
            QVERIFY2(!isStrategicMergeDirective(QString::fromUtf8(key)), key);
    }
};

QTEST_GUILESS_MAIN(TestStrategicMergePatch)
#include "tst_strategicmergepatch.moc"
