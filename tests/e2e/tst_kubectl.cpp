// The real kubectl, every installed version, against `flotilla --headless` (on SQLite,
// or on PostgreSQL with FLOTILLA_TEST_STORE=postgres). Each version works in its own
// namespace, so the rows of one test function are independent.
#include "kubectlrunner.h"
#include "support/flotillaprocess.h"
#include "support/postgresserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace flotilla;

namespace {

QByteArray manifests(const QString &ns, int replicas, const QString &image, bool withFoo,
                     bool recreate)
{
    QByteArray text = QStringLiteral(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: %1
  labels: {app: web, tier: front}
spec:
  replicas: %2
  selector:
    matchLabels: {app: web}
)")
                          .arg(ns)
                          .arg(replicas)
                          .toUtf8();
    if (recreate)
        text += "  strategy:\n    type: Recreate\n";
    text += QStringLiteral(R"(  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: %1
        env:
)")
                .arg(image)
                .toUtf8();
    if (withFoo)
        text += "        - {name: FOO, value: one}\n";
    text += QStringLiteral(R"(        - {name: KEEP, value: two}
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: %1
spec:
  selector: {app: web}
  ports:
  - port: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: %1
  labels: {app: web}
data:
  mode: fast
)")
                .arg(ns)
                .toUtf8();
    return text;
}

QString jsonpath(const KubectlRunner &kubectl, const QStringList &what, const QString &path)
{
    const auto run =
        kubectl.run(QStringList{QStringLiteral("get")} + what +
                    QStringList{QStringLiteral("-o"), QStringLiteral("jsonpath=") + path});
    return QString::fromUtf8(run.out);
}

} // namespace

class TestKubectl : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<testsupport::PostgresServer> m_postgres;
    std::unique_ptr<testsupport::FlotillaProcess> m_flotilla;
    QTemporaryDir m_work;
    QStringList m_kubectls;

    void addVersionRows()
    {
        QTest::addColumn<QString>("binary");
        for (const QString &binary : std::as_const(m_kubectls))
            QTest::newRow(qPrintable(binary.section(QLatin1Char('/'), -1))) << binary;
    }

    // One namespace and one discovery cache per kubectl version.
    KubectlRunner kubectlFor(const QString &binary) const
    {
        const QString version = binary.section(QLatin1Char('/'), -1).remove(QLatin1Char('.'));
        return KubectlRunner(binary, m_flotilla->kubeconfig(),
                             m_work.filePath(QStringLiteral("cache-") + version));
    }

    static QString namespaceFor(const QString &binary)
    {
        return QStringLiteral("e2e-") +
               binary.section(QLatin1Char('/'), -1).remove(QLatin1Char('.'));
    }

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_work.filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(content);
        return path;
    }

