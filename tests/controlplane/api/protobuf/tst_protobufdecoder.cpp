#include "protobuf/messagedecoder.h"
#include "protobuf/protobufdecoder.h"
#include "protobuf/protobufschema.h"
#include "protoencoder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace flotilla;
using namespace flotilla::api;

namespace {

// Expected objects are written with single quotes, which become JSON's double quotes.
QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray(text).replace('\'', '"'), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad expected JSON in test: %s", qPrintable(error.errorString()));
    return document.object();
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A container as gogo writes it: the non-pointer strings and booleans with their zero values
// ({1 name, 2 image, 5 workingDir, 8 resources, 13 terminationMessagePath,
//   20 terminationMessagePolicy, 14 imagePullPolicy, 16 stdin, 17 stdinOnce, 18 tty}).
ProtoMessage container(const QByteArray &name, const QByteArray &image)
{
    return ProtoMessage()
        .string(1, name)
        .string(2, image)
        .string(5, QByteArray())
        .message(8, ProtoMessage())
        .string(13, QByteArray())
        .string(14, QByteArray())
        .boolean(16, false)
        .boolean(17, false)
        .boolean(18, false)
        .string(20, QByteArray());
}

// PodSpec's non-pointer fields at their zero values, as gogo writes them
// ({3 restartPolicy, 6 dnsPolicy, 8 serviceAccountName, 9 serviceAccount, 10 nodeName,
//   11 hostNetwork, 12 hostPID, 13 hostIPC, 16 hostname, 17 subdomain, 19 schedulerName,
//   24 priorityClassName}); containers (2) come first.
ProtoMessage podSpec(const QList<ProtoMessage> &containers, const QByteArray &restartPolicy = {})
{
    ProtoMessage spec;
    for (const ProtoMessage &c : containers)
        spec.message(2, c);
    return spec.string(3, restartPolicy)
        .string(6, QByteArray())
        .string(8, QByteArray())
        .string(9, QByteArray())
        .string(10, QByteArray())
        .boolean(11, false)
        .boolean(12, false)
        .boolean(13, false)
        .string(16, QByteArray())
        .string(17, QByteArray())
        .string(19, QByteArray())
        .string(24, QByteArray());
}

// IntOrString {1 type, 2 intVal, 3 strVal}: gogo writes all three.
ProtoMessage intOrString(qint32 value)
{
    return ProtoMessage().varint(1, 0).varint(2, value).string(3, QByteArray());
}
ProtoMessage intOrString(const QByteArray &value)
{
    return ProtoMessage().varint(1, 1).varint(2, 0).string(3, value);
}

// Quantity {1 string}.
ProtoMessage quantity(const QByteArray &value)
{
    return ProtoMessage().string(1, value);
}

std::shared_ptr<const ProtobufSchema> schemaFrom(const char *text)
{
    Result<std::shared_ptr<const ProtobufSchema>> schema =
        ProtobufSchema::fromJson(QByteArray(text).replace('\'', '"'));
    if (!schema)
        qFatal("bad test schema: %s", qPrintable(schema.error().message));
    return *schema;
}

// A recursive message no Kubernetes type has, to reach the nesting limit.
const char kTreeSchema[] =
    "{'k8s.io.api.core.v1.Tree': ["
    "  {'number': 1, 'name': 'child', 'type': 'message', 'label': 'optional',"
    "   'messageType': 'k8s.io.api.core.v1.Tree'},"
    "  {'number': 2, 'name': 'every', 'type': 'message', 'label': 'optional',"
    "   'messageType': 'k8s.io.apimachinery.pkg.apis.meta.v1.Duration'},"
    "  {'number': 3, 'name': 'weights', 'type': 'float', 'label': 'repeated'},"
    "  {'number': 4, 'name': 'ratio', 'type': 'double', 'label': 'optional', 'nullable': true},"
    "  {'number': 5, 'name': 'offset', 'type': 'sint64', 'label': 'optional', 'nullable': true},"
    "  {'number': 6, 'name': 'byNumber', 'type': 'map', 'label': 'repeated', 'mapKey': 'int32',"
    "   'mapValue': 'string'}"
    " ],"
    " 'k8s.io.apimachinery.pkg.apis.meta.v1.Duration': ["
    "  {'number': 1, 'name': 'duration', 'type': 'int64', 'label': 'optional'}"
    " ]}";

} // namespace

class TestProtobufDecoder : public QObject
{
    Q_OBJECT

private slots:
    // What kubectl's `create` commands send, field for field as gogo marshals the Go object,
    // against the JSON the same object marshals to (what kubectl sends with JSON).
    void kubectlObjects_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QJsonObject>("expected");

        // kubectl create configmap app --from-literal=a=b --from-literal=empty= --from-file=bin
        // ConfigMap {1 metadata, 2 data, 3 binaryData, 4 immutable}
        QTest::newRow("configmap")
            << kubernetesBody("v1", "ConfigMap",
                              ProtoMessage()
                                  .message(1, objectMeta("app", "default"))
                                  .mapEntry(2, "a", QByteArray("b"))
                                  .mapEntry(2, "empty", QByteArray())
                                  .mapEntry(3, "bin", QByteArray("\x00\x01\x02\xff", 4)))
            << json("{'apiVersion':'v1','kind':'ConfigMap', "
                    "'metadata':{'name':'app','namespace':'default',"
                    "'creationTimestamp':null}, "
                    "'data':{'a':'b','empty':''},'binaryData':{'bin':'AAEC/w=='}}");

