#pragma once

#include <QJsonObject>
#include <QStringList>

namespace flotilla::api {

class ApiSchema;

// One place in the schema tree, seen from where it is used: the *site* (the property
// or array-item entry, which carries x-kubernetes-patch-strategy, list-type and so on)
// and the *type* it refers to (the resolved definition with properties and required
// fields). A default-constructed node is invalid: "no such field".
class SchemaNode
{
public:
    SchemaNode() = default;
    SchemaNode(const ApiSchema *schema, QJsonObject site);

    bool isValid() const { return m_schema != nullptr; }
    QString definitionName() const { return m_definitionName; }

    // "object", "array", "string", "integer", "number", "boolean", or "" (anything).
    QString type() const;
    bool isIntOrString() const;
    bool preservesUnknownFields() const;
    bool isEmbeddedResource() const;
    QString format() const { return m_type.value(QLatin1String("format")).toString(); }

    SchemaNode property(const QString &name) const;
    bool hasProperties() const { return m_type.contains(QLatin1String("properties")); }
    QStringList propertyNames() const;
    QStringList required() const;
    QStringList enumValues() const;

    SchemaNode items() const;
    // The value schema of a map (object with additionalProperties), else invalid.
    SchemaNode additionalProperties() const;

    // Strategic merge patch and server-side apply metadata of this site.
    QString patchStrategy() const; // "", "merge", "replace", "retainKeys", "merge,retainKeys"
    QString patchMergeKey() const;
    QString listType() const; // "", "atomic", "set", "map"
    QStringList listMapKeys() const;

private:
    const ApiSchema *m_schema = nullptr;
    QJsonObject m_site;
    QJsonObject m_type;
    QString m_definitionName;
};

} // namespace flotilla::api
