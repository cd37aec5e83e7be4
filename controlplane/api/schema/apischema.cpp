#include "schema/apischema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace flotilla::api {

QString ApiSchema::key(const GroupVersionKind &gvk)
{
    return gvk.group + QLatin1Char('/') + gvk.version + QLatin1Char('/') + gvk.kind;
}

Result<std::shared_ptr<const ApiSchema>> ApiSchema::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Error{ErrorCode::Corrupt,
                     QStringLiteral("the API schema data is not a JSON object (%1 at offset %2)")
                         .arg(error.errorString())
                         .arg(error.offset)};
    auto schema = std::make_shared<ApiSchema>();
    const QJsonObject root = document.object();
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        const QJsonObject definition = it->toObject();
        schema->m_definitions.insert(it.key(), definition);
        for (const QJsonValue &gvk :
             definition.value(QLatin1String("x-kubernetes-group-version-kind")).toArray()) {
            const QJsonObject o = gvk.toObject();
            const GroupVersionKind parsed{o.value(QLatin1String("group")).toString(),
                                          o.value(QLatin1String("version")).toString(),
                                          o.value(QLatin1String("kind")).toString()};
            // Shared types (DeleteOptions, WatchEvent, Status) list every group; only the
            // kind's own schema should own a GVK, so the first (most specific) wins.
            if (!schema->m_kinds.contains(key(parsed)))
                schema->m_kinds.insert(key(parsed), it.key());
        }
    }
    return std::shared_ptr<const ApiSchema>(std::move(schema));
}

const ApiSchema &ApiSchema::builtin()
{
    static const std::shared_ptr<const ApiSchema> schema = [] {
        QFile file(QStringLiteral(":/flotilla/api-schema/schemas.json"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("the API schema resource is missing from this build");
        auto loaded = fromJson(file.readAll());
        if (!loaded)
            qFatal("the built-in API schema is unreadable: %s", qPrintable(loaded.error().message));
        return *loaded;
    }();
    return *schema;
}

SchemaNode ApiSchema::node(const QString &schemaName) const
{
    if (!m_definitions.contains(schemaName))
        return {};
    QJsonObject site;
    site.insert(QLatin1String("$ref"),
                QString(QStringLiteral("#/components/schemas/") + schemaName));
    return SchemaNode(this, site);
}

SchemaNode ApiSchema::forKind(const GroupVersionKind &gvk) const
{
    const QString name = schemaNameFor(gvk);
    return name.isEmpty() ? SchemaNode() : node(name);
}

} // namespace flotilla::api