        // kubectl create secret generic s --from-literal=k=v --type=Opaque
        // Secret {1 metadata, 2 data (bytes), 3 type, 4 stringData, 5 immutable}
        QTest::newRow("secret") << kubernetesBody("v1", "Secret",
                                                  ProtoMessage()
                                                      .message(1, objectMeta("s"))
                                                      .mapEntry(2, "k", QByteArray("v"))
                                                      .mapEntry(2, "empty", QByteArray())
                                                      .string(3, "Opaque")
                                                      .mapEntry(4, "plain", QByteArray("text"))
                                                      .boolean(5, false))
                                << json("{'apiVersion':'v1','kind':'Secret', "
                                        "'metadata':{'name':'s','creationTimestamp':null}, "
                                        "'data':{'k':'dg==','empty':''},'type':'Opaque', "
                                        "'stringData':{'plain':'text'},'immutable':false}");

        // kubectl create namespace team: Namespace {1 metadata, 2 spec, 3 status {1 phase}}
        QTest::newRow("namespace")
            << kubernetesBody("v1", "Namespace",
                              ProtoMessage()
                                  .message(1, objectMeta("team"))
                                  .message(2, ProtoMessage())
                                  .message(3, ProtoMessage().string(1, QByteArray())))
            << json("{'apiVersion':'v1','kind':'Namespace', "
                    "'metadata':{'name':'team','creationTimestamp':null}, "
                    "'spec':{},'status':{}}");

        // kubectl create deployment web --image=nginx --replicas=2 --port=80, plus resources
        // and a rolling update strategy.
        // DeploymentSpec {1 replicas, 2 selector, 3 template, 4 strategy, 5 minReadySeconds,
        //   7 paused}; DeploymentStrategy {1 type, 2 rollingUpdate {1 maxUnavailable,
        //   2 maxSurge}}; LabelSelector {1 matchLabels}; PodTemplateSpec {1 metadata, 2 spec};
        // ContainerPort {1 name, 2 hostPort, 3 containerPort, 4 protocol, 5 hostIP};
        // ResourceRequirements {1 limits, 2 requests}; DeploymentStatus {1 observedGeneration,
        //   2 replicas, 3 updatedReplicas, 4 availableReplicas, 5 unavailableReplicas,
        //   7 readyReplicas}.
        {
            const ProtoMessage labels = ProtoMessage().mapEntry(11, "app", QByteArray("web"));
            ProtoMessage web = container("nginx", "nginx");
            web.message(6, ProtoMessage()
                               .string(1, QByteArray())
                               .varint(2, 0)
                               .varint(3, 80)
                               .string(4, "TCP")
                               .string(5, QByteArray()))
                .message(8, ProtoMessage()
                                .mapEntry(1, "memory", quantity("128Mi"))
                                .mapEntry(2, "cpu", quantity("250m"))
                                .mapEntry(2, "memory", quantity("64Mi")));
            QTest::newRow("deployment")
                << kubernetesBody(
                       "apps/v1", "Deployment",
                       ProtoMessage()
                           .message(1, objectMeta("web").raw(labels.encoded()))
                           .message(
                               2,
                               ProtoMessage()
                                   .varint(1, 2)
                                   .message(2, ProtoMessage().mapEntry(1, "app", QByteArray("web")))
                                   .message(3, ProtoMessage()
                                                   .message(1, ProtoMessage()
                                                                   .message(8, ProtoMessage())
                                                                   .raw(labels.encoded()))
                                                   .message(2, podSpec({web})))
                                   .message(4, ProtoMessage()
                                                   .string(1, "RollingUpdate")
                                                   .message(2, ProtoMessage()
                                                                   .message(1, intOrString(0))
                                                                   .message(2, intOrString("25%"))))
                                   .varint(5, 0)
                                   .boolean(7, false))
                           .message(3, ProtoMessage()
                                           .varint(1, 0)
                                           .varint(2, 0)
                                           .varint(3, 0)
                                           .varint(4, 0)
                                           .varint(5, 0)
                                           .varint(7, 0)))
                << json("{'apiVersion':'apps/v1','kind':'Deployment', "
                        "'metadata':{'name':'web','creationTimestamp':null,'labels':{"
                        "'app':'web'}}, "
                        "'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}}, "
                        "'template':{'metadata':{'creationTimestamp':null,'labels':{'app':"
                        "'web'}}, "
                        "'spec':{'containers':[{'name':'nginx','image':'nginx', "
                        "'ports':[{'containerPort':80,'protocol':'TCP'}], "
                        "'resources':{'limits':{'memory':'128Mi'}, "
                        "'requests':{'cpu':'250m','memory':'64Mi'}}}]}}, "
                        "'strategy':{'type':'RollingUpdate', "
                        "'rollingUpdate':{'maxUnavailable':0,'maxSurge':'25%'}}}, "
                        "'status':{}}");
        }