private slots:
    void initTestCase()
    {
        m_kubectls = KubectlRunner::installed();
        if (m_kubectls.isEmpty())
            QSKIP("no kubectl installed (looked in /usr/lib/google-cloud-sdk/bin and /usr/bin)");
        QStringList extra;
        if (qEnvironmentVariable("FLOTILLA_TEST_STORE") == QLatin1String("postgres")) {
            auto server = testsupport::PostgresServer::start();
            QVERIFY2(server.ok(), qPrintable(server.error().message));
            m_postgres = std::move(*server);
            auto config = m_postgres->createDatabase(QStringLiteral("e2e"));
            QVERIFY2(config.ok(), qPrintable(config.error().message));
            extra << QStringLiteral("--store")
                  << QStringLiteral("postgres://%1@%2:%3/%4")
                         .arg(config->user, config->host)
                         .arg(config->port)
                         .arg(config->database);
        }
        auto flotilla =
            testsupport::FlotillaProcess::start(qEnvironmentVariable("FLOTILLA_BIN"), extra);
        QVERIFY2(flotilla.ok(), qPrintable(flotilla.error().message));
        m_flotilla = std::move(*flotilla);
        // Namespaces for every version, created through apply (JSON on every version).
        QByteArray namespaces;
        for (const QString &binary : std::as_const(m_kubectls))
            namespaces += "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: " +
                          namespaceFor(binary).toUtf8() + "\n";
        const auto run = kubectlFor(m_kubectls.last())
                             .run({QStringLiteral("apply"), QStringLiteral("-f"),
                                   write(QStringLiteral("ns.yaml"), namespaces)});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    }

    void version_data() { addVersionRows(); }
    void version()
    {
        QFETCH(QString, binary);
        const auto run = kubectlFor(binary).run(
            {QStringLiteral("version"), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        const QJsonObject server = QJsonDocument::fromJson(run.out)
                                       .object()
                                       .value(QLatin1String("serverVersion"))
                                       .toObject();
        QVERIFY2(server.value(QLatin1String("gitVersion"))
                     .toString()
                     .contains(QLatin1String("flotilla")),
                 run.out.constData());
    }

    void apiResources_data() { addVersionRows(); }
    void apiResources()
    {
        QFETCH(QString, binary);
        const auto run = kubectlFor(binary).run({QStringLiteral("api-resources")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        for (const char *expected :
             {"deployments", "deploy", "apps/v1", "ingresses", "networking.k8s.io/v1",
              "poddisruptionbudgets", "clusterrolebindings", "leases"})
            QVERIFY2(run.out.contains(expected), expected);
    }

    void applyThenReapplyChanges_data() { addVersionRows(); }
    void applyThenReapplyChanges()
    {
        QFETCH(QString, binary);
        const KubectlRunner kubectl = kubectlFor(binary);
        const QString ns = namespaceFor(binary);
        const QString first = write(ns + QStringLiteral("-1.yaml"),
                                    manifests(ns, 2, QStringLiteral("nginx:1.25"), true, false));
        auto run = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), first});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY(run.out.contains("deployment.apps/web created"));
        QVERIFY(run.out.contains("service/web created"));
        QVERIFY(run.out.contains("configmap/settings created"));
        QCOMPARE(
            jsonpath(kubectl,
                     {QStringLiteral("deploy"), QStringLiteral("web"), QStringLiteral("-n"), ns},
                     QStringLiteral("{.spec.strategy.rollingUpdate.maxSurge}")),
            QStringLiteral("25%"));

        // Replicas, image, one env var removed, and the strategy switched to Recreate
        // (which needs $retainKeys to drop the defaulted rollingUpdate).
        const QString second = write(ns + QStringLiteral("-2.yaml"),
                                     manifests(ns, 3, QStringLiteral("nginx:1.27"), false, true));
        run = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), second});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY(run.out.contains("deployment.apps/web configured"));
        QVERIFY(run.out.contains("service/web unchanged"));
        const QString state = jsonpath(
            kubectl, {QStringLiteral("deploy"), QStringLiteral("web"), QStringLiteral("-n"), ns},
            QStringLiteral("{.spec.replicas} {.spec.template.spec.containers[0].image} "
                           "{.spec.template.spec.containers[0].env[*].name} {.spec.strategy.type} "
                           "{.spec.strategy.rollingUpdate} {.metadata.generation}"));
        QCOMPARE(state, QStringLiteral("3 nginx:1.27 KEEP Recreate  2"));
    }

    void getOutputs_data() { addVersionRows(); }
    void getOutputs()
    {
        QFETCH(QString, binary);
        const KubectlRunner kubectl = kubectlFor(binary);
        const QString ns = namespaceFor(binary);
        auto get = [&](const QStringList &args) {
            auto run = kubectl.run(QStringList{QStringLiteral("get")} + args);
            if (run.exitCode != 0)
                qWarning("%s", qPrintable(run.describe()));
            return run;
        };
        auto run = get({QStringLiteral("deploy"), QStringLiteral("web"), QStringLiteral("-n"), ns,
                        QStringLiteral("-o"), QStringLiteral("yaml")});
        QVERIFY(run.out.contains("kind: Deployment") && run.out.contains("resourceVersion:"));
        run = get({QStringLiteral("deploy"), QStringLiteral("web"), QStringLiteral("-n"), ns,
                   QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QLatin1String("kind")).toString(),
                 QStringLiteral("Deployment"));
        run = get({QStringLiteral("deploy"), QStringLiteral("-n"), ns, QStringLiteral("-o"),
                   QStringLiteral("wide")});
        QVERIFY2(run.out.contains("CONTAINERS") && run.out.contains("nginx:1.27") &&
                     run.out.contains("app=web"),
                 run.out.constData());
        run = get({QStringLiteral("deploy,svc,cm"), QStringLiteral("-n"), ns, QStringLiteral("-o"),
                   QStringLiteral("name")});
        QVERIFY2(run.out.contains("deployment.apps/web\n") && run.out.contains("service/web\n") &&
                     run.out.contains("configmap/settings\n"),
                 run.out.constData());
        run = get({QStringLiteral("pods,deploy"), QStringLiteral("-A")});
        QVERIFY2(run.out.contains("NAMESPACE") && run.out.contains(ns.toUtf8()),
                 run.out.constData());
        run =
            get({QStringLiteral("cm"), QStringLiteral("-n"), ns, QStringLiteral("--show-labels")});
        QVERIFY2(run.out.contains("LABELS") && run.out.contains("app=web"), run.out.constData());
        run = get({QStringLiteral("cm,deploy"), QStringLiteral("-n"), ns, QStringLiteral("-l"),
                   QStringLiteral("app=web,tier in (front)"), QStringLiteral("-o"),
                   QStringLiteral("name")});
        QCOMPARE(run.out, QByteArray("deployment.apps/web\n"));
        run = get({QStringLiteral("ns"), QStringLiteral("--field-selector"),
                   QStringLiteral("metadata.name=") + ns, QStringLiteral("-o"),
                   QStringLiteral("name")});
        QCOMPARE(run.out, QString(QStringLiteral("namespace/") + ns + QLatin1Char('\n')).toUtf8());
        // Paging: several objects fetched one per request.
        for (int i = 0; i < 3; ++i)
            kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")},
                        QStringLiteral("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
                                       "{\"name\":\"page-%1\",\"namespace\":\"%2\"}}")
                            .arg(i)
                            .arg(ns)
                            .toUtf8());
        run = get({QStringLiteral("cm"), QStringLiteral("-n"), ns, QStringLiteral("--chunk-size=1"),
                   QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(run.out.contains("configmap/page-0") && run.out.contains("configmap/page-2") &&
                     run.out.contains("configmap/settings"),
                 run.out.constData());
    }

    void watchSeesChanges_data() { addVersionRows(); }
    void watchSeesChanges()
    {
        QFETCH(QString, binary);
        const KubectlRunner kubectl = kubectlFor(binary);
        const QString ns = namespaceFor(binary);
        QProcess watcher;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_work.path());
        watcher.setProcessEnvironment(env);
        watcher.start(binary, kubectl.baseArguments() +
                                  QStringList{QStringLiteral("get"), QStringLiteral("cm"),
                                              QStringLiteral("-n"), ns, QStringLiteral("-w")});
        QVERIFY(watcher.waitForStarted());
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += watcher.readAllStandardOutput()).contains("settings"),
                                 20000);
        auto run =
            kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")},
                        QStringLiteral("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
                                       "{\"name\":\"watched\",\"namespace\":\"%1\"}}")
                            .arg(ns)
                            .toUtf8());
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QTRY_VERIFY_WITH_TIMEOUT((seen += watcher.readAllStandardOutput()).contains("watched"),
                                 20000);
        watcher.kill();
        watcher.waitForFinished();
    }

    void labelAnnotatePatch_data() { addVersionRows(); }
    void labelAnnotatePatch()
    {
        QFETCH(QString, binary);
        const KubectlRunner kubectl = kubectlFor(binary);
        const QString ns = namespaceFor(binary);
        const QStringList cm{QStringLiteral("cm"), QStringLiteral("settings"), QStringLiteral("-n"),
                             ns};
        auto run = kubectl.run(QStringList{QStringLiteral("label")} + cm +
                               QStringList{QStringLiteral("color=blue")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        run = kubectl.run(QStringList{QStringLiteral("annotate")} + cm +
                          QStringList{QStringLiteral("note=hello")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        run = kubectl.run(
            QStringList{QStringLiteral("patch")} + cm +
            QStringList{
                QStringLiteral("--type=json"), QStringLiteral("-p"),
                QStringLiteral("[{\"op\":\"add\",\"path\":\"/data/extra\",\"value\":\"1\"}]")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        run =
            kubectl.run(QStringList{QStringLiteral("patch")} + cm +
                        QStringList{QStringLiteral("--type=merge"), QStringLiteral("-p"),
                                    QStringLiteral("{\"data\":{\"mode\":null,\"merged\":\"2\"}}")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        const QStringList deploy{QStringLiteral("deploy"), QStringLiteral("web"),
                                 QStringLiteral("-n"), ns};
        run = kubectl.run(
            QStringList{QStringLiteral("patch")} + deploy +
            QStringList{QStringLiteral("--type=strategic"), QStringLiteral("-p"),
                        QStringLiteral("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{"
                                       "\"name\":\"web\",\"image\":\"nginx:1.28\"}]}}}}")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(jsonpath(kubectl, cm,
                          QStringLiteral(
                              "{.metadata.labels.color} {.metadata.annotations.note} {.data}")),
                 QStringLiteral("blue hello {\"extra\":\"1\",\"merged\":\"2\"}"));
        QCOMPARE(jsonpath(kubectl, deploy,
                          QStringLiteral("{.spec.template.spec.containers[0].image} "
                                         "{.spec.template.spec.containers[0].env[0].name}")),
                 QStringLiteral("nginx:1.28 KEEP"));
    }

    void replaceWithStaleVersionConflicts_data() { addVersionRows(); }
    void replaceWithStaleVersionConflicts()
    {
        QFETCH(QString, binary);
        const KubectlRunner kubectl = kubectlFor(binary);
        const QString ns = namespaceFor(binary);
        const QStringList cm{QStringLiteral("cm"), QStringLiteral("settings"), QStringLiteral("-n"),
                             ns};
        const auto before = kubectl.run(QStringList{QStringLiteral("get")} + cm +
                                        QStringList{QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY(before.exitCode == 0);
        QVERIFY(kubectl
                    .run(QStringList{QStringLiteral("label")} + cm +
                         QStringList{QStringLiteral("bump=1")})
                    .exitCode == 0);
        const auto stale = kubectl.run(
            {QStringLiteral("replace"), QStringLiteral("-f"), QStringLiteral("-")}, before.out);
        QVERIFY(stale.exitCode != 0);
        QVERIFY2(stale.err.contains("the object has been modified"), stale.err.constData());
    }

    void generateNameAndDryRun_data() { addVersionRows(); }
    void generateNameAndDryRun()
    {
        QFETCH(QString, binary);
        const KubectlRunner kubectl = kubectlFor(binary);
        const QString ns = namespaceFor(binary);
        const QByteArray generated =
            QStringLiteral("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{"
                           "\"generateName\":\"gen-\",\"namespace\":\"%1\"}}")
                .arg(ns)
                .toUtf8();
        auto run = kubectl.run({QStringLiteral("create"), QStringLiteral("-f"), QStringLiteral("-"),
                                QStringLiteral("-o"), QStringLiteral("name")},
                               generated);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY2(run.out.startsWith("configmap/gen-") &&
                     run.out.trimmed().size() == int(qstrlen("configmap/gen-")) + 5,
                 run.out.constData());

        const QByteArray dry =
            QStringLiteral("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
                           "\"dry\",\"namespace\":\"%1\"}}")
                .arg(ns)
                .toUtf8();
        run = kubectl.run({QStringLiteral("apply"), QStringLiteral("--dry-run=server"),
                           QStringLiteral("-f"), QStringLiteral("-")},
                          dry);
        QVERIFY2(run.exitCode == 0 && run.out.contains("(server dry run)"),
                 qPrintable(run.describe()));
        run = kubectl.run({QStringLiteral("get"), QStringLiteral("cm"), QStringLiteral("dry"),
                           QStringLiteral("-n"), ns});
        QVERIFY(run.exitCode != 0);
        QVERIFY(run.err.contains("not found"));
    }

    void secretFromLiteral_data() { addVersionRows(); }
    void secretFromLiteral()
    {
        QFETCH(QString, binary);
        const KubectlRunner kubectl = kubectlFor(binary);
        const QString ns = namespaceFor(binary);
        auto run =
            kubectl.run({QStringLiteral("create"), QStringLiteral("secret"),
                         QStringLiteral("generic"), QStringLiteral("creds"), QStringLiteral("-n"),
                         ns, QStringLiteral("--from-literal=password=s3cr3t")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(
            jsonpath(kubectl,
                     {QStringLiteral("secret"), QStringLiteral("creds"), QStringLiteral("-n"), ns},
                     QStringLiteral("{.type} {.data.password}")),
            QStringLiteral("Opaque ") + QString::fromLatin1(QByteArray("s3cr3t").toBase64()));
    }

    void deleteWaitsForFinalizer_data() { addVersionRows(); }
    void deleteWaitsForFinalizer()
    {
        QFETCH(QString, binary);
        const KubectlRunner kubectl = kubectlFor(binary);
        const QString ns = namespaceFor(binary);
        const QByteArray held =
            QStringLiteral("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
                           "\"held\",\"namespace\":\"%1\",\"finalizers\":[\"example.com/hold\"]}}")
                .arg(ns)
                .toUtf8();
        QVERIFY(
            kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, held)
                .exitCode == 0);
        auto run =
            kubectl.run({QStringLiteral("delete"), QStringLiteral("cm"), QStringLiteral("held"),
                         QStringLiteral("-n"), ns, QStringLiteral("--wait=false")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        const QStringList cm{QStringLiteral("cm"), QStringLiteral("held"), QStringLiteral("-n"),
                             ns};
        QVERIFY(!jsonpath(kubectl, cm, QStringLiteral("{.metadata.deletionTimestamp}")).isEmpty());
        // Clearing the finalizer completes the deletion.
        run = kubectl.run(QStringList{QStringLiteral("patch")} + cm +
                          QStringList{QStringLiteral("--type=merge"), QStringLiteral("-p"),
                                      QStringLiteral("{\"metadata\":{\"finalizers\":null}}")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        run = kubectl.run(QStringList{QStringLiteral("get")} + cm);
        QVERIFY2(run.err.contains("not found"), qPrintable(run.describe()));
    }

    void diffExplainScale_data() { addVersionRows(); }
    void diffExplainScale()
    {
        QFETCH(QString, binary);
        const KubectlRunner kubectl = kubectlFor(binary);
        const QString ns = namespaceFor(binary);
        const QString changed = write(ns + QStringLiteral("-diff.yaml"),
                                      manifests(ns, 7, QStringLiteral("nginx:1.28"), false, true));
        auto run = kubectl.run({QStringLiteral("diff"), QStringLiteral("-f"), changed});
        QCOMPARE(run.exitCode, 1); // 1: differences found
        QVERIFY2(run.out.contains("replicas: 7"), qPrintable(run.describe()));

        run = kubectl.run({QStringLiteral("explain"), QStringLiteral("deployment.spec.replicas")});
        QVERIFY2(run.exitCode == 0 && run.out.contains("replicas"), qPrintable(run.describe()));

        run = kubectl.run({QStringLiteral("scale"), QStringLiteral("deploy"), QStringLiteral("web"),
                           QStringLiteral("-n"), ns, QStringLiteral("--replicas=5")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(
            jsonpath(kubectl,
                     {QStringLiteral("deploy"), QStringLiteral("web"), QStringLiteral("-n"), ns},
                     QStringLiteral("{.spec.replicas}")),
            QStringLiteral("5"));
    }
};

QTEST_GUILESS_MAIN(TestKubectl)
#include "tst_kubectl.moc"
