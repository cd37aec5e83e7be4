// Kinds of the smaller groups: coordination, storage, scheduling, events, policy, node,
// rbac.
#include "registry/kinds/builder.h"
#include "registry/validation.h"

namespace flotilla::api::kinds {

namespace {

using namespace printing;

KindTraits lease()
{
    KindTraits t = traits("coordination.k8s.io", "Lease");
    t.specTracksGeneration = false;
    t.columns = {column("Holder"), column("Age")};
    t.cells = [](const QJsonObject &l, qint64 now) {
        return QJsonArray{spec(l).value(QLatin1String("holderIdentity")).toString(), age(l, now)};
    };
    return t;
}

KindTraits storageClass()
{
    KindTraits t = traits("storage.k8s.io", "StorageClass", {QStringLiteral("sc")});
    t.specTracksGeneration = false;
    t.columns = {column("Provisioner"), column("ReclaimPolicy"), column("VolumeBindingMode"),
                 column("AllowVolumeExpansion", "boolean"), column("Age")};
    t.cells = [](const QJsonObject &s, qint64 now) {
        return QJsonArray{s.value(QLatin1String("provisioner")).toString(),
                          s.value(QLatin1String("reclaimPolicy")).toString(),
                          s.value(QLatin1String("volumeBindingMode")).toString(),
                          s.value(QLatin1String("allowVolumeExpansion")).toBool()
                              ? QStringLiteral("true")
                              : QStringLiteral("false"),
                          age(s, now)};
    };
    t.defaults = [](QJsonObject &s) {
        setDefault(s, "reclaimPolicy", QStringLiteral("Delete"));
        setDefault(s, "volumeBindingMode", QStringLiteral("Immediate"));
    };
    t.validate = [](const QJsonObject &s, const QJsonObject *old) {
        FieldErrors errors;
        if (s.value(QLatin1String("provisioner")).toString().isEmpty())
            errors << validation::required(QStringLiteral("provisioner"));
        if (old)
            validation::immutable(errors, s.value(QLatin1String("provisioner")),
                                  old->value(QLatin1String("provisioner")),
                                  QStringLiteral("provisioner"));
        return errors;
    };
    return t;
}

KindTraits priorityClass()
{
    KindTraits t = traits("scheduling.k8s.io", "PriorityClass", {QStringLiteral("pc")});
    t.specTracksGeneration = false;
    t.columns = {column("Value", "integer"), column("Global-Default", "boolean"), column("Age"),
                 column("PreemptionPolicy", "string", 1)};
    t.cells = [](const QJsonObject &p, qint64 now) {
        return QJsonArray{p.value(QLatin1String("value")).toInt(),
                          p.value(QLatin1String("globalDefault")).toBool()
                              ? QStringLiteral("true")
                              : QStringLiteral("false"),
                          age(p, now), p.value(QLatin1String("preemptionPolicy")).toString()};
    };
    t.defaults = [](QJsonObject &p) {
        setDefault(p, "preemptionPolicy", QStringLiteral("PreemptLowerPriority"));
    };
    t.validate = [](const QJsonObject &p, const QJsonObject *old) {
        FieldErrors errors;
        if (!p.contains(QLatin1String("value")))
            errors << validation::required(QStringLiteral("value"));
        else if (p.value(QLatin1String("value")).toDouble() > 1e9 &&
                 !printing::name(p).startsWith(QLatin1String("system-")))
            errors << validation::forbidden(
                QStringLiteral("value"),
                QStringLiteral("maximum allowed value of a user defined priority is 1000000000"));
        if (old)
            validation::immutable(errors, p.value(QLatin1String("value")),
                                  old->value(QLatin1String("value")), QStringLiteral("value"));
        return errors;
    };
    return t;
}

KindTraits eventsEvent()
{
    KindTraits t = traits("events.k8s.io", "Event", {QStringLiteral("ev")});
    t.specTracksGeneration = false;
    t.columns = {column("Last Seen"), column("Type"), column("Reason"), column("Object"),
                 column("Message")};
    t.cells = [](const QJsonObject &e, qint64 now) {
        const QJsonObject regarding = sub(e, "regarding");
        const QString when = e.value(QLatin1String("eventTime")).toString();
        return QJsonArray{
            when.isEmpty() ? QStringLiteral("<unknown>") : ageOf(when, now),
            e.value(QLatin1String("type")).toString(), e.value(QLatin1String("reason")).toString(),
            QString(regarding.value(QLatin1String("kind")).toString().toLower() + QLatin1Char('/') +
                    regarding.value(QLatin1String("name")).toString()),
            e.value(QLatin1String("note")).toString()};
    };
    return t;
}

KindTraits podDisruptionBudget()
{
    KindTraits t = traits("policy", "PodDisruptionBudget", {QStringLiteral("pdb")});
    t.columns = {column("Min Available"), column("Max Unavailable"),
                 column("Allowed Disruptions", "integer"), column("Age")};
    t.cells = [](const QJsonObject &p, qint64 now) {
        auto text = [](const QJsonValue &v) {
            return v.isUndefined() ? QStringLiteral("N/A")
                   : v.isString()  ? v.toString()
                                   : QString::number(v.toInt());
        };
        return QJsonArray{text(spec(p).value(QLatin1String("minAvailable"))),
                          text(spec(p).value(QLatin1String("maxUnavailable"))),
                          status(p).value(QLatin1String("disruptionsAllowed")).toInt(),
                          age(p, now)};
    };
    t.validate = [](const QJsonObject &p, const QJsonObject *) {
        FieldErrors errors;
        if (spec(p).contains(QLatin1String("minAvailable")) &&
            spec(p).contains(QLatin1String("maxUnavailable")))
            errors << validation::invalid(
                QStringLiteral("spec"), spec(p),
                QStringLiteral("minAvailable and maxUnavailable cannot be both set"));
        return errors;
    };
    return t;
}

KindTraits runtimeClass()
{
    KindTraits t = traits("node.k8s.io", "RuntimeClass");
    t.specTracksGeneration = false;
    t.columns = {column("Handler"), column("Age")};
    t.cells = [](const QJsonObject &r, qint64 now) {
        return QJsonArray{r.value(QLatin1String("handler")).toString(), age(r, now)};
    };
    t.validate = [](const QJsonObject &r, const QJsonObject *) {
        FieldErrors errors;
        if (const QString bad =
                validation::dns1123Label(r.value(QLatin1String("handler")).toString());
            !bad.isEmpty())
            errors << validation::invalid(QStringLiteral("handler"),
                                          r.value(QLatin1String("handler")), bad);
        return errors;
    };
    return t;
}

KindTraits rbac(const char *kind)
{
    KindTraits t = traits("rbac.authorization.k8s.io", kind);
    t.specTracksGeneration = false;
    const bool binding = QLatin1String(kind).endsWith(QLatin1String("Binding"));
    t.columns =
        binding ? QList<TableColumn>{column("Role"), column("Age"), column("Users", "string", 1),
                                     column("Groups", "string", 1),
                                     column("ServiceAccounts", "string", 1)}
                : QList<TableColumn>{column("Created At", "date")};
    t.cells = [binding](const QJsonObject &o, qint64 now) {
        if (!binding)
            return QJsonArray{o.value(QLatin1String("metadata"))
                                  .toObject()
                                  .value(QLatin1String("creationTimestamp"))
                                  .toString()};
        const QJsonObject ref = sub(o, "roleRef");
        QStringList users, groups, accounts;
        for (const QJsonValue &s : o.value(QLatin1String("subjects")).toArray()) {
            const QJsonObject subject = s.toObject();
            const QString k = subject.value(QLatin1String("kind")).toString();
            const QString n = subject.value(QLatin1String("name")).toString();
            if (k == QLatin1String("User"))
                users << n;
            else if (k == QLatin1String("Group"))
                groups << n;
            else
                accounts << subject.value(QLatin1String("namespace")).toString() +
                                QLatin1Char('/') + n;
        }
        return QJsonArray{QString(ref.value(QLatin1String("kind")).toString() + QLatin1Char('/') +
                                  ref.value(QLatin1String("name")).toString()),
                          age(o, now), users.join(QStringLiteral(", ")),
                          groups.join(QStringLiteral(", ")), accounts.join(QStringLiteral(", "))};
    };
    if (binding) {
        t.validate = [](const QJsonObject &o, const QJsonObject *old) {
            FieldErrors errors;
            const QJsonObject ref = sub(o, "roleRef");
            if (ref.value(QLatin1String("name")).toString().isEmpty())
                errors << validation::required(QStringLiteral("roleRef.name"));
            static const QStringList kinds = {QStringLiteral("ClusterRole"),
                                              QStringLiteral("Role")};
            if (!kinds.contains(ref.value(QLatin1String("kind")).toString()))
                errors << validation::notSupported(QStringLiteral("roleRef.kind"),
                                                   ref.value(QLatin1String("kind")), kinds);
            if (old)
                validation::immutable(errors, o.value(QLatin1String("roleRef")),
                                      old->value(QLatin1String("roleRef")),
                                      QStringLiteral("roleRef"));
            return errors;
        };
    }
    return t;
}

} // namespace

QList<KindTraits> otherKinds()
{
    return {lease(),
            storageClass(),
            priorityClass(),
            eventsEvent(),
            podDisruptionBudget(),
            runtimeClass(),
            rbac("Role"),
            rbac("ClusterRole"),
            rbac("RoleBinding"),
            rbac("ClusterRoleBinding")};
}

} // namespace flotilla::api::kinds