        // kubectl create service clusterip db --tcp=5432:pg --tcp=80:8080
        // ServiceSpec {1 ports, 2 selector, 3 clusterIP, 4 type, 7 sessionAffinity};
        // ServicePort {1 name, 2 protocol, 3 port, 4 targetPort, 5 nodePort};
        // ServiceStatus {1 loadBalancer}.
        QTest::newRow("service")
            << kubernetesBody("v1", "Service",
                              ProtoMessage()
                                  .message(1, objectMeta("db"))
                                  .message(2, ProtoMessage()
                                                  .message(1, ProtoMessage()
                                                                  .string(1, "5432-pg")
                                                                  .string(2, "TCP")
                                                                  .varint(3, 5432)
                                                                  .message(4, intOrString("pg"))
                                                                  .varint(5, 0))
                                                  .message(1, ProtoMessage()
                                                                  .string(1, "80-8080")
                                                                  .string(2, "TCP")
                                                                  .varint(3, 80)
                                                                  .message(4, intOrString(8080))
                                                                  .varint(5, 0))
                                                  .mapEntry(2, "app", QByteArray("db"))
                                                  .string(3, QByteArray())
                                                  .string(4, "ClusterIP")
                                                  .string(7, QByteArray()))
                                  .message(3, ProtoMessage().message(1, ProtoMessage())))
            << json("{'apiVersion':'v1','kind':'Service', "
                    "'metadata':{'name':'db','creationTimestamp':null}, "
                    "'spec':{'ports':[{'name':'5432-pg','protocol':'TCP','port':5432,"
                    "'targetPort':'pg'}, "
                    "{'name':'80-8080','protocol':'TCP','port':80,'targetPort':8080}], "
                    "'selector':{'app':'db'},'type':'ClusterIP'}, "
                    "'status':{'loadBalancer':{}}}");

        // kubectl create job once --image=busybox -- date, with explicit zero pointers.
        // JobSpec {6 template, 7 backoffLimit, 10 suspend}; JobStatus {4 active, 5 succeeded,
        // 6 failed, 7 completedIndexes}.
        {
            ProtoMessage busybox = container("once", "busybox");
            busybox.string(3, "date");
            QTest::newRow("job")
                << kubernetesBody(
                       "batch/v1", "Job",
                       ProtoMessage()
                           .message(1, objectMeta("once"))
                           .message(2, ProtoMessage()
                                           .message(6, ProtoMessage()
                                                           .message(1, objectMeta(""))
                                                           .message(2, podSpec({busybox}, "Never")))
                                           .varint(7, 0)
                                           .boolean(10, false))
                           .message(3, ProtoMessage().varint(4, 0).varint(5, 0).varint(6, 0).string(
                                           7, QByteArray())))
                << json("{'apiVersion':'batch/v1','kind':'Job', "
                        "'metadata':{'name':'once','creationTimestamp':null}, "
                        "'spec':{'template':{'metadata':{'creationTimestamp':null}, "
                        "'spec':{'containers':[{'name':'once','image':'busybox', "
                        "'command':['date'],'resources':{}}], "
                        "'restartPolicy':'Never'}}, "
                        "'backoffLimit':0,'suspend':false}, "
                        "'status':{}}");
        }

        // kubectl create cronjob nightly --image=busybox --schedule="0 3 * * *"
        // CronJobSpec {1 schedule, 3 concurrencyPolicy, 5 jobTemplate {1 metadata, 2 spec}}.
        QTest::newRow("cronjob")
            << kubernetesBody(
                   "batch/v1", "CronJob",
                   ProtoMessage()
                       .message(1, objectMeta("nightly"))
                       .message(
                           2,
                           ProtoMessage()
                               .string(1, "0 3 * * *")
                               .string(3, QByteArray())
                               .message(
                                   5,
                                   ProtoMessage()
                                       .message(1, objectMeta("nightly"))
                                       .message(
                                           2, ProtoMessage().message(
                                                  6, ProtoMessage()
                                                         .message(1, objectMeta(""))
                                                         .message(2, podSpec({container("nightly",
                                                                                        "busybox")},
                                                                             "OnFailure"))))))
                       .message(3, ProtoMessage()))
            << json("{'apiVersion':'batch/v1','kind':'CronJob', "
                    "'metadata':{'name':'nightly','creationTimestamp':null}, "
                    "'spec':{'schedule':'0 3 * * *', "
                    "'jobTemplate':{'metadata':{'name':'nightly','creationTimestamp':"
                    "null}, "
                    "'spec':{'template':{'metadata':{'creationTimestamp':null}, "
                    "'spec':{'containers':[{'name':'nightly','image':'busybox',"
                    "'resources':{}}], "
                    "'restartPolicy':'OnFailure'}}}}}, "
                    "'status':{}}");

        // kubectl create serviceaccount robot: ServiceAccount {1 metadata, 4 automount...}
        QTest::newRow("serviceaccount")
            << kubernetesBody("v1", "ServiceAccount",
                              ProtoMessage().message(1, objectMeta("robot")).boolean(4, false))
            << json("{'apiVersion':'v1','kind':'ServiceAccount', "
                    "'metadata':{'name':'robot','creationTimestamp':null}, "
                    "'automountServiceAccountToken':false}");

        // kubectl create quota q --hard=pods=10,requests.cpu=2: ResourceQuota {1 metadata,
        // 2 spec {1 hard}, 3 status}
        QTest::newRow("quota")
            << kubernetesBody("v1", "ResourceQuota",
                              ProtoMessage()
                                  .message(1, objectMeta("q"))
                                  .message(2, ProtoMessage()
                                                  .mapEntry(1, "pods", quantity("10"))
                                                  .mapEntry(1, "requests.cpu", quantity("2")))
                                  .message(3, ProtoMessage()))
            << json("{'apiVersion':'v1','kind':'ResourceQuota', "
                    "'metadata':{'name':'q','creationTimestamp':null}, "
                    "'spec':{'hard':{'pods':'10','requests.cpu':'2'}},'status':{}}");

