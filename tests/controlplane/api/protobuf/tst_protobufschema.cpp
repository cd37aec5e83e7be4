#include "protobuf/protobufschema.h"

#include <QTest>

using namespace flotilla;
using namespace flotilla::api;

namespace {

const FieldDescriptor *field(const char *message, int number)
{
    const MessageDescriptor *descriptor =
        ProtobufSchema::builtin().message(QString::fromLatin1(message));
    return descriptor ? descriptor->field(number) : nullptr;
}

} // namespace

class TestProtobufSchema : public QObject
{
    Q_OBJECT

private slots:
    void builtinHasTheServedKinds_data()
    {
        QTest::addColumn<QString>("message");
        for (const char *name : {"k8s.io.api.core.v1.ConfigMap",
                                 "k8s.io.api.core.v1.Secret",
                                 "k8s.io.api.core.v1.Namespace",
                                 "k8s.io.api.core.v1.Service",
                                 "k8s.io.api.core.v1.ServiceAccount",
                                 "k8s.io.api.core.v1.ResourceQuota",
                                 "k8s.io.api.core.v1.Pod",
                                 "k8s.io.api.apps.v1.Deployment",
                                 "k8s.io.api.apps.v1.StatefulSet",
                                 "k8s.io.api.batch.v1.Job",
                                 "k8s.io.api.batch.v1.CronJob",
                                 "k8s.io.api.networking.v1.Ingress",
                                 "k8s.io.api.rbac.v1.Role",
                                 "k8s.io.api.rbac.v1.ClusterRoleBinding",
                                 "k8s.io.api.policy.v1.PodDisruptionBudget",
                                 "k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler",
                                 "k8s.io.api.authentication.v1.TokenRequest",
                                 "k8s.io.api.coordination.v1.Lease",
                                 "k8s.io.api.discovery.v1.EndpointSlice",
                                 "k8s.io.api.storage.v1.StorageClass",
                                 "k8s.io.api.scheduling.v1.PriorityClass",
                                 "k8s.io.api.node.v1.RuntimeClass",
                                 "k8s.io.api.events.v1.Event",
                                 "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void builtinHasTheServedKinds()
    {
        QFETCH(QString, message);
        const MessageDescriptor *descriptor = ProtobufSchema::builtin().message(message);
        QVERIFY(descriptor);
        QVERIFY(!descriptor->fields.isEmpty());
        // Every object kind starts with its metadata.
        QCOMPARE(descriptor->fields.first().number, 1);
    }

    void fieldFacts()
    {
        // DeploymentSpec.replicas is *int32, minReadySeconds int32.
        const FieldDescriptor *replicas = field("k8s.io.api.apps.v1.DeploymentSpec", 1);
        QVERIFY(replicas);
        QCOMPARE(replicas->jsonName, QStringLiteral("replicas"));
        QCOMPARE(replicas->type, ProtoType::Int32);
        QVERIFY(replicas->nullable);
        const FieldDescriptor *minReady = field("k8s.io.api.apps.v1.DeploymentSpec", 5);
        QVERIFY(minReady && !minReady->nullable);

        const FieldDescriptor *template_ = field("k8s.io.api.apps.v1.DeploymentSpec", 3);
        QVERIFY(template_ && template_->message);
        QCOMPARE(template_->message->fullName,
                 QStringLiteral("k8s.io.api.core.v1.PodTemplateSpec"));

        const FieldDescriptor *data = field("k8s.io.api.core.v1.Secret", 2);
        QVERIFY(data);
        QCOMPARE(data->type, ProtoType::Map);
        QCOMPARE(data->mapKey, ProtoType::String);
        QCOMPARE(data->mapValue, ProtoType::Bytes);

        const FieldDescriptor *limits = field("k8s.io.api.core.v1.ResourceRequirements", 1);
        QVERIFY(limits && limits->message);
        QCOMPARE(limits->mapValue, ProtoType::Message);
        QCOMPARE(limits->message->wellKnown, WellKnownType::Quantity);

        QVERIFY(field("k8s.io.api.core.v1.Volume", 2)->inlined);
        QVERIFY(field("k8s.io.api.core.v1.Probe", 1)->inlined);
        QVERIFY(!field("k8s.io.api.rbac.v1.RoleBinding", 3)->inlined); // roleRef
        QCOMPARE(field("k8s.io.api.authentication.v1.BoundObjectReference", 4)->jsonName,
                 QStringLiteral("uid"));
        QVERIFY(field("k8s.io.api.core.v1.PodSecurityContext", 4)->repeated);

        QCOMPARE(field("k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta", 8)->message->wellKnown,
                 WellKnownType::Time);
        QCOMPARE(field("k8s.io.api.events.v1.Event", 2)->message->wellKnown,
                 WellKnownType::MicroTime);
        QCOMPARE(field("k8s.io.api.core.v1.ServicePort", 4)->message->wellKnown,
                 WellKnownType::IntOrString);
        QCOMPARE(field("k8s.io.api.apps.v1.ControllerRevision", 2)->message->wellKnown,
                 WellKnownType::RawExtension);
        QCOMPARE(field("k8s.io.api.authentication.v1.UserInfo", 4)->message->wellKnown,
                 WellKnownType::StringList);
        QVERIFY(!field("k8s.io.api.core.v1.ConfigMap", 99));
    }

    void brokenData_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not JSON") << QByteArray("{") << QStringLiteral("not a JSON object");
        QTest::newRow("unknown message type")
            << QByteArray("{'a.M':[{'number':1,'name':'x','type':'message','label':"
                          "'optional', "
                          "'messageType':'a.Gone'}]}")
            << QStringLiteral("unknown message \"a.Gone\"");
        QTest::newRow("unknown type")
            << QByteArray("{'a.M':[{'number':1,'name':'x','type':'uint128','label':"
                          "'optional'}]}")
            << QStringLiteral("unknown type \"uint128\"");
        QTest::newRow("number twice")
            << QByteArray("{'a.M':[{'number':1,'name':'x','type':'string','label':"
                          "'optional'}, "
                          "{'number':1,'name':'y','type':'string','label':'optional'}]}")
            << QStringLiteral("field number 1 twice");
        QTest::newRow("number zero") << QByteArray("{'a.M':[{'number':0,'name':'x',"
                                                   "'type':'string','label':'optional'}]}")
                                     << QStringLiteral("without a valid number");
        QTest::newRow("bytes map key")
            << QByteArray("{'a.M':[{'number':1,'name':'x','type':'map','label':"
                          "'repeated', "
                          "'mapKey':'bytes','mapValue':'string'}]}")
            << QStringLiteral("has no valid key");
        QTest::newRow("inline scalar") << QByteArray("{'a.M':[{'number':1,'name':'x',"
                                                     "'type':'string','label':'optional', "
                                                     "'inline':true}]}")
                                       << QStringLiteral("no single message");
    }
    void brokenData()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        // Written with single quotes, which become JSON's double quotes.
        const auto schema = ProtobufSchema::fromJson(json.replace('\'', '"'));
        QVERIFY(!schema.ok());
        QCOMPARE(schema.error().code, ErrorCode::Corrupt);
        QVERIFY2(schema.error().message.contains(message), qPrintable(schema.error().message));
    }
};

QTEST_GUILESS_MAIN(TestProtobufSchema)
#include "tst_protobufschema.moc"
