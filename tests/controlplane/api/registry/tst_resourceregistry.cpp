#include "registry/resourceregistry.h"

#include <QTest>

using namespace flotilla::api;

class TestResourceRegistry : public QObject
{
    Q_OBJECT

private slots:
    void servesEveryIssueListedResource_data()
    {
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("plural");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("namespaced");
        const struct
        {
            const char *group, *plural, *kind;
            bool namespaced;
        } rows[] = {
            {"", "namespaces", "Namespace", false},
            {"", "nodes", "Node", false},
            {"", "pods", "Pod", true},
            {"", "replicationcontrollers", "ReplicationController", true},
            {"", "services", "Service", true},
            {"", "endpoints", "Endpoints", true},
            {"", "configmaps", "ConfigMap", true},
            {"", "secrets", "Secret", true},
            {"", "serviceaccounts", "ServiceAccount", true},
            {"", "persistentvolumes", "PersistentVolume", false},
            {"", "persistentvolumeclaims", "PersistentVolumeClaim", true},
            {"", "events", "Event", true},
            {"", "limitranges", "LimitRange", true},
            {"", "resourcequotas", "ResourceQuota", true},
            {"apps", "deployments", "Deployment", true},
            {"apps", "replicasets", "ReplicaSet", true},
            {"apps", "statefulsets", "StatefulSet", true},
            {"apps", "daemonsets", "DaemonSet", true},
            {"apps", "controllerrevisions", "ControllerRevision", true},
            {"batch", "jobs", "Job", true},
            {"batch", "cronjobs", "CronJob", true},
            {"networking.k8s.io", "ingresses", "Ingress", true},
            {"networking.k8s.io", "ingressclasses", "IngressClass", false},
            {"networking.k8s.io", "networkpolicies", "NetworkPolicy", true},
            {"discovery.k8s.io", "endpointslices", "EndpointSlice", true},
            {"coordination.k8s.io", "leases", "Lease", true},
            {"storage.k8s.io", "storageclasses", "StorageClass", false},
            {"scheduling.k8s.io", "priorityclasses", "PriorityClass", false},
            {"events.k8s.io", "events", "Event", true},
            {"policy", "poddisruptionbudgets", "PodDisruptionBudget", true},
            {"node.k8s.io", "runtimeclasses", "RuntimeClass", false},
            {"rbac.authorization.k8s.io", "roles", "Role", true},
            {"rbac.authorization.k8s.io", "clusterroles", "ClusterRole", false},
            {"rbac.authorization.k8s.io", "rolebindings", "RoleBinding", true},
            {"rbac.authorization.k8s.io", "clusterrolebindings", "ClusterRoleBinding", false},
        };
        for (const auto &row : rows)
            QTest::newRow(row.plural)
                << QString::fromLatin1(row.group) << QString::fromLatin1(row.plural)
                << QString::fromLatin1(row.kind) << row.namespaced;
    }

    void servesEveryIssueListedResource()
    {
        QFETCH(QString, group);
        QFETCH(QString, plural);
        QFETCH(QString, kind);
        QFETCH(bool, namespaced);
        const ResourceType *type =
            ResourceRegistry::builtin().find(group, QStringLiteral("v1"), plural);
        QVERIFY2(type, qPrintable(plural));
        QCOMPARE(type->gvk.kind, kind);
        QCOMPARE(type->namespaced, namespaced);
        QCOMPARE(type->singular, kind.toLower());
        QVERIFY(type->traits);
        for (const char *verb : {"create", "delete", "get", "list", "patch", "update", "watch"})
            QVERIFY2(type->hasVerb(QLatin1String(verb)), verb);
    }

    void subresources()
    {
        const ResourceRegistry &registry = ResourceRegistry::builtin();
        const ResourceType *deployments = registry.find(
            QStringLiteral("apps"), QStringLiteral("v1"), QStringLiteral("deployments"));
        const Subresource *scale = deployments->subresource(QStringLiteral("scale"));
        QVERIFY(scale);
        QCOMPARE(scale->gvk.group, QStringLiteral("autoscaling"));
        QCOMPARE(scale->gvk.kind, QStringLiteral("Scale"));
        QVERIFY(scale->verbs.contains(QStringLiteral("update")));
        QVERIFY(deployments->subresource(QStringLiteral("status")));

        const ResourceType *pods =
            registry.find(QString(), QStringLiteral("v1"), QStringLiteral("pods"));
        QVERIFY(pods->subresource(QStringLiteral("binding")));
        QVERIFY(pods->subresource(QStringLiteral("eviction")));
        QCOMPARE(pods->subresource(QStringLiteral("eviction"))->gvk.group,
                 QStringLiteral("policy"));
        // Not until the node agent exists:
        QVERIFY(!pods->subresource(QStringLiteral("log")));
        QVERIFY(!pods->subresource(QStringLiteral("exec")));
        QVERIFY(pods->hasVerb(QStringLiteral("deletecollection")));
    }

    void groupsInDiscoveryOrder()
    {
        const QStringList groups = ResourceRegistry::builtin().groups();
        QCOMPARE(groups.first(), QString());
        QVERIFY(groups.contains(QStringLiteral("apps")));
        QVERIFY(!groups.contains(QStringLiteral("apiextensions.k8s.io"))); // not served yet
        QCOMPARE(ResourceRegistry::builtin().versions(QStringLiteral("apps")),
                 QStringList{QStringLiteral("v1")});
    }

    void storageKeys()
    {
        const ResourceRegistry &registry = ResourceRegistry::builtin();
        const ResourceType *pods =
            registry.find(QString(), QStringLiteral("v1"), QStringLiteral("pods"));
        QCOMPARE(pods->key(QStringLiteral("default"), QStringLiteral("web")),
                 QByteArray("/registry/core/pods/default/web"));
        QCOMPARE(pods->namespacePrefix(QString()), QByteArray("/registry/core/pods/"));
        const ResourceType *nodes =
            registry.find(QString(), QStringLiteral("v1"), QStringLiteral("nodes"));
        QCOMPARE(nodes->key(QString(), QStringLiteral("n1")),
                 QByteArray("/registry/core/nodes/n1"));
        const ResourceType *deploy = registry.findKind(
            {QStringLiteral("apps"), QStringLiteral("v1"), QStringLiteral("Deployment")});
        QCOMPARE(deploy->storagePrefix(), QByteArray("/registry/apps/deployments/"));
    }
};

QTEST_GUILESS_MAIN(TestResourceRegistry)
#include "tst_resourceregistry.moc"
