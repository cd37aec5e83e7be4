// Kinds of the apps/v1 API group.
#include "registry/kinds/builder.h"
#include "registry/kinds/podspec.h"
#include "registry/validation.h"

namespace flotilla::api::kinds {

namespace {

using namespace printing;

// Replicas, selector and template: the part every apps workload shares.
FieldErrors validateWorkload(const QJsonObject &object, const QJsonObject *old)
{
    FieldErrors errors;
    const QJsonObject sp = spec(object);
    const QJsonObject selector = sub(sp, "selector");
    if (selector.isEmpty())
        errors << validation::required(QStringLiteral("spec.selector"));
    else if (sub(selector, "matchLabels").isEmpty() &&
             selector.value(QLatin1String("matchExpressions")).toArray().isEmpty())
        errors << validation::invalid(QStringLiteral("spec.selector"), selector,
                                      QStringLiteral("empty selector is invalid for deployment"));
    const QJsonValue replicas = sp.value(QLatin1String("replicas"));
    if (replicas.isDouble() && replicas.toDouble() < 0)
        errors << validation::invalid(QStringLiteral("spec.replicas"), replicas,
                                      QStringLiteral("must be greater than or equal to 0"));
    errors +=
        podspec::validateTemplate(sub(sp, "template"), selector, QStringLiteral("spec.template"));
    if (old)
        validation::immutable(errors, sp.value(QLatin1String("selector")),
                              spec(*old).value(QLatin1String("selector")),
                              QStringLiteral("spec.selector"));
    return errors;
}

void defaultTemplate(QJsonObject &sp)
{
    QJsonObject tmpl = sub(sp, "template");
    podspec::applyTemplateDefaults(tmpl);
    sp.insert(QLatin1String("template"), tmpl);
}

// A strategy object defaulting to RollingUpdate, with the rolling parameters' defaults
// (Deployment's strategy, StatefulSet's and DaemonSet's updateStrategy).
void defaultRollingStrategy(QJsonObject &sp, const char *field, const QJsonObject &rollingDefaults)
{
    QJsonObject strategy = sub(sp, field);
    setDefault(strategy, "type", QStringLiteral("RollingUpdate"));
    if (strategy.value(QLatin1String("type")).toString() == QLatin1String("RollingUpdate")) {
        QJsonObject rolling = sub(strategy, "rollingUpdate");
        for (auto it = rollingDefaults.begin(); it != rollingDefaults.end(); ++it) {
            if (!rolling.contains(it.key()) || rolling.value(it.key()).isNull())
                rolling.insert(it.key(), it.value());
        }
        strategy.insert(QLatin1String("rollingUpdate"), rolling);
    }
    sp.insert(QLatin1String(field), strategy);
}

QString readyOf(const QJsonObject &object)
{
    return QStringLiteral("%1/%2")
        .arg(status(object).value(QLatin1String("readyReplicas")).toInt())
        .arg(spec(object).value(QLatin1String("replicas")).toInt());
}

KindTraits deployment()
{
    KindTraits t = traits("apps", "Deployment", {QStringLiteral("deploy")}, all());
    t.columns = {column("Ready"),
                 column("Up-to-date", "integer"),
                 column("Available", "integer"),
                 column("Age"),
                 column("Containers", "string", 1),
                 column("Images", "string", 1),
                 column("Selector", "string", 1)};
    t.cells = [](const QJsonObject &d, qint64 now) {
        const QJsonObject podSpec = sub(sub(spec(d), "template"), "spec");
        return QJsonArray{readyOf(d),
                          num(status(d), "updatedReplicas"),
                          num(status(d), "availableReplicas"),
                          age(d, now),
                          containerNames(podSpec),
                          containerImages(podSpec),
                          selectorText(sub(spec(d), "selector"))};
    };
    t.defaults = [](QJsonObject &d) {
        QJsonObject sp = spec(d);
        setDefault(sp, "replicas", 1);
        setDefault(sp, "revisionHistoryLimit", 10);
        setDefault(sp, "progressDeadlineSeconds", 600);
        defaultRollingStrategy(sp, "strategy",
                               {{QStringLiteral("maxUnavailable"), QStringLiteral("25%")},
                                {QStringLiteral("maxSurge"), QStringLiteral("25%")}});
        defaultTemplate(sp);
        d.insert(QLatin1String("spec"), sp);
    };
    t.validate = [](const QJsonObject &d, const QJsonObject *old) {
        FieldErrors errors = validateWorkload(d, old);
        const QJsonObject strategy = sub(spec(d), "strategy");
        const QString type = strategy.value(QLatin1String("type")).toString();
        static const QStringList types = {QStringLiteral("Recreate"),
                                          QStringLiteral("RollingUpdate")};
        if (!types.contains(type))
            errors << validation::notSupported(QStringLiteral("spec.strategy.type"), type, types);
        if (type == QLatin1String("Recreate") && strategy.contains(QLatin1String("rollingUpdate")))
            errors << validation::forbidden(
                QStringLiteral("spec.strategy.rollingUpdate"),
                QStringLiteral("may not be specified when strategy `type` is 'Recreate'"));
        return errors;
    };
    return t;
}

KindTraits replicaSet()
{
    KindTraits t = traits("apps", "ReplicaSet", {QStringLiteral("rs")}, all());
    t.columns = {column("Desired", "integer"),      column("Current", "integer"),
                 column("Ready", "integer"),        column("Age"),
                 column("Containers", "string", 1), column("Images", "string", 1),
                 column("Selector", "string", 1)};
    t.cells = [](const QJsonObject &r, qint64 now) {
        const QJsonObject podSpec = sub(sub(spec(r), "template"), "spec");
        return QJsonArray{num(spec(r), "replicas"),
                          num(status(r), "replicas"),
                          num(status(r), "readyReplicas"),
                          age(r, now),
                          containerNames(podSpec),
                          containerImages(podSpec),
                          selectorText(sub(spec(r), "selector"))};
    };
    t.defaults = [](QJsonObject &r) {
        QJsonObject sp = spec(r);
        setDefault(sp, "replicas", 1);
        defaultTemplate(sp);
        r.insert(QLatin1String("spec"), sp);
    };
    t.validate = validateWorkload;
    return t;
}

KindTraits statefulSet()
{
    KindTraits t = traits("apps", "StatefulSet", {QStringLiteral("sts")}, all());
    t.columns = {column("Ready"), column("Age"), column("Containers", "string", 1),
                 column("Images", "string", 1)};
    t.cells = [](const QJsonObject &s, qint64 now) {
        const QJsonObject podSpec = sub(sub(spec(s), "template"), "spec");
        return QJsonArray{readyOf(s), age(s, now), containerNames(podSpec),
                          containerImages(podSpec)};
    };
    t.defaults = [](QJsonObject &s) {
        QJsonObject sp = spec(s);
        setDefault(sp, "replicas", 1);
        setDefault(sp, "podManagementPolicy", QStringLiteral("OrderedReady"));
        setDefault(sp, "revisionHistoryLimit", 10);
        defaultRollingStrategy(sp, "updateStrategy", {{QStringLiteral("partition"), 0}});
        QJsonObject retention = sub(sp, "persistentVolumeClaimRetentionPolicy");
        setDefault(retention, "whenDeleted", QStringLiteral("Retain"));
        setDefault(retention, "whenScaled", QStringLiteral("Retain"));
        sp.insert(QLatin1String("persistentVolumeClaimRetentionPolicy"), retention);
        defaultTemplate(sp);
        s.insert(QLatin1String("spec"), sp);
    };
    t.validate = validateWorkload;
    return t;
}

KindTraits daemonSet()
{
    KindTraits t = traits("apps", "DaemonSet", {QStringLiteral("ds")}, all());
    t.columns = {column("Desired", "integer"),
                 column("Current", "integer"),
                 column("Ready", "integer"),
                 column("Up-to-date", "integer"),
                 column("Available", "integer"),
                 column("Node Selector"),
                 column("Age"),
                 column("Containers", "string", 1),
                 column("Images", "string", 1),
                 column("Selector", "string", 1)};
    t.cells = [](const QJsonObject &d, qint64 now) {
        const QJsonObject st = status(d);
        const QJsonObject podSpec = sub(sub(spec(d), "template"), "spec");
        return QJsonArray{num(st, "desiredNumberScheduled"),
                          num(st, "currentNumberScheduled"),
                          num(st, "numberReady"),
                          num(st, "updatedNumberScheduled"),
                          num(st, "numberAvailable"),
                          orNone(labelsText(sub(podSpec, "nodeSelector"))),
                          age(d, now),
                          containerNames(podSpec),
                          containerImages(podSpec),
                          selectorText(sub(spec(d), "selector"))};
    };
    t.defaults = [](QJsonObject &d) {
        QJsonObject sp = spec(d);
        setDefault(sp, "revisionHistoryLimit", 10);
        defaultRollingStrategy(
            sp, "updateStrategy",
            {{QStringLiteral("maxUnavailable"), 1}, {QStringLiteral("maxSurge"), 0}});
        defaultTemplate(sp);
        d.insert(QLatin1String("spec"), sp);
    };
    t.validate = validateWorkload;
    return t;
}

KindTraits controllerRevision()
{
    KindTraits t = traits("apps", "ControllerRevision");
    t.specTracksGeneration = false;
    t.columns = {column("Controller"), column("Revision", "integer"), column("Age")};
    t.cells = [](const QJsonObject &r, qint64 now) {
        QString controller = QStringLiteral("<none>");
        for (const QJsonValue &o : r.value(QLatin1String("metadata"))
                                       .toObject()
                                       .value(QLatin1String("ownerReferences"))
                                       .toArray()) {
            if (o.toObject().value(QLatin1String("controller")).toBool())
                controller = o.toObject().value(QLatin1String("kind")).toString().toLower() +
                             QStringLiteral(".apps/") +
                             o.toObject().value(QLatin1String("name")).toString();
        }
        return QJsonArray{controller, r.value(QLatin1String("revision")).toInt(), age(r, now)};
    };
    return t;
}

} // namespace

QList<KindTraits> appsKinds()
{
    return {deployment(), replicaSet(), statefulSet(), daemonSet(), controllerRevision()};
}

} // namespace flotilla::api::kinds
