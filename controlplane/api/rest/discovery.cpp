#include "rest/discovery.h"

#include <QJsonArray>

namespace flotilla::api::discovery {

namespace {

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject kindObject(const GroupVersionKind &gvk)
{
    return {{QStringLiteral("group"), gvk.group},
            {QStringLiteral("version"), gvk.version},
            {QStringLiteral("kind"), gvk.kind}};
}

QJsonObject groupVersion(const QString &group, const QString &version)
{
    return {{QStringLiteral("groupVersion"),
             group.isEmpty() ? version : QString(group + QLatin1Char('/') + version)},
            {QStringLiteral("version"), version}};
}

} // namespace

QJsonObject aggregated(const ResourceRegistry &registry, bool core, const QString &apiVersion)
{
    QJsonArray items;
    for (const QString &group : registry.groups()) {
        if (group.isEmpty() != core)
            continue;
        QJsonArray versions;
        for (const QString &version : registry.versions(group)) {
            QJsonArray resources;
            for (const ResourceType *type : registry.resourcesIn(group, version)) {
                QJsonObject resource{{QStringLiteral("resource"), type->plural},
                                     {QStringLiteral("responseKind"), kindObject(type->gvk)},
                                     {QStringLiteral("scope"), type->namespaced
                                                                   ? QStringLiteral("Namespaced")
                                                                   : QStringLiteral("Cluster")},
                                     {QStringLiteral("singularResource"), type->singular},
                                     {QStringLiteral("verbs"), strings(type->verbs)}};
                if (!type->traits->shortNames.isEmpty())
                    resource.insert(QStringLiteral("shortNames"),
                                    strings(type->traits->shortNames));
                if (!type->traits->categories.isEmpty())
                    resource.insert(QStringLiteral("categories"),
                                    strings(type->traits->categories));
                QJsonArray subresources;
                for (const Subresource &sub : type->subresources)
                    subresources.append(
                        QJsonObject{{QStringLiteral("subresource"), sub.name},
                                    {QStringLiteral("responseKind"), kindObject(sub.gvk)},
                                    {QStringLiteral("verbs"), strings(sub.verbs)}});
                if (!subresources.isEmpty())
                    resource.insert(QStringLiteral("subresources"), subresources);
                resources.append(resource);
            }
            versions.append(QJsonObject{{QStringLiteral("version"), version},
                                        {QStringLiteral("resources"), resources},
                                        {QStringLiteral("freshness"), QStringLiteral("Current")}});
        }
        QJsonObject metadata{{QStringLiteral("creationTimestamp"), QJsonValue::Null}};
        if (!group.isEmpty())
            metadata.insert(QStringLiteral("name"), group);
        items.append(QJsonObject{{QStringLiteral("metadata"), metadata},
                                 {QStringLiteral("versions"), versions}});
    }
    return {{QStringLiteral("kind"), QStringLiteral("APIGroupDiscoveryList")},
            {QStringLiteral("apiVersion"), apiVersion},
            {QStringLiteral("metadata"), QJsonObject()},
            {QStringLiteral("items"), items}};
}

QJsonObject apiVersions(const QString &serverAddress)
{
    return {{QStringLiteral("kind"), QStringLiteral("APIVersions")},
            {QStringLiteral("versions"), QJsonArray{QStringLiteral("v1")}},
            {QStringLiteral("serverAddressByClientCIDRs"),
             QJsonArray{QJsonObject{{QStringLiteral("clientCIDR"), QStringLiteral("0.0.0.0/0")},
                                    {QStringLiteral("serverAddress"), serverAddress}}}}};
}

QJsonObject apiGroup(const ResourceRegistry &registry, const QString &group)
{
    QJsonArray versions;
    for (const QString &version : registry.versions(group))
        versions.append(groupVersion(group, version));
    return {
        {QStringLiteral("kind"), QStringLiteral("APIGroup")},
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("name"), group},
        {QStringLiteral("versions"), versions},
        {QStringLiteral("preferredVersion"), versions.isEmpty() ? QJsonValue() : versions.first()}};
}

QJsonObject apiGroupList(const ResourceRegistry &registry)
{
    QJsonArray groups;
    for (const QString &group : registry.groups()) {
        if (group.isEmpty())
            continue;
        QJsonObject entry = apiGroup(registry, group);
        entry.remove(QStringLiteral("kind"));
        entry.remove(QStringLiteral("apiVersion"));
        groups.append(entry);
    }
    return {{QStringLiteral("kind"), QStringLiteral("APIGroupList")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("groups"), groups}};
}

QJsonObject apiResourceList(const ResourceRegistry &registry, const QString &group,
                            const QString &version)
{
    QJsonArray resources;
    for (const ResourceType *type : registry.resourcesIn(group, version)) {
        QJsonObject resource{{QStringLiteral("name"), type->plural},
                             {QStringLiteral("singularName"), type->singular},
                             {QStringLiteral("namespaced"), type->namespaced},
                             {QStringLiteral("kind"), type->gvk.kind},
                             {QStringLiteral("verbs"), strings(type->verbs)}};
        if (!type->traits->shortNames.isEmpty())
            resource.insert(QStringLiteral("shortNames"), strings(type->traits->shortNames));
        if (!type->traits->categories.isEmpty())
            resource.insert(QStringLiteral("categories"), strings(type->traits->categories));
        resources.append(resource);
        for (const Subresource &sub : type->subresources) {
            QJsonObject entry{
                {QStringLiteral("name"), QString(type->plural + QLatin1Char('/') + sub.name)},
                {QStringLiteral("singularName"), QString()},
                {QStringLiteral("namespaced"), type->namespaced},
                {QStringLiteral("kind"), sub.gvk.kind},
                {QStringLiteral("verbs"), strings(sub.verbs)}};
            if (sub.gvk.group != type->gvk.group || sub.gvk.version != type->gvk.version) {
                entry.insert(QStringLiteral("group"), sub.gvk.group);
                entry.insert(QStringLiteral("version"), sub.gvk.version);
            }
            resources.append(entry);
        }
    }
    return {{QStringLiteral("kind"), QStringLiteral("APIResourceList")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("groupVersion"),
             group.isEmpty() ? version : QString(group + QLatin1Char('/') + version)},
            {QStringLiteral("resources"), resources}};
}

} // namespace flotilla::api::discovery
