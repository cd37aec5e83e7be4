// Kinds of the batch/v1 API group.
#include "registry/kinds/builder.h"
#include "registry/kinds/podspec.h"
#include "registry/validation.h"

#include <QDateTime>

namespace flotilla::api::kinds {

namespace {

using namespace printing;

QString jobStatus(const QJsonObject &job)
{
    for (const QJsonValue &c : status(job).value(QLatin1String("conditions")).toArray()) {
        const QJsonObject cond = c.toObject();
        if (cond.value(QLatin1String("status")).toString() != QLatin1String("True"))
            continue;
        const QString type = cond.value(QLatin1String("type")).toString();
        if (type == QLatin1String("Complete"))
            return QStringLiteral("Complete");
        if (type == QLatin1String("Failed"))
            return QStringLiteral("Failed");
        if (type == QLatin1String("Suspended"))
            return QStringLiteral("Suspended");
    }
    return QStringLiteral("Running");
}

KindTraits job()
{
    KindTraits t = traits("batch", "Job", {}, all());
    t.columns = {column("Status"),
                 column("Completions"),
                 column("Duration"),
                 column("Age"),
                 column("Containers", "string", 1),
                 column("Images", "string", 1),
                 column("Selector", "string", 1)};
    t.cells = [](const QJsonObject &j, qint64 now) {
        const QJsonObject sp = spec(j);
        const QJsonObject st = status(j);
        const QString completions = sp.contains(QLatin1String("completions"))
                                        ? QStringLiteral("%1/%2")
                                              .arg(st.value(QLatin1String("succeeded")).toInt())
                                              .arg(sp.value(QLatin1String("completions")).toInt())
                                        : QStringLiteral("%1/1 of %2")
                                              .arg(st.value(QLatin1String("succeeded")).toInt())
                                              .arg(sp.value(QLatin1String("parallelism")).toInt(1));
        QString duration;
        const QDateTime start =
            QDateTime::fromString(st.value(QLatin1String("startTime")).toString(), Qt::ISODate);
        const QDateTime done = QDateTime::fromString(
            st.value(QLatin1String("completionTime")).toString(), Qt::ISODate);
        if (start.isValid())
            duration = humanDuration((done.isValid() ? done.toMSecsSinceEpoch() : now) -
                                     start.toMSecsSinceEpoch());
        const QJsonObject podSpec = sub(sub(sp, "template"), "spec");
        return QJsonArray{jobStatus(j),
                          completions,
                          duration,
                          age(j, now),
                          containerNames(podSpec),
                          containerImages(podSpec),
                          selectorText(sub(sp, "selector"))};
    };
    t.defaults = [](QJsonObject &j) {
        QJsonObject sp = spec(j);
        setDefault(sp, "parallelism", 1);
        if (!sp.contains(QLatin1String("completions")) &&
            sp.value(QLatin1String("parallelism")).toInt() == 1)
            sp.insert(QLatin1String("completions"), 1);
        setDefault(sp, "backoffLimit", 6);
        setDefault(sp, "completionMode", QStringLiteral("NonIndexed"));
        setDefault(sp, "suspend", false);
        setDefault(sp, "manualSelector", false);
        QJsonObject tmpl = sub(sp, "template");
        QJsonObject podSpec = sub(tmpl, "spec");
        setDefault(podSpec, "restartPolicy", QStringLiteral("Never"));
        tmpl.insert(QLatin1String("spec"), podSpec);
        podspec::applyTemplateDefaults(tmpl);
        sp.insert(QLatin1String("template"), tmpl);
        j.insert(QLatin1String("spec"), sp);
    };
    t.validate = [](const QJsonObject &j, const QJsonObject *old) {
        FieldErrors errors;
        const QJsonObject sp = spec(j);
        const QString restart =
            sub(sub(sp, "template"), "spec").value(QLatin1String("restartPolicy")).toString();
        if (restart == QLatin1String("Always"))
            errors << validation::notSupported(
                QStringLiteral("spec.template.spec.restartPolicy"), restart,
                {QStringLiteral("OnFailure"), QStringLiteral("Never")});
        errors += podspec::validate(sub(sub(sp, "template"), "spec"),
                                    QStringLiteral("spec.template.spec"));
        for (const char *field : {"parallelism", "completions", "backoffLimit"}) {
            const QJsonValue v = sp.value(QLatin1String(field));
            if (v.isDouble() && v.toDouble() < 0)
                errors << validation::invalid(QStringLiteral("spec.") + QLatin1String(field), v,
                                              QStringLiteral("must be greater than or equal to 0"));
        }
        if (old) {
            validation::immutable(errors, sp.value(QLatin1String("template")),
                                  spec(*old).value(QLatin1String("template")),
                                  QStringLiteral("spec.template"));
            validation::immutable(errors, sp.value(QLatin1String("completionMode")),
                                  spec(*old).value(QLatin1String("completionMode")),
                                  QStringLiteral("spec.completionMode"));
        }
        return errors;
    };
    return t;
}

KindTraits cronJob()
{
    KindTraits t = traits("batch", "CronJob", {QStringLiteral("cj")}, all());
    t.columns = {column("Schedule"),
                 column("Timezone"),
                 column("Suspend", "boolean"),
                 column("Active", "integer"),
                 column("Last Schedule"),
                 column("Age"),
                 column("Containers", "string", 1),
                 column("Images", "string", 1),
                 column("Selector", "string", 1)};
    t.cells = [](const QJsonObject &c, qint64 now) {
        const QJsonObject sp = spec(c);
        const QString last = status(c).value(QLatin1String("lastScheduleTime")).toString();
        const QJsonObject jobSpec = sub(sub(sp, "jobTemplate"), "spec");
        const QJsonObject podSpec = sub(sub(jobSpec, "template"), "spec");
        return QJsonArray{sp.value(QLatin1String("schedule")).toString(),
                          orNone(sp.value(QLatin1String("timeZone")).toString()),
                          sp.value(QLatin1String("suspend")).toBool() ? QStringLiteral("True")
                                                                      : QStringLiteral("False"),
                          status(c).value(QLatin1String("active")).toArray().size(),
                          last.isEmpty() ? QStringLiteral("<none>") : ageOf(last, now),
                          age(c, now),
                          containerNames(podSpec),
                          containerImages(podSpec),
                          selectorText(sub(jobSpec, "selector"))};
    };
    t.defaults = [](QJsonObject &c) {
        QJsonObject sp = spec(c);
        setDefault(sp, "concurrencyPolicy", QStringLiteral("Allow"));
        setDefault(sp, "suspend", false);
        setDefault(sp, "successfulJobsHistoryLimit", 3);
        setDefault(sp, "failedJobsHistoryLimit", 1);
        c.insert(QLatin1String("spec"), sp);
    };
    t.validate = [](const QJsonObject &c, const QJsonObject *) {
        FieldErrors errors;
        if (spec(c).value(QLatin1String("schedule")).toString().trimmed().isEmpty())
            errors << validation::required(QStringLiteral("spec.schedule"));
        return errors;
    };
    return t;
}

} // namespace

QList<KindTraits> batchKinds()
{
    return {job(), cronJob()};
}

} // namespace flotilla::api::kinds