        // kubectl create role reader --verb=get,list --resource=pods
        // Role {1 metadata, 2 rules}; PolicyRule {1 verbs, 2 apiGroups, 3 resources}
        QTest::newRow("role")
            << kubernetesBody(
                   "rbac.authorization.k8s.io/v1", "Role",
                   ProtoMessage()
                       .message(1, objectMeta("reader"))
                       .message(
                           2,
                           ProtoMessage().string(1, "get").string(1, "list").string(2, "").string(
                               3, "pods")))
            << json("{'apiVersion':'rbac.authorization.k8s.io/v1','kind':'Role', "
                    "'metadata':{'name':'reader','creationTimestamp':null}, "
                    "'rules':[{'verbs':['get','list'],'apiGroups':[''], "
                    "'resources':['pods']}]}");
    }
    void kubectlObjects()
    {
        QFETCH(QByteArray, body);
        QFETCH(QJsonObject, expected);
        const Result<QJsonObject> decoded = decodeKubernetesProtobuf(body);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        QCOMPARE(compact(*decoded), compact(expected));
    }

    // Bodies the real kubectl sent for `kubectl create …` (1.32 and 1.33 send the same
    // bytes), each against what the same command prints with --dry-run=client -o json: the
    // JSON of the same Go object. capture-kubectl-bodies.py records them.
    void realKubectlBodies_data()
    {
        QTest::addColumn<QString>("name");
        const QDir dir(QStringLiteral(FLOTILLA_KUBECTL_CAPTURES));
        const QStringList bodies = dir.entryList({QStringLiteral("*.pb")}, QDir::Files);
        QVERIFY(bodies.size() >= 19);
        for (const QString &body : bodies) {
            const QString name = body.chopped(3);
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
        }
    }
    void realKubectlBodies()
    {
        QFETCH(QString, name);
        QFile body(name + QStringLiteral(".pb"));
        QFile expected(name + QStringLiteral(".json"));
        QVERIFY(body.open(QIODevice::ReadOnly));
        QVERIFY(expected.open(QIODevice::ReadOnly));
        const Result<QJsonObject> decoded = decodeKubernetesProtobuf(body.readAll());
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        QCOMPARE(compact(*decoded), compact(QJsonDocument::fromJson(expected.readAll()).object()));
    }

    void metadata()
    {
        // ObjectMeta {7 generation, 8 creationTimestamp, 9 deletionTimestamp,
        // 10 deletionGracePeriodSeconds, 11 labels, 12 annotations, 13 ownerReferences,
        // 14 finalizers, 17 managedFields}; Time {1 seconds, 2 nanos};
        // OwnerReference {1 kind, 3 name, 4 uid, 5 apiVersion, 6 controller,
        //   7 blockOwnerDeletion}; ManagedFieldsEntry {1 manager, 2 operation, 3 apiVersion,
        //   4 time, 6 fieldsType, 7 fieldsV1 {1 Raw}}.
        const ProtoMessage meta =
            ProtoMessage()
                .string(1, "web")
                .string(5, "6b1d-uid")
                .string(6, "42")
                .varint(7, 3)
                .message(8, ProtoMessage().varint(1, 1795773600).varint(2, 999))
                .message(9, ProtoMessage().varint(1, 1709251199))
                .varint(10, 0)
                .mapEntry(11, "app", QByteArray("web"))
                .mapEntry(11, "tier", QByteArray("front"))
                .mapEntry(12, "note", QByteArray("über \"quoted\""))
                .message(13, ProtoMessage()
                                 .string(1, "ReplicaSet")
                                 .string(3, "web-1")
                                 .string(4, "rs-uid")
                                 .string(5, "apps/v1")
                                 .boolean(6, true))
                .string(14, "example.com/cleanup")
                .string(14, "kubernetes")
                .message(17, ProtoMessage()
                                 .string(1, "kubectl")
                                 .string(2, "Update")
                                 .string(3, "v1")
                                 .message(4, ProtoMessage().varint(1, 1772353815))
                                 .string(6, "FieldsV1")
                                 .message(7, ProtoMessage().bytes(1, "{\"f:data\":{\".\":{}}}"))
                                 .string(8, QByteArray()));
        const Result<QJsonObject> decoded = decodeKubernetesProtobuf(
            kubernetesBody("v1", "ConfigMap", ProtoMessage().message(1, meta)));
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        const QJsonObject expected1 =
            json("{'name':'web','uid':'6b1d-uid','resourceVersion':'42', "
                 "'generation':3,'creationTimestamp':'2026-11-27T10:00:00Z', "
                 "'deletionTimestamp':'2024-02-29T23:59:59Z','deletionGracePeriodSeconds':0, "
                 "'labels':{'app':'web','tier':'front'}, "
                 "'annotations':{'note':'über \\\"quoted\\\"'}, "
                 "'ownerReferences':[{'kind':'ReplicaSet','name':'web-1','uid':'rs-uid', "
                 "'apiVersion':'apps/v1','controller':true}], "
                 "'finalizers':['example.com/cleanup','kubernetes'], "
                 "'managedFields':[{'manager':'kubectl','operation':'Update','apiVersion':"
                 "'v1', "
                 "'time':'2026-03-01T08:30:15Z','fieldsType':'FieldsV1', "
                 "'fieldsV1':{'f:data':{'.':{}}}}]}");
        QCOMPARE(compact(decoded->value(QLatin1String("metadata")).toObject()), compact(expected1));
    }

    void microTimeAndEmbeddedJson()
    {
        // events/v1 Event {1 metadata, 2 eventTime (MicroTime), 7 reason,
        // 13 deprecatedFirstTimestamp (Time)}; apps/v1 ControllerRevision {2 data, 3 revision}.
        Result<QJsonObject> event = decodeKubernetesProtobuf(kubernetesBody(
            "events.k8s.io/v1", "Event",
            ProtoMessage()
                .message(1, objectMeta("e"))
                .message(2, ProtoMessage().varint(1, 1795773600).varint(2, 123456789))
                .string(7, "Started")
                .message(13, ProtoMessage())));
        QVERIFY2(event.ok(), qPrintable(event.error().message));
        QCOMPARE(event->value(QLatin1String("eventTime")).toString(),
                 QStringLiteral("2026-11-27T10:00:00.123456Z"));
        QVERIFY(event->value(QLatin1String("deprecatedFirstTimestamp")).isNull());
        QVERIFY(event->contains(QLatin1String("deprecatedFirstTimestamp")));

        Result<QJsonObject> revision = decodeKubernetesProtobuf(kubernetesBody(
            "apps/v1", "ControllerRevision",
            ProtoMessage()
                .message(1, objectMeta("r"))
                .message(2, ProtoMessage().bytes(
                                1, "{\"spec\":{\"template\":{\"$patch\":\"replace\"}}}"))
                .varint(3, 7)));
        QVERIFY2(revision.ok(), qPrintable(revision.error().message));
        const QJsonObject expected2 = json("{'spec':{'template':{'$patch':'replace'}}}");
        QCOMPARE(compact(revision->value(QLatin1String("data")).toObject()), compact(expected2));
        QCOMPARE(revision->value(QLatin1String("revision")).toInt(), 7);

        // An empty RawExtension is Go's nil Raw: null.
        Result<QJsonObject> empty = decodeKubernetesProtobuf(kubernetesBody(
            "apps/v1", "ControllerRevision", ProtoMessage().message(2, ProtoMessage())));
        QVERIFY2(empty.ok(), qPrintable(empty.error().message));
        QVERIFY(empty->value(QLatin1String("data")).isNull());
    }

    void inlineStructs()
    {
        // Volume {1 name, 2 volumeSource (inline)}; VolumeSource {19 configMap};
        // ConfigMapVolumeSource {1 localObjectReference (inline) {1 name}, 3 defaultMode};
        // Container {10 livenessProbe}; Probe {1 handler (inline), 2 initialDelaySeconds};
        // ProbeHandler {2 httpGet}; HTTPGetAction {1 path, 2 port, 3 host, 4 scheme}.
        ProtoMessage app = container("app", "app:1");
        app.message(10,
                    ProtoMessage()
                        .message(1, ProtoMessage().message(2, ProtoMessage()
                                                                  .string(1, "/healthz")
                                                                  .message(2, intOrString("http"))
                                                                  .string(3, QByteArray())
                                                                  .string(4, "HTTP")))
                        .varint(2, 5));
        ProtoMessage spec = ProtoMessage().message(
            1, ProtoMessage()
                   .string(1, "config")
                   .message(2, ProtoMessage().message(
                                   19, ProtoMessage()
                                           .message(1, ProtoMessage().string(1, "app-config"))
                                           .varint(3, 420))));
        spec.message(2, app);
        const Result<QJsonObject> decoded =
            decodeKubernetesProtobuf(kubernetesBody("v1", "Pod", ProtoMessage().message(2, spec)));
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        const QJsonObject expected3 =
            json("{'volumes':[{'name':'config', "
                 "'configMap':{'name':'app-config','defaultMode':420}}], "
                 "'containers':[{'name':'app','image':'app:1','resources':{}, "
                 "'livenessProbe':{'httpGet':{'path':'/healthz','port':'http', "
                 "'scheme':'HTTP'}, "
                 "'initialDelaySeconds':5}}]}");
        QCOMPARE(compact(decoded->value(QLatin1String("spec")).toObject()), compact(expected3));
    }

    void jsonNameDiffersFromProtoName()
    {
        // authentication/v1 TokenRequest {2 spec}; TokenRequestSpec {3 boundObjectRef};
        // BoundObjectReference {1 kind, 2 apiVersion, 3 name, 4 uID (JSON "uid")}.
        const Result<QJsonObject> decoded = decodeKubernetesProtobuf(kubernetesBody(
            "authentication.k8s.io/v1", "TokenRequest",
            ProtoMessage().message(
                2, ProtoMessage().message(
                       3, ProtoMessage().string(1, "Pod").string(3, "p").string(4, "pod-uid")))));
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        const QJsonObject expected4 =
            json("{'boundObjectRef':{'kind':'Pod','name':'p','uid':'pod-uid'}}");
        QCOMPARE(compact(decoded->value(QLatin1String("spec")).toObject()), compact(expected4));
    }

    void stringListWrapper()
    {
        // TokenReview {3 status}; TokenReviewStatus {1 authenticated, 2 user};
        // UserInfo {1 username, 3 groups, 4 extra map<string, ExtraValue {1 items}>}.
        const Result<QJsonObject> decoded = decodeKubernetesProtobuf(kubernetesBody(
            "authentication.k8s.io/v1", "TokenReview",
            ProtoMessage().message(
                3, ProtoMessage().boolean(1, true).message(
                       2, ProtoMessage()
                              .string(1, "alice")
                              .string(3, "devs")
                              .mapEntry(4, "scopes",
                                        ProtoMessage().string(1, "read").string(1, "write"))
                              .mapEntry(4, "none", ProtoMessage())))));
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        const QJsonObject expected5 =
            json("{'authenticated':true,'user':{'username':'alice', "
                 "'groups':['devs'],'extra':{'scopes':['read','write'],'none':null}}}");
        QCOMPARE(compact(decoded->value(QLatin1String("status")).toObject()), compact(expected5));
    }

    void wireVariants()
    {
        // PodSecurityContext {2 runAsUser, 4 supplementalGroups (repeated int64)}, reached
        // through Pod {2 spec}, PodSpec {14 securityContext}.
        const auto groups = [](const ProtoMessage &securityContext) {
            const Result<QJsonObject> decoded = decodeKubernetesProtobuf(kubernetesBody(
                "v1", "Pod",
                ProtoMessage().message(2, ProtoMessage().message(14, securityContext))));
            if (!decoded)
                return decoded.error().message;
            return compact(decoded->value(QLatin1String("spec"))
                               .toObject()
                               .value(QLatin1String("securityContext"))
                               .toObject());
        };
        const QString expected = QString::fromUtf8("{\"supplementalGroups\":[1,2,3000]}");
        const QString zeroUser = QString::fromUtf8("{\"runAsUser\":0}");
        const QString minusOneUser = QString::fromUtf8("{\"runAsUser\":-1}");
        QCOMPARE(groups(ProtoMessage().varint(4, 1).varint(4, 2).varint(4, 3000)), expected);
        QCOMPARE(groups(ProtoMessage().packed(4, {1, 2, 3000})), expected);
        QCOMPARE(groups(ProtoMessage().packed(4, {1}).varint(4, 2).packed(4, {3000})), expected);
        // A pointer's zero is kept, and negative int64 values take ten bytes.
        QCOMPARE(groups(ProtoMessage().varint(2, 0)), zeroUser);
        QCOMPARE(groups(ProtoMessage().varint(2, -1)), minusOneUser);
        // An empty packed run leaves the list empty, which Go omits.
        QCOMPARE(groups(ProtoMessage().packed(4, {})), QStringLiteral("{}"));
    }

    void unknownFieldsAreSkipped()
    {
        // Fields from a newer Kubernetes, of every wire type, at the top and nested.
        ProtoMessage unknown;
        unknown.varint(900, 7)
            .fixed32(901, 1)
            .fixed64(902, 2)
            .string(903, "future")
            .group(904, ProtoMessage().varint(1, 1).group(2, ProtoMessage().string(3, "x")));
        const Result<QJsonObject> decoded = decodeKubernetesProtobuf(
            kubernetesBody("v1", "ConfigMap",
                           ProtoMessage()
                               .raw(unknown.encoded())
                               .message(1, ProtoMessage().raw(unknown.encoded()).string(1, "cm"))
                               .mapEntry(2, "k", QByteArray("v"))
                               .raw(unknown.encoded())));
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        const QJsonObject expected6 =
            json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm'}, "
                 "'data':{'k':'v'}}");
        QCOMPARE(compact(*decoded), compact(expected6));
    }

    void repeatedSingularFieldsMerge()
    {
        // Protobuf merges a singular message sent twice; a scalar's last value wins, as does
        // a map key's.
        const Result<QJsonObject> decoded = decodeKubernetesProtobuf(kubernetesBody(
            "v1", "ConfigMap",
            ProtoMessage()
                .message(1, ProtoMessage().string(1, "first").mapEntry(11, "a", QByteArray("1")))
                .message(1, ProtoMessage().string(1, "second").mapEntry(11, "b", QByteArray("2")))
                .mapEntry(2, "k", QByteArray("old"))
                .mapEntry(2, "k", QByteArray("new"))));
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        const QJsonObject expected7 =
            json("{'apiVersion':'v1','kind':'ConfigMap', "
                 "'metadata':{'name':'second','labels':{'a':'1','b':'2'}}, "
                 "'data':{'k':'new'}}");
        QCOMPARE(compact(*decoded), compact(expected7));
    }

    void otherScalarTypes()
    {
        // Types Kubernetes' messages do not use today, through a schema of the test's own.
        const auto schema = schemaFrom(kTreeSchema);
        const MessageDescriptor *tree = schema->message(QStringLiteral("k8s.io.api.core.v1.Tree"));
        QVERIFY(tree);
        ProtoMessage message;
        message.message(2, ProtoMessage().varint(1, 5400'000'000'000))
            .fixed32(3, 0x3fc00000) // 1.5f
            .packed(3, {})
            .fixed64(4, 0x4004000000000000) // 2.5
            .varint(5, 5)                   // zigzag: -3
            .message(6, ProtoMessage().varint(1, 7).string(2, "seven"))
            .message(6, ProtoMessage().varint(1, -2).string(2, "minus two"));
        const Result<QJsonObject> decoded =
            decodeProtobufMessage(*tree, WireChunk{message.encoded(), 0});
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        const QJsonObject expected8 =
            json("{'every':'1h30m0s','weights':[1.5],'ratio':2.5,'offset':-3, "
                 "'byNumber':{'7':'seven','-2':'minus two'}}");
        QCOMPARE(compact(*decoded), compact(expected8));

        // Packed fixed32 values.
        QByteArray packedFloats;
        for (const quint32 bits : {0x3f800000u, 0x40000000u}) // 1.0f, 2.0f
            for (int i = 0; i < 4; ++i)
                packedFloats.append(char(bits >> (8 * i)));
        const Result<QJsonObject> floats = decodeProtobufMessage(
            *tree, WireChunk{ProtoMessage().bytes(3, packedFloats).encoded(), 0});
        QVERIFY2(floats.ok(), qPrintable(floats.error().message));
        const QString expectedFloats = QString::fromUtf8("{\"weights\":[1,2]}");
        QCOMPARE(compact(*floats), expectedFloats);
    }

    void nestingLimit()
    {
        const auto schema = schemaFrom(kTreeSchema);
        // Tree {1 child} nested depth times, built inside out in linear time.
        const auto nested = [](int depth) {
            QList<QByteArray> headers;
            quint64 length = 0;
            for (int i = 0; i < depth; ++i) {
                headers.append(QByteArray(QByteArray("\x0a") + ProtoMessage::varintBytes(length)));
                length += quint64(headers.last().size());
            }
            QByteArray object;
            object.reserve(qsizetype(length));
            for (auto it = headers.crbegin(); it != headers.crend(); ++it)
                object += *it;
            return kubernetesBody("v1", "Tree", ProtoMessage().raw(object));
        };
        const Result<QJsonObject> shallow =
            decodeKubernetesProtobuf(nested(kMaxProtobufNestingDepth), *schema);
        QVERIFY2(shallow.ok(), qPrintable(shallow.error().message));
        const Result<QJsonObject> deep =
            decodeKubernetesProtobuf(nested(kMaxProtobufNestingDepth + 1), *schema);
        QVERIFY(!deep.ok());
        QCOMPARE(deep.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(deep.error().message.contains(QLatin1String("nested deeper than 64")),
                 qPrintable(deep.error().message));
        // Far deeper still ends in the same error, not in a stack overflow.
        QVERIFY(!decodeKubernetesProtobuf(nested(100'000), *schema).ok());
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message"); // a part of the error message

        const ProtoMessage cm = ProtoMessage().message(1, objectMeta("x"));
        QTest::newRow("empty") << QByteArray() << QStringLiteral("must start with");
        QTest::newRow("JSON") << QByteArray("{\"kind\":\"ConfigMap\"}")
                              << QStringLiteral("must start with");
        QTest::newRow("magic only, no kind")
            << QByteArray("k8s\0", 4) << QStringLiteral("names no apiVersion and kind");
        QTest::newRow("wrong magic") << QByteArray(QByteArray("k8s\1", 4) + cm.encoded())
                                     << QStringLiteral("must start with");
        QTest::newRow("truncated varint")
            << QByteArray(QByteArray("k8s\0", 4) + QByteArray("\x08\x80\x80", 3))
            << QStringLiteral("truncated varint");
        QTest::newRow("varint over 10 bytes")
            << QByteArray(QByteArray("k8s\0", 4) + QByteArray("\x08") + QByteArray(11, '\xff'))
            << QStringLiteral("longer than 10 bytes");
        QTest::newRow("length past the end")
            << QByteArray(QByteArray("k8s\0", 4) + QByteArray("\x12\x10short", 7))
            << QStringLiteral("runs past the end");
        QTest::newRow("huge length") << QByteArray(QByteArray("k8s\0", 4) + QByteArray("\x12") +
                                                   ProtoMessage::varintBytes(quint64(1) << 62))
                                     << QStringLiteral("runs past the end");
        QTest::newRow("field number 0")
            << QByteArray(QByteArray("k8s\0", 4) + QByteArray("\x00\x01", 2))
            << QStringLiteral("invalid field number 0");
        QTest::newRow("wire type 7") << QByteArray(QByteArray("k8s\0", 4) + QByteArray("\x0f", 1))
                                     << QStringLiteral("invalid wire type 7");
        QTest::newRow("unknown kind")
            << kubernetesBody("v1", "Widget", cm) << QStringLiteral("kind \"Widget\" of \"v1\"");
        QTest::newRow("custom resource")
            << kubernetesBody("example.com/v1", "Deployment", cm)
            << QStringLiteral("kind \"Deployment\" of \"example.com/v1\" has no protobuf form");
        QTest::newRow("not an object kind")
            << kubernetesBody("meta.k8s.io/v1", "Time", cm) << QStringLiteral("kind \"Time\"");
        QTest::newRow("gzip") << kubernetesBody("v1", "ConfigMap", cm, "gzip")
                              << QStringLiteral("content encoding \"gzip\"");
        QTest::newRow("JSON inside")
            << kubernetesBody("v1", "ConfigMap", cm, QByteArray(), "application/json")
            << QStringLiteral("\"application/json\" content");
        QTest::newRow("truncated object")
            << kubernetesBody("v1", "ConfigMap", ProtoMessage().raw(cm.encoded().chopped(3)))
            << QStringLiteral("ConfigMap: malformed protobuf at byte");
        QTest::newRow("wrong wire type names the field")
            << kubernetesBody("apps/v1", "Deployment",
                              ProtoMessage().message(2, ProtoMessage().string(1, "two")))
            << QStringLiteral("(in .spec.replicas)");
        QTest::newRow("error inside a list names the element")
            << kubernetesBody("v1", "Pod",
                              ProtoMessage().message(
                                  2, ProtoMessage()
                                         .message(2, container("a", "a"))
                                         .message(2, ProtoMessage().string(1, "b").varint(2, 1))))
            << QStringLiteral("(in .spec.containers[1].image)");
        QTest::newRow("integer beyond 2^53")
            << kubernetesBody("v1", "ConfigMap",
                              ProtoMessage().message(1, ProtoMessage().varint(7, qint64(1) << 60)))
            << QStringLiteral("too large for JSON");
        QTest::newRow("time beyond year 9999")
            << kubernetesBody(
                   "v1", "ConfigMap",
                   ProtoMessage().message(
                       1, ProtoMessage().message(8, ProtoMessage().varint(1, qint64(1) << 40))))
            << QStringLiteral("outside the years 0000-9999 (in .metadata.creationTimestamp)");
        QTest::newRow("IntOrString of type 2")
            << kubernetesBody(
                   "v1", "Service",
                   ProtoMessage().message(
                       2, ProtoMessage().message(
                              1, ProtoMessage().message(4, ProtoMessage().varint(1, 2)))))
            << QStringLiteral("IntOrString type 2");
        QTest::newRow("embedded object that is not JSON")
            << kubernetesBody("apps/v1", "ControllerRevision",
                              ProtoMessage().message(2, ProtoMessage().bytes(1, "{not json")))
            << QStringLiteral("not JSON");
        QTest::newRow("embedded JSON too deep")
            << kubernetesBody("apps/v1", "ControllerRevision",
                              ProtoMessage().message(
                                  2, ProtoMessage().bytes(1, QByteArray(QByteArray(150, '[') +
                                                                        QByteArray(150, ']')))))
            << QStringLiteral("embedded JSON nested deeper");
        QTest::newRow("unclosed group")
            << kubernetesBody("v1", "ConfigMap",
                              ProtoMessage().raw(QByteArray("\xc3\x38\x08\x01", 4)))
            << QStringLiteral("is not closed");
        QTest::newRow("map entry with a wrong wire type")
            << kubernetesBody("v1", "ConfigMap",
                              ProtoMessage().message(2, ProtoMessage().varint(1, 5)))
            << QStringLiteral("map key has wire type varint");
    }
    void malformed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        const Result<QJsonObject> decoded = decodeKubernetesProtobuf(body);
        QVERIFY2(!decoded.ok(), qPrintable(compact(decoded.ok() ? *decoded : QJsonObject())));
        QCOMPARE(decoded.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(decoded.error().message.contains(message), qPrintable(decoded.error().message));
    }

    void everyPrefixFailsCleanly()
    {
        // Every truncation of a real body either decodes or fails with InvalidArgument (gogo's
        // messages may end anywhere between fields), and never reads out of bounds (ASan).
        ProtoMessage spec = ProtoMessage().message(2, container("a", "nginx"));
        const QByteArray body = kubernetesBody(
            "v1", "Pod", ProtoMessage().message(1, objectMeta("p", "default")).message(2, spec));
        for (qsizetype size = 0; size < body.size(); ++size) {
            const Result<QJsonObject> decoded = decodeKubernetesProtobuf(body.first(size));
            if (!decoded.ok())
                QCOMPARE(decoded.error().code, ErrorCode::InvalidArgument);
        }
    }

    void messageNames_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("core") << QStringLiteral("v1") << QStringLiteral("ConfigMap")
                              << QStringLiteral("k8s.io.api.core.v1.ConfigMap");
        QTest::newRow("apps") << QStringLiteral("apps/v1") << QStringLiteral("Deployment")
                              << QStringLiteral("k8s.io.api.apps.v1.Deployment");
        QTest::newRow("networking")
            << QStringLiteral("networking.k8s.io/v1") << QStringLiteral("Ingress")
            << QStringLiteral("k8s.io.api.networking.v1.Ingress");
        QTest::newRow("rbac") << QStringLiteral("rbac.authorization.k8s.io/v1")
                              << QStringLiteral("RoleBinding")
                              << QStringLiteral("k8s.io.api.rbac.v1.RoleBinding");
        QTest::newRow("internal") << QStringLiteral("internal.apiserver.k8s.io/v1alpha1")
                                  << QStringLiteral("StorageVersion")
                                  << QStringLiteral(
                                         "k8s.io.api.apiserverinternal.v1alpha1.StorageVersion");
        QTest::newRow("meta") << QStringLiteral("meta.k8s.io/v1") << QStringLiteral("Status")
                              << QStringLiteral("k8s.io.apimachinery.pkg.apis.meta.v1.Status");
        QTest::newRow("custom group")
            << QStringLiteral("apps.example.com/v1") << QStringLiteral("Deployment") << QString();
        QTest::newRow("dotted kind")
            << QStringLiteral("v1") << QStringLiteral("x.ConfigMap") << QString();
        QTest::newRow("no version")
            << QStringLiteral("apps/") << QStringLiteral("Deployment") << QString();
    }
    void messageNames()
    {
        QFETCH(QString, apiVersion);
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QCOMPARE(protobufMessageName(apiVersion, kind), expected);
    }

    void metaKindsInAnyGroup()
    {
        // DeleteOptions {1 gracePeriodSeconds, 3 orphanDependents, 4 propagationPolicy,
        // 5 dryRun}, registered in every group version.
        const Result<QJsonObject> decoded = decodeKubernetesProtobuf(
            kubernetesBody("apps/v1", "DeleteOptions",
                           ProtoMessage().varint(1, 0).string(4, "Background").string(5, "All")));
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        const QJsonObject expected9 =
            json("{'apiVersion':'apps/v1','kind':'DeleteOptions', "
                 "'gracePeriodSeconds':0,'propagationPolicy':'Background','dryRun':['All']}");
        QCOMPARE(compact(*decoded), compact(expected9));
    }
};

QTEST_GUILESS_MAIN(TestProtobufDecoder)
#include "tst_protobufdecoder.moc"
