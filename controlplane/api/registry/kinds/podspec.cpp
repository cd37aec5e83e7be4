#include "registry/kinds/podspec.h"

#include "registry/kinds/builder.h"

#include "registry/validation.h"

#include <QJsonArray>
#include <QSet>

namespace flotilla::api::podspec {

using kinds::setDefault;

namespace {

QString imagePullPolicyFor(const QString &image)
{
    // Upstream: Always for ":latest" or no tag, IfNotPresent otherwise (a digest counts as a tag).
    const qsizetype slash = image.lastIndexOf(QLatin1Char('/'));
    const QString last = image.mid(slash + 1);
    if (image.contains(QLatin1Char('@')))
        return QStringLiteral("IfNotPresent");
    const qsizetype colon = last.lastIndexOf(QLatin1Char(':'));
    if (colon < 0 || last.mid(colon + 1) == QLatin1String("latest"))
        return QStringLiteral("Always");
    return QStringLiteral("IfNotPresent");
}

QJsonArray defaultedContainers(const QJsonArray &containers)
{
    QJsonArray result;
    for (const QJsonValue &value : containers) {
        QJsonObject c = value.toObject();
        setDefault(c, "imagePullPolicy",
                   imagePullPolicyFor(c.value(QLatin1String("image")).toString()));
        setDefault(c, "terminationMessagePath", QStringLiteral("/dev/termination-log"));
        setDefault(c, "terminationMessagePolicy", QStringLiteral("File"));
        if (!c.contains(QLatin1String("resources")))
            c.insert(QLatin1String("resources"), QJsonObject());
        if (c.contains(QLatin1String("ports"))) {
            QJsonArray ports;
            for (const QJsonValue &p : c.value(QLatin1String("ports")).toArray()) {
                QJsonObject port = p.toObject();
                setDefault(port, "protocol", QStringLiteral("TCP"));
                ports.append(port);
            }
            c.insert(QLatin1String("ports"), ports);
        }
        result.append(c);
    }
    return result;
}

FieldErrors validateContainers(const QJsonArray &containers, const QString &path, bool required,
                               QSet<QString> &names)
{
    FieldErrors errors;
    if (required && containers.isEmpty())
        errors << validation::required(path);
    for (qsizetype i = 0; i < containers.size(); ++i) {
        const QJsonObject c = containers[i].toObject();
        const QString at = QStringLiteral("%1[%2]").arg(path).arg(i);
        const QString name = c.value(QLatin1String("name")).toString();
        if (name.isEmpty())
            errors << validation::required(at + QStringLiteral(".name"));
        else if (const QString bad = validation::dns1123Label(name); !bad.isEmpty())
            errors << validation::invalid(at + QStringLiteral(".name"), name, bad);
        else if (names.contains(name))
            errors << FieldError{
                FieldError::Type::Duplicate, at + QStringLiteral(".name"), {}, name};
        names.insert(name);
        if (c.value(QLatin1String("image")).toString().trimmed().isEmpty())
            errors << validation::required(at + QStringLiteral(".image"));
        const QString policy = c.value(QLatin1String("imagePullPolicy")).toString();
        static const QStringList policies = {
            QStringLiteral("Always"), QStringLiteral("IfNotPresent"), QStringLiteral("Never")};
        if (!policy.isEmpty() && !policies.contains(policy))
            errors << validation::notSupported(at + QStringLiteral(".imagePullPolicy"), policy,
                                               policies);
        const QJsonArray ports = c.value(QLatin1String("ports")).toArray();
        for (qsizetype p = 0; p < ports.size(); ++p) {
            const QJsonValue port = ports[p].toObject().value(QLatin1String("containerPort"));
            const QString portPath = QStringLiteral("%1.ports[%2].containerPort").arg(at).arg(p);
            if (port.isUndefined())
                errors << validation::required(portPath);
            else if (port.toDouble() < 1 || port.toDouble() > 65535)
                errors << validation::invalid(
                    portPath, port, QStringLiteral("must be between 1 and 65535, inclusive"));
        }
        QSet<QString> envNames;
        const QJsonArray env = c.value(QLatin1String("env")).toArray();
        for (qsizetype e = 0; e < env.size(); ++e) {
            if (env[e].toObject().value(QLatin1String("name")).toString().isEmpty())
                errors << validation::required(QStringLiteral("%1.env[%2].name").arg(at).arg(e));
        }
    }
    return errors;
}

} // namespace

void applyDefaults(QJsonObject &spec)
{
    setDefault(spec, "restartPolicy", QStringLiteral("Always"));
    setDefault(spec, "terminationGracePeriodSeconds", 30);
    setDefault(spec, "dnsPolicy", QStringLiteral("ClusterFirst"));
    setDefault(spec, "schedulerName", QStringLiteral("default-scheduler"));
    setDefault(spec, "securityContext", QJsonObject());
    spec.insert(QLatin1String("containers"),
                defaultedContainers(spec.value(QLatin1String("containers")).toArray()));
    if (spec.contains(QLatin1String("initContainers")))
        spec.insert(QLatin1String("initContainers"),
                    defaultedContainers(spec.value(QLatin1String("initContainers")).toArray()));
}

void applyTemplateDefaults(QJsonObject &podTemplate)
{
    QJsonObject spec = podTemplate.value(QLatin1String("spec")).toObject();
    applyDefaults(spec);
    podTemplate.insert(QLatin1String("spec"), spec);
    if (!podTemplate.contains(QLatin1String("metadata")))
        podTemplate.insert(QLatin1String("metadata"), QJsonObject());
}

FieldErrors validate(const QJsonObject &spec, const QString &path)
{
    FieldErrors errors;
    QSet<QString> names;
    errors += validateContainers(spec.value(QLatin1String("containers")).toArray(),
                                 path + QStringLiteral(".containers"), true, names);
    errors += validateContainers(spec.value(QLatin1String("initContainers")).toArray(),
                                 path + QStringLiteral(".initContainers"), false, names);
    const QString restart = spec.value(QLatin1String("restartPolicy")).toString();
    static const QStringList restartPolicies = {
        QStringLiteral("Always"), QStringLiteral("OnFailure"), QStringLiteral("Never")};
    if (!restart.isEmpty() && !restartPolicies.contains(restart))
        errors << validation::notSupported(path + QStringLiteral(".restartPolicy"), restart,
                                           restartPolicies);
    const QJsonValue grace = spec.value(QLatin1String("terminationGracePeriodSeconds"));
    if (grace.isDouble() && grace.toDouble() < 0)
        errors << validation::invalid(path + QStringLiteral(".terminationGracePeriodSeconds"),
                                      grace, QStringLiteral("must be greater than or equal to 0"));
    return errors;
}

FieldErrors validateTemplate(const QJsonObject &podTemplate, const QJsonObject &selector,
                             const QString &path)
{
    FieldErrors errors;
    const QJsonObject labels = podTemplate.value(QLatin1String("metadata"))
                                   .toObject()
                                   .value(QLatin1String("labels"))
                                   .toObject();
    const QJsonObject matchLabels = selector.value(QLatin1String("matchLabels")).toObject();
    bool selects = true;
    for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it) {
        if (labels.value(it.key()) != it.value())
            selects = false;
    }
    if (!selects)
        errors << validation::invalid(
            path + QStringLiteral(".metadata.labels"), labels,
            QStringLiteral("`selector` does not match template `labels`"));
    errors += validate(podTemplate.value(QLatin1String("spec")).toObject(),
                       path + QStringLiteral(".spec"));
    return errors;
}

} // namespace flotilla::api::podspec
