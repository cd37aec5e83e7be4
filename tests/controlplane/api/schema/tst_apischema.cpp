#include "schema/apischema.h"

#include <QTest>

using namespace flotilla;
using namespace flotilla::api;

namespace {

// Walks a dotted path of properties; "[]" steps into array items, "{}" into map values.
SchemaNode walk(SchemaNode node, const QString &path)
{
    for (const QString &step : path.split(QLatin1Char('.'), Qt::SkipEmptyParts)) {
        if (step == QLatin1String("[]"))
            node = node.items();
        else if (step == QLatin1String("{}"))
            node = node.additionalProperties();
        else
            node = node.property(step);
    }
    return node;
}

} // namespace

class TestApiSchema : public QObject
{
    Q_OBJECT

private slots:
    void builtinHasEveryServedKind_data()
    {
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("schemaName");
        QTest::newRow("pod") << ""
                             << "Pod"
                             << "io.k8s.api.core.v1.Pod";
        QTest::newRow("deployment") << "apps"
                                    << "Deployment"
                                    << "io.k8s.api.apps.v1.Deployment";
        QTest::newRow("ingress") << "networking.k8s.io"
                                 << "Ingress"
                                 << "io.k8s.api.networking.v1.Ingress";
        QTest::newRow("lease") << "coordination.k8s.io"
                               << "Lease"
                               << "io.k8s.api.coordination.v1.Lease";
        QTest::newRow("events") << "events.k8s.io"
                                << "Event"
                                << "io.k8s.api.events.v1.Event";
        QTest::newRow("core events") << ""
                                     << "Event"
                                     << "io.k8s.api.core.v1.Event";
        QTest::newRow("scale") << "autoscaling"
                               << "Scale"
                               << "io.k8s.api.autoscaling.v1.Scale";
    }

    void builtinHasEveryServedKind()
    {
        QFETCH(QString, group);
        QFETCH(QString, kind);
        QFETCH(QString, schemaName);
        const ApiSchema &schema = ApiSchema::builtin();
        QVERIFY(schema.kindCount() >= 90);
        const SchemaNode node = schema.forKind({group, QStringLiteral("v1"), kind});
        QVERIFY(node.isValid());
        QCOMPARE(node.definitionName(), schemaName);
        QCOMPARE(node.type(), QStringLiteral("object"));
    }

    void mergeKeysAndStrategies_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("mergeKey");
        QTest::newRow("containers") << "spec.template.spec.containers"
                                    << "merge"
                                    << "name";
        QTest::newRow("env") << "spec.template.spec.containers.[].env"
                             << "merge"
                             << "name";
        QTest::newRow("ports") << "spec.template.spec.containers.[].ports"
                               << "merge"
                               << "containerPort";
        QTest::newRow("volumeMounts") << "spec.template.spec.containers.[].volumeMounts"
                                      << "merge"
                                      << "mountPath";
        QTest::newRow("volumes") << "spec.template.spec.volumes"
                                 << "merge,retainKeys"
                                 << "name";
        QTest::newRow("strategy") << "spec.strategy"
                                  << "retainKeys"
                                  << "";
        QTest::newRow("args replaced") << "spec.template.spec.containers.[].args"
                                       << ""
                                       << "";
        QTest::newRow("tolerations replaced") << "spec.template.spec.tolerations"
                                              << ""
                                              << "";
        QTest::newRow("finalizers") << "metadata.finalizers"
                                    << "merge"
                                    << "";
        QTest::newRow("ownerReferences") << "metadata.ownerReferences"
                                         << "merge"
                                         << "uid";
        QTest::newRow("conditions") << "status.conditions"
                                    << "merge"
                                    << "type";
    }

    void mergeKeysAndStrategies()
    {
        QFETCH(QString, path);
        QFETCH(QString, strategy);
        QFETCH(QString, mergeKey);
        const SchemaNode deployment = ApiSchema::builtin().forKind(
            {QStringLiteral("apps"), QStringLiteral("v1"), QStringLiteral("Deployment")});
        const SchemaNode node = walk(deployment, path);
        QVERIFY2(node.isValid(), qPrintable(path));
        QCOMPARE(node.patchStrategy(), strategy);
        QCOMPARE(node.patchMergeKey(), mergeKey);
    }

    void fieldShapes()
    {
        const ApiSchema &schema = ApiSchema::builtin();
        const SchemaNode service =
            schema.forKind({QString(), QStringLiteral("v1"), QStringLiteral("Service")});
        QCOMPARE(walk(service, QStringLiteral("spec.ports")).patchMergeKey(),
                 QStringLiteral("port"));
        QVERIFY(walk(service, QStringLiteral("spec.ports.[].targetPort")).isIntOrString());
        QCOMPARE(walk(service, QStringLiteral("spec.ports.[].port")).type(),
                 QStringLiteral("integer"));
        QCOMPARE(walk(service, QStringLiteral("metadata.labels.{}")).type(),
                 QStringLiteral("string"));
        QVERIFY(!walk(service, QStringLiteral("spec.nonsense")).isValid());
        QVERIFY(walk(service, QStringLiteral("spec.ports.[]"))
                    .required()
                    .contains(QStringLiteral("port")));

        const SchemaNode container = schema.node(QStringLiteral("io.k8s.api.core.v1.Container"));
        QVERIFY(container.required().contains(QStringLiteral("name")));
        QVERIFY(container.propertyNames().contains(QStringLiteral("imagePullPolicy")));
    }

    void corruptDataIsAnError()
    {
        auto broken = ApiSchema::fromJson("{ not json");
        QVERIFY(!broken.ok());
        QCOMPARE(broken.error().code, ErrorCode::Corrupt);
        auto array = ApiSchema::fromJson("[]");
        QVERIFY(!array.ok());
    }
};

QTEST_GUILESS_MAIN(TestApiSchema)
#include "tst_apischema.moc"
