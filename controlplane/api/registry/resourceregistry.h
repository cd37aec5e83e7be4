#pragma once

#include "common/result.h"
#include "registry/resourcetype.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <memory>

namespace flotilla::api {

// Every resource the API server serves, keyed for routing and discovery. Built from
// the upstream path data (which verbs and subresources exist, scope, plural names) and
// the KindTraits table (which kinds Flotilla serves, and their hand-kept facts), so
// adding a kind is one KindTraits entry.
class ResourceRegistry final
{
public:
    // resourcesJson: the upstream path list (api/schema/data/resources.json).
    static Result<std::shared_ptr<const ResourceRegistry>>
    fromPathData(const QByteArray &resourcesJson, const QList<const KindTraits *> &served);
    static const ResourceRegistry &builtin();

    const ResourceType *find(const QString &group, const QString &version,
                             const QString &plural) const;
    const ResourceType *findKind(const GroupVersionKind &gvk) const;
    const QList<ResourceType> &resources() const { return m_resources; }

    // Group names in discovery order (core "" first), and the versions of each.
    QStringList groups() const { return m_groups; }
    QStringList versions(const QString &group) const { return m_versions.value(group); }
    QList<const ResourceType *> resourcesIn(const QString &group, const QString &version) const;

private:
    QList<ResourceType> m_resources;
    QStringList m_groups;
    QHash<QString, QStringList> m_versions;
};

} // namespace flotilla::api
