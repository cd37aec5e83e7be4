#pragma once

#include "common/result.h"
#include "schema/schemanode.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace flotilla::api {

struct GroupVersionKind
{
    QString group; // "" for the core group
    QString version;
    QString kind;

    QString apiVersion() const
    {
        return group.isEmpty() ? version : group + QLatin1Char('/') + version;
    }
    bool operator==(const GroupVersionKind &other) const = default;
};

// The upstream Kubernetes API structure (types, fields, merge keys, list types), loaded
// from the data vendored by scripts/import-api-schema.py. It is the single source of
// truth for field shapes: strict field validation, strategic merge patch and the
// published OpenAPI all read it rather than a hand-typed copy.
class ApiSchema final
{
public:
    // Parses a schemas.json document (an object keyed by schema name).
    static Result<std::shared_ptr<const ApiSchema>> fromJson(const QByteArray &json);
    // The schema compiled into this binary; loaded once, on first use.
    static const ApiSchema &builtin();

    SchemaNode node(const QString &schemaName) const;
    SchemaNode forKind(const GroupVersionKind &gvk) const;
    QString schemaNameFor(const GroupVersionKind &gvk) const { return m_kinds.value(key(gvk)); }

    // The raw definition, for publishing OpenAPI; null object if unknown.
    QJsonObject definition(const QString &schemaName) const
    {
        return m_definitions.value(schemaName);
    }
    const QHash<QString, QJsonObject> &definitions() const { return m_definitions; }
    qsizetype kindCount() const { return m_kinds.size(); }

private:
    static QString key(const GroupVersionKind &gvk);

    QHash<QString, QJsonObject> m_definitions;
    QHash<QString, QString> m_kinds; // "group/version/Kind" -> schema name
};

} // namespace flotilla::api
