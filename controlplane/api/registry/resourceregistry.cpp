#include "registry/resourceregistry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>

namespace flotilla::api {

namespace {

// Discovery's verb names for the upstream actions.
QString verbFor(const QString &method, const QString &action)
{
    if (action == QLatin1String("put"))
        return QStringLiteral("update");
    if (action == QLatin1String("post"))
        return QStringLiteral("create");
    Q_UNUSED(method);
    return action;
}

struct Route
{
    QString group;
    QString version;
    QString plural;
    QString subresource;
    bool namespaced = false;
    bool item = false; // path ends in {name} (or a subresource of it)
};

// Parses upstream paths such as /apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale.
std::optional<Route> parsePath(const QString &path)
{
    QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    Route route;
    if (parts.size() >= 2 && parts[0] == QLatin1String("api")) {
        route.version = parts[1];
        parts = parts.mid(2);
    } else if (parts.size() >= 3 && parts[0] == QLatin1String("apis")) {
        route.group = parts[1];
        route.version = parts[2];
        parts = parts.mid(3);
    } else {
        return std::nullopt;
    }
    if (!parts.isEmpty() && parts[0] == QLatin1String("watch"))
        return std::nullopt; // the deprecated watch paths add nothing
    if (parts.size() >= 2 && parts[0] == QLatin1String("namespaces") &&
        parts[1] == QLatin1String("{namespace}")) {
        route.namespaced = true;
        parts = parts.mid(2);
    }
    if (parts.isEmpty() || parts[0].startsWith(QLatin1Char('{')))
        return std::nullopt;
    route.plural = parts[0];
    if (parts.size() >= 2) {
        if (parts[1] != QLatin1String("{name}"))
            return std::nullopt;
        route.item = true;
    }
    if (parts.size() >= 3)
        route.subresource = parts[2];
    if (parts.size() >= 4)
        return std::nullopt; // proxy/{path}
    return route;
}

// Some upstream group documents lost their x-kubernetes-action and group-version-kind;
// both follow from the path shape and the operationId (readNetworkingV1NamespacedIngress).
QString inferVerb(const QString &method, const Route &route)
{
    if (method == QLatin1String("get"))
        return route.item ? QStringLiteral("get") : QStringLiteral("list");
    if (method == QLatin1String("post"))
        return QStringLiteral("create");
    if (method == QLatin1String("put"))
        return QStringLiteral("update");
    if (method == QLatin1String("patch"))
        return QStringLiteral("patch");
    if (method == QLatin1String("delete"))
        return route.item ? QStringLiteral("delete") : QStringLiteral("deletecollection");
    return {};
}

QString groupVersionCamel(const QString &group, const QString &version)
{
    QString camel;
    QString trimmed = group;
    trimmed.remove(QLatin1String(".k8s.io"));
    for (const QString &part : trimmed.split(QLatin1Char('.'), Qt::SkipEmptyParts))
        camel += part.left(1).toUpper() + part.mid(1);
    if (camel.isEmpty())
        camel = QStringLiteral("Core");
    return camel + version.left(1).toUpper() + version.mid(1);
}

QString inferKind(const QString &operationId, const Route &route)
{
    qsizetype verbEnd = 0;
    while (verbEnd < operationId.size() && operationId[verbEnd].isLower())
        ++verbEnd;
    QString rest = operationId.mid(verbEnd);
    const QString gv = groupVersionCamel(route.group, route.version);
    if (!rest.startsWith(gv))
        return {};
    rest = rest.mid(gv.size());
    for (const char *prefix : {"Collection", "Namespaced"}) {
        if (rest.startsWith(QLatin1String(prefix)))
            rest = rest.mid(qsizetype(qstrlen(prefix)));
    }
    if (rest.endsWith(QLatin1String("ForAllNamespaces")))
        rest.chop(16);
    return rest;
}

GroupVersionKind subresourceKind(const Route &route, const GroupVersionKind &parent)
{
    if (route.subresource == QLatin1String("scale"))
        return {QStringLiteral("autoscaling"), QStringLiteral("v1"), QStringLiteral("Scale")};
    if (route.subresource == QLatin1String("eviction"))
        return {QStringLiteral("policy"), QStringLiteral("v1"), QStringLiteral("Eviction")};
    if (route.subresource == QLatin1String("binding"))
        return {QString(), QStringLiteral("v1"), QStringLiteral("Binding")};
    return parent;
}

} // namespace

Result<std::shared_ptr<const ResourceRegistry>>
ResourceRegistry::fromPathData(const QByteArray &resourcesJson,
                               const QList<const KindTraits *> &served)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(resourcesJson, &error);
    if (!document.isArray())
        return Error{ErrorCode::Corrupt,
                     QStringLiteral("the resource path data is not a JSON array: %1")
                         .arg(error.errorString())};

    auto registry = std::make_shared<ResourceRegistry>();
    // (group, version, plural) -> resource under construction; QMap keeps a stable order.
    QMap<QString, ResourceType> byKey;
    QMap<QString, QMap<QString, Subresource>> subresources;

