#include "registry/kinds/printing.h"
#include "registry/resourceregistry.h"
#include "registry/validation.h"

#include <QJsonDocument>
#include <QTest>

using namespace flotilla::api;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

const KindTraits &traitsOf(const char *group, const char *kind)
{
    return *builtinKindTraits(QLatin1String(group), QLatin1String(kind));
}

} // namespace

class TestKindTraits : public QObject
{
    Q_OBJECT

private slots:
    void humanDuration_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("0") << 0LL << "0s";
        QTest::newRow("119s") << 119LL << "119s";
        QTest::newRow("2m") << 120LL << "2m";
        QTest::newRow("3m20s") << 200LL << "3m20s";
        QTest::newRow("15m") << 900LL << "15m";
        QTest::newRow("179m") << 179 * 60LL << "179m";
        QTest::newRow("3h") << 3 * 3600LL << "3h";
        QTest::newRow("5h30m") << 5 * 3600 + 1800LL << "5h30m";
        QTest::newRow("30h") << 30 * 3600LL << "30h";
        QTest::newRow("3d4h") << 76 * 3600LL << "3d4h";
        QTest::newRow("40d") << 40 * 86400LL << "40d";
        QTest::newRow("3y") << 3 * 365 * 86400LL << "3y";
    }

    void humanDuration()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(printing::humanDuration(seconds * 1000), text);
    }

    void deploymentDefaults()
    {
        QJsonObject d = json(
            R"({"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
            "spec":{"containers":[{"name":"web","image":"nginx:1.25","ports":[{"containerPort":80}]},{"name":"side","image":"busybox"}]}}}})");
        traitsOf("apps", "Deployment").defaults(d);
        const QJsonObject spec = d.value(QLatin1String("spec")).toObject();
        QCOMPARE(spec.value(QLatin1String("replicas")).toInt(), 1);
        QCOMPARE(spec.value(QLatin1String("revisionHistoryLimit")).toInt(), 10);
        QCOMPARE(spec.value(QLatin1String("progressDeadlineSeconds")).toInt(), 600);
        const QJsonObject strategy = spec.value(QLatin1String("strategy")).toObject();
        QCOMPARE(strategy.value(QLatin1String("type")).toString(), QStringLiteral("RollingUpdate"));
        QCOMPARE(strategy.value(QLatin1String("rollingUpdate"))
                     .toObject()
                     .value(QLatin1String("maxSurge"))
                     .toString(),
                 QStringLiteral("25%"));
        const QJsonObject pod = spec.value(QLatin1String("template"))
                                    .toObject()
                                    .value(QLatin1String("spec"))
                                    .toObject();
        QCOMPARE(pod.value(QLatin1String("restartPolicy")).toString(), QStringLiteral("Always"));
        QCOMPARE(pod.value(QLatin1String("terminationGracePeriodSeconds")).toInt(), 30);
        QCOMPARE(pod.value(QLatin1String("dnsPolicy")).toString(), QStringLiteral("ClusterFirst"));
        QCOMPARE(pod.value(QLatin1String("schedulerName")).toString(),
                 QStringLiteral("default-scheduler"));
        const QJsonArray containers = pod.value(QLatin1String("containers")).toArray();
        QCOMPARE(containers[0].toObject().value(QLatin1String("imagePullPolicy")).toString(),
                 QStringLiteral("IfNotPresent"));
        QCOMPARE(containers[1].toObject().value(QLatin1String("imagePullPolicy")).toString(),
                 QStringLiteral("Always"));
        QCOMPARE(containers[0].toObject().value(QLatin1String("terminationMessagePath")).toString(),
                 QStringLiteral("/dev/termination-log"));
        QCOMPARE(containers[0]
                     .toObject()
                     .value(QLatin1String("ports"))
                     .toArray()[0]
                     .toObject()
                     .value(QLatin1String("protocol"))
                     .toString(),
                 QStringLiteral("TCP"));
        QVERIFY(traitsOf("apps", "Deployment").validate(d, nullptr).isEmpty());
    }

    void deploymentValidation()
    {
        QJsonObject d = json(
            R"({"spec":{"replicas":-1,"selector":{"matchLabels":{"app":"web"}},"strategy":{"type":"Recreate","rollingUpdate":{}},
            "template":{"metadata":{"labels":{"app":"other"}},"spec":{"containers":[{"name":"Bad_Name"}]}}}})");
        const FieldErrors errors = traitsOf("apps", "Deployment").validate(d, nullptr);
        QStringList fields;
        for (const FieldError &e : errors)
            fields << e.field;
        QVERIFY2(fields.contains(QStringLiteral("spec.replicas")),
                 qPrintable(fields.join(QLatin1Char(' '))));
        QVERIFY(fields.contains(QStringLiteral("spec.template.metadata.labels")));
        QVERIFY(fields.contains(QStringLiteral("spec.template.spec.containers[0].name")));
        QVERIFY(fields.contains(QStringLiteral("spec.template.spec.containers[0].image")));
        QVERIFY(fields.contains(QStringLiteral("spec.strategy.rollingUpdate")));

        QJsonObject changed = d;
        QJsonObject spec = changed.value(QLatin1String("spec")).toObject();
        spec.insert(QLatin1String("selector"), json(R"({"matchLabels":{"app":"x"}})"));
        changed.insert(QLatin1String("spec"), spec);
        bool immutable = false;
        for (const FieldError &e : traitsOf("apps", "Deployment").validate(changed, &d))
            immutable = immutable || (e.field == QLatin1String("spec.selector") &&
                                      e.detail == QLatin1String("field is immutable"));
        QVERIFY(immutable);
    }

    void serviceDefaultsAndColumns()
    {
        QJsonObject s = json(
            R"({"metadata":{"name":"web","creationTimestamp":"2026-11-27T10:00:00Z"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}],"clusterIP":"10.96.0.10"}})");
        const KindTraits &t = traitsOf("", "Service");
        t.defaults(s);
        const QJsonObject port = s.value(QLatin1String("spec"))
                                     .toObject()
                                     .value(QLatin1String("ports"))
                                     .toArray()[0]
                                     .toObject();
        QCOMPARE(port.value(QLatin1String("targetPort")).toInt(), 80);
        QCOMPARE(port.value(QLatin1String("protocol")).toString(), QStringLiteral("TCP"));
        QCOMPARE(s.value(QLatin1String("spec"))
                     .toObject()
                     .value(QLatin1String("sessionAffinity"))
                     .toString(),
                 QStringLiteral("None"));
        const qint64 now =
            QDateTime::fromString(QStringLiteral("2026-11-27T10:05:00Z"), Qt::ISODate)
                .toMSecsSinceEpoch();
        const QJsonArray cells = t.cells(s, now);
        QCOMPARE(cells.size(), t.columns.size());
        QCOMPARE(cells[0].toString(), QStringLiteral("ClusterIP"));
        QCOMPARE(cells[1].toString(), QStringLiteral("10.96.0.10"));
        QCOMPARE(cells[2].toString(), QStringLiteral("<none>"));
        QCOMPARE(cells[3].toString(), QStringLiteral("80/TCP"));
        QCOMPARE(cells[4].toString(), QStringLiteral("5m"));
        QCOMPARE(cells[5].toString(), QStringLiteral("app=web"));
    }

    void everyKindHasMatchingCells()
    {
        const QJsonObject empty = json(R"({"metadata":{"name":"x"}})");
        for (const KindTraits *t : allBuiltinKindTraits()) {
            QVERIFY2(t->cells, qPrintable(t->kind));
            QCOMPARE(t->cells(empty, 0).size(), t->columns.size());
        }
    }

    void nameValidation_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("label");
        QTest::addColumn<bool>("subdomain");
        QTest::newRow("simple") << "web" << true << true;
        QTest::newRow("dots") << "a.b" << false << true;
        QTest::newRow("upper") << "Web" << false << false;
        QTest::newRow("dash end") << "web-" << false << false;
        QTest::newRow("64 chars") << QString(64, QLatin1Char('a')) << false << true;
    }

    void nameValidation()
    {
        QFETCH(QString, name);
        QFETCH(bool, label);
        QFETCH(bool, subdomain);
        QCOMPARE(validation::dns1123Label(name).isEmpty(), label);
        QCOMPARE(validation::dns1123Subdomain(name).isEmpty(), subdomain);
    }

    void metadataValidation()
    {
        const FieldErrors errors = validation::objectMeta(
            json(
                R"({"name":"ok","labels":{"bad key!":"v","good":"bad value!"},"finalizers":["example.com/x","no spaces allowed"]})"),
            true, false);
        QCOMPARE(errors.size(), 3);
        QCOMPARE(errors[0].message().left(33),
                 QStringLiteral("metadata.labels: Invalid value: \""));
        QVERIFY(validation::objectMeta(json(R"({"generateName":"web-"})"), true, false).isEmpty());
        QCOMPARE(validation::objectMeta(json(R"({})"), true, false).first().type,
                 FieldError::Type::Required);
    }
};

QTEST_GUILESS_MAIN(TestKindTraits)
#include "tst_kindtraits.moc"
