#include "schema/schemanode.h"

#include "schema/apischema.h"

#include <QJsonArray>

namespace flotilla::api {

namespace {

const QLatin1String kRefPrefix("#/components/schemas/");

QString refOf(const QJsonObject &node)
{
    QString ref = node.value(QLatin1String("$ref")).toString();
    if (ref.isEmpty()) {
        // The upstream documents wrap references as allOf: [{$ref}] so a property can
        // carry its own default next to the reference.
        const QJsonArray allOf = node.value(QLatin1String("allOf")).toArray();
        if (allOf.size() == 1)
            ref = allOf.first().toObject().value(QLatin1String("$ref")).toString();
    }
    return ref.startsWith(kRefPrefix) ? ref.mid(kRefPrefix.size()) : QString();
}

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list << item.toString();
    return list;
}

} // namespace

SchemaNode::SchemaNode(const ApiSchema *schema, QJsonObject site)
    : m_schema(schema)
    , m_site(std::move(site))
    , m_type(m_site)
{
    // Follow reference chains (bounded, in case of a cycle in bad data).
    for (int depth = 0; depth < 8; ++depth) {
        const QString ref = refOf(m_type);
        if (ref.isEmpty())
            break;
        m_definitionName = ref;
        m_type = m_schema->definition(ref);
    }
}

QString SchemaNode::type() const
{
    return m_type.value(QLatin1String("type")).toString();
}

bool SchemaNode::isIntOrString() const
{
    // Upstream marks IntOrString by format; CRD-style schemas by the extension.
    return format() == QLatin1String("int-or-string") ||
           m_type.value(QLatin1String("x-kubernetes-int-or-string")).toBool() ||
           m_site.value(QLatin1String("x-kubernetes-int-or-string")).toBool();
}

bool SchemaNode::preservesUnknownFields() const
{
    return m_type.value(QLatin1String("x-kubernetes-preserve-unknown-fields")).toBool() ||
           m_site.value(QLatin1String("x-kubernetes-preserve-unknown-fields")).toBool();
}

bool SchemaNode::isEmbeddedResource() const
{
    return m_type.value(QLatin1String("x-kubernetes-embedded-resource")).toBool() ||
           m_site.value(QLatin1String("x-kubernetes-embedded-resource")).toBool();
}

SchemaNode SchemaNode::property(const QString &name) const
{
    if (!m_schema)
        return {};
    const QJsonObject properties = m_type.value(QLatin1String("properties")).toObject();
    const auto it = properties.constFind(name);
    if (it == properties.constEnd())
        return {};
    return SchemaNode(m_schema, it->toObject());
}

QStringList SchemaNode::propertyNames() const
{
    return m_type.value(QLatin1String("properties")).toObject().keys();
}

QStringList SchemaNode::required() const
{
    return stringList(m_type.value(QLatin1String("required")));
}

QStringList SchemaNode::enumValues() const
{
    return stringList(m_type.value(QLatin1String("enum")));
}

SchemaNode SchemaNode::items() const
{
    if (!m_schema || !m_type.contains(QLatin1String("items")))
        return {};
    return SchemaNode(m_schema, m_type.value(QLatin1String("items")).toObject());
}

SchemaNode SchemaNode::additionalProperties() const
{
    const QJsonValue value = m_type.value(QLatin1String("additionalProperties"));
    if (!m_schema || !value.isObject())
        return {};
    return SchemaNode(m_schema, value.toObject());
}

QString SchemaNode::patchStrategy() const
{
    return m_site.value(QLatin1String("x-kubernetes-patch-strategy")).toString();
}

QString SchemaNode::patchMergeKey() const
{
    return m_site.value(QLatin1String("x-kubernetes-patch-merge-key")).toString();
}

QString SchemaNode::listType() const
{
    return m_site.value(QLatin1String("x-kubernetes-list-type")).toString();
}

QStringList SchemaNode::listMapKeys() const
{
    return stringList(m_site.value(QLatin1String("x-kubernetes-list-map-keys")));
}

} // namespace flotilla::api