    for (const QJsonValue &entry : document.array()) {
        const QJsonObject object = entry.toObject();
        const auto route = parsePath(object.value(QLatin1String("path")).toString());
        if (!route)
            continue;
        const QString key =
            route->group + QLatin1Char('/') + route->version + QLatin1Char('/') + route->plural;
        const QJsonObject methods = object.value(QLatin1String("methods")).toObject();
        for (auto it = methods.begin(); it != methods.end(); ++it) {
            const QJsonObject method = it.value().toObject();
            const QString action = method.value(QLatin1String("action")).toString();
            const QJsonObject gvkObject = method.value(QLatin1String("gvk")).toObject();
            GroupVersionKind gvk{gvkObject.value(QLatin1String("group")).toString(),
                                 gvkObject.value(QLatin1String("version")).toString(),
                                 gvkObject.value(QLatin1String("kind")).toString()};
            if (gvkObject.isEmpty()) {
                if (route->subresource.isEmpty()) {
                    gvk = {
                        route->group, route->version,
                        inferKind(method.value(QLatin1String("operationId")).toString(), *route)};
                } else {
                    const ResourceType &parent = byKey[key];
                    gvk = subresourceKind(*route, parent.gvk);
                }
                if (gvk.kind.isEmpty())
                    continue;
            }
            const QString verb =
                action.isEmpty() ? inferVerb(it.key(), *route) : verbFor(it.key(), action);
            if (verb.isEmpty())
                continue;
            if (!route->subresource.isEmpty()) {
                Subresource &sub = subresources[key][route->subresource];
                sub.name = route->subresource;
                sub.gvk = gvk;
                if (!sub.verbs.contains(verb) && verb != QLatin1String("connect"))
                    sub.verbs << verb;
                if (verb == QLatin1String("connect"))
                    sub.verbs << QStringLiteral("get") << QStringLiteral("create");
                continue;
            }
            ResourceType &type = byKey[key];
            if (type.plural.isEmpty()) {
                type.namespaced = false;
                type.plural = route->plural;
                type.gvk = gvk;
                type.singular = gvk.kind.toLower();
            }
            type.namespaced = type.namespaced || route->namespaced;
            if (!type.verbs.contains(verb))
                type.verbs << verb;
            // Watching is a list with ?watch=true (the /watch/ paths are deprecated).
            if (verb == QLatin1String("list") && method.value(QLatin1String("query"))
                                                     .toArray()
                                                     .contains(QJsonValue(QStringLiteral("watch"))))
                type.verbs << QStringLiteral("watch");
        }
    }

    for (auto it = byKey.begin(); it != byKey.end(); ++it) {
        ResourceType type = it.value();
        type.traits = nullptr;
        for (const KindTraits *traits : served) {
            if (traits->group == type.gvk.group && traits->kind == type.gvk.kind)
                type.traits = traits;
        }
        if (!type.traits)
            continue; // upstream serves it, Flotilla does not (yet)
        type.verbs.removeDuplicates();
        type.verbs.sort();
        for (const Subresource &sub : subresources.value(it.key())) {
            // pods/log, exec, attach, portforward and proxy need a node agent: not yet.
            static const QStringList needsAgent = {
                QStringLiteral("log"),    QStringLiteral("exec"),
                QStringLiteral("attach"), QStringLiteral("portforward"),
                QStringLiteral("proxy"),  QStringLiteral("ephemeralcontainers"),
                QStringLiteral("resize")};
            if (needsAgent.contains(sub.name))
                continue;
            Subresource offered = sub;
            offered.verbs.removeDuplicates();
            offered.verbs.sort();
            type.subresources << offered;
        }
        registry->m_resources << type;
        if (!registry->m_versions.contains(type.gvk.group))
            registry->m_groups << type.gvk.group;
        QStringList &versions = registry->m_versions[type.gvk.group];
        if (!versions.contains(type.gvk.version))
            versions << type.gvk.version;
    }
    // Core first, then by name, as kube-apiserver's legacy order starts with the core group.
    std::sort(registry->m_groups.begin(), registry->m_groups.end(),
              [](const QString &a, const QString &b) {
                  if (a.isEmpty() != b.isEmpty())
                      return a.isEmpty();
                  return a < b;
              });
    return std::shared_ptr<const ResourceRegistry>(std::move(registry));
}

const ResourceRegistry &ResourceRegistry::builtin()
{
    static const std::shared_ptr<const ResourceRegistry> registry = [] {
        QFile file(QStringLiteral(":/flotilla/api-schema/resources.json"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("the API path data resource is missing from this build");
        auto built = fromPathData(file.readAll(), allBuiltinKindTraits());
        if (!built)
            qFatal("the built-in API path data is unreadable: %s",
                   qPrintable(built.error().message));
        return *built;
    }();
    return *registry;
}

const ResourceType *ResourceRegistry::find(const QString &group, const QString &version,
                                           const QString &plural) const
{
    for (const ResourceType &type : m_resources) {
        if (type.plural == plural && type.gvk.group == group && type.gvk.version == version)
            return &type;
    }
    return nullptr;
}

const ResourceType *ResourceRegistry::findKind(const GroupVersionKind &gvk) const
{
    for (const ResourceType &type : m_resources) {
        if (type.gvk == gvk)
            return &type;
    }
    return nullptr;
}

QList<const ResourceType *> ResourceRegistry::resourcesIn(const QString &group,
                                                          const QString &version) const
{
    QList<const ResourceType *> result;
    for (const ResourceType &type : m_resources) {
        if (type.gvk.group == group && type.gvk.version == version)
            result << &type;
    }
    return result;
}

} // namespace flotilla::api
