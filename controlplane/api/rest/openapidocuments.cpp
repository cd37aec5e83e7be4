#include "rest/openapidocuments.h"

#include "openapi/openapiv2protobuf.h"
#include "schema/apischema.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

namespace flotilla::api {

namespace {

const QLatin1String kV3Ref("#/components/schemas/");

QString groupVersionPath(const QString &group, const QString &version)
{
    return group.isEmpty() ? QStringLiteral("api/") + version
                           : QStringLiteral("apis/%1/%2").arg(group, version);
}

// Every schema name `root` reaches through $ref, itself included.
void collectSchemas(const ApiSchema &schema, const QString &root, QSet<QString> &seen)
{
    QList<QString> pending{root};
    static const QRegularExpression refPattern(
        QStringLiteral("\"\\$ref\":\"#/components/schemas/([^\"]+)\""));
    while (!pending.isEmpty()) {
        const QString name = pending.takeLast();
        if (seen.contains(name) || !schema.definitions().contains(name))
            continue;
        seen.insert(name);
        const QByteArray text =
            QJsonDocument(schema.definition(name)).toJson(QJsonDocument::Compact);
        auto it = refPattern.globalMatch(QString::fromUtf8(text));
        while (it.hasNext())
            pending.append(it.next().captured(1));
    }
}

QJsonValue rewriteRefs(const QJsonValue &value, const QString &from, const QString &to)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == QLatin1String("$ref") && it.value().toString().startsWith(from))
                it.value() = QString(to + it.value().toString().mid(from.size()));
            else
                it.value() = rewriteRefs(it.value(), from, to);
        }
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = rewriteRefs(array[i], from, to);
        return array;
    }
    return value;
}

// kubectl's Swagger 2.0 reader ignores allOf and knows no oneOf: a wrapped reference
// becomes a plain $ref, and the int-or-string and quantity unions become strings.
QJsonValue toSwaggerSchema(const QJsonValue &value)
{
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = toSwaggerSchema(array[i]);
        return array;
    }
    if (!value.isObject())
        return value;
    QJsonObject object = value.toObject();
    const QJsonArray allOf = object.value(QLatin1String("allOf")).toArray();
    if (allOf.size() == 1 && allOf.first().toObject().contains(QLatin1String("$ref"))) {
        object.remove(QStringLiteral("allOf"));
        object.insert(QStringLiteral("$ref"),
                      allOf.first().toObject().value(QLatin1String("$ref")));
        object.remove(QStringLiteral("default")); // siblings of $ref are ignored in Swagger 2.0
    }
    if (object.contains(QLatin1String("oneOf"))) {
        object.remove(QStringLiteral("oneOf"));
        object.insert(QStringLiteral("type"), QStringLiteral("string"));
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("x-kubernetes-group-version-kind") &&
            it.key() != QLatin1String("enum") && it.key() != QLatin1String("default"))
            it.value() = toSwaggerSchema(it.value());
    }
    return object;
}

QString actionName(const QString &method, bool item, const QString &action)
{
    if (!action.isEmpty())
        return action;
    if (method == QLatin1String("get"))
        return item ? QStringLiteral("get") : QStringLiteral("list");
    if (method == QLatin1String("post"))
        return QStringLiteral("post");
    if (method == QLatin1String("put"))
        return QStringLiteral("put");
    if (method == QLatin1String("patch"))
        return QStringLiteral("patch");
    return item ? QStringLiteral("delete") : QStringLiteral("deletecollection");
}

} // namespace

OpenApiDocuments::OpenApiDocuments(const ResourceRegistry &registry)
    : m_registry(registry)
{}

void OpenApiDocuments::build()
{
    if (m_built)
        return;
    m_built = true;
    const ApiSchema &schema = ApiSchema::builtin();
    QFile file(QStringLiteral(":/flotilla/api-schema/resources.json"));
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonArray paths = QJsonDocument::fromJson(file.readAll()).array();

    QJsonObject v2Paths;
    QSet<QString> v2Schemas;
    QJsonObject indexPaths;
    for (const QString &group : m_registry.groups()) {
        for (const QString &version : m_registry.versions(group)) {
            const QString gvPath = groupVersionPath(group, version);
            const QString prefix = QLatin1Char('/') + gvPath + QLatin1Char('/');
            QJsonObject docPaths;
            QSet<QString> schemas;
            for (const QJsonValue &entryValue : paths) {
                const QJsonObject entry = entryValue.toObject();
                const QString path = entry.value(QLatin1String("path")).toString();
                if (!path.startsWith(prefix) || path.contains(QLatin1String("/watch/")))
                    continue;
                // Only paths of served resources (and served subresources).
                QStringList rest = path.mid(prefix.size()).split(QLatin1Char('/'));
                if (rest.size() >= 2 && rest[0] == QLatin1String("namespaces") &&
                    rest[1] == QLatin1String("{namespace}"))
                    rest = rest.mid(2);
                const ResourceType *type = m_registry.find(group, version, rest.value(0));
                if (!type)
                    continue;
                const QString sub = rest.value(2);
                if (!sub.isEmpty() && !type->subresource(sub))
                    continue;
                const bool item = rest.size() >= 2;
                const GroupVersionKind gvk =
                    sub.isEmpty() ? type->gvk : type->subresource(sub)->gvk;
                const QString kindSchema = schema.schemaNameFor(gvk);
                if (!kindSchema.isEmpty())
                    collectSchemas(schema, kindSchema, schemas);
                const QString listSchema = schema.schemaNameFor(
                    {gvk.group, gvk.version, gvk.kind + QStringLiteral("List")});
                if (!listSchema.isEmpty())
                    collectSchemas(schema, listSchema, schemas);

                QJsonObject pathItem;
                const QJsonObject methods = entry.value(QLatin1String("methods")).toObject();
                for (auto it = methods.begin(); it != methods.end(); ++it) {
                    const QJsonObject method = it.value().toObject();
                    QJsonArray parameters;
                    for (const QJsonValue &q : method.value(QLatin1String("query")).toArray())
                        parameters.append(QJsonObject{
                            {QStringLiteral("name"), q},
                            {QStringLiteral("in"), QStringLiteral("query")},
                            {QStringLiteral("schema"),
                             QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                         {QStringLiteral("uniqueItems"), true}}}});
                    QJsonObject operation{
                        {QStringLiteral("operationId"), method.value(QLatin1String("operationId"))},
                        {QStringLiteral("parameters"), parameters},
                        {QStringLiteral("x-kubernetes-action"),
                         actionName(it.key(), item,
                                    method.value(QLatin1String("action")).toString())},
                        {QStringLiteral("x-kubernetes-group-version-kind"),
                         QJsonObject{{QStringLiteral("group"), gvk.group},
                                     {QStringLiteral("version"), gvk.version},
                                     {QStringLiteral("kind"), gvk.kind}}}};
                    const QString ref =
                        kV3Ref +
                        (item || it.key() == QLatin1String("post") ? kindSchema : listSchema);
                    const QJsonObject content{
                        {QStringLiteral("application/json"),
                         QJsonObject{{QStringLiteral("schema"),
                                      QJsonObject{{QStringLiteral("$ref"), ref}}}}}};
                    QJsonObject responses;
                    for (const QJsonValue &code :
                         method.value(QLatin1String("responses")).toArray()) {
                        if (code.toString() == QLatin1String("401"))
                            continue;
                        responses.insert(
                            code.toString(),
                            QJsonObject{{QStringLiteral("description"), QStringLiteral("OK")},
                                        {QStringLiteral("content"), content}});
                    }
                    operation.insert(QStringLiteral("responses"), responses);
                    if (it.key() == QLatin1String("post") || it.key() == QLatin1String("put"))
                        operation.insert(
                            QStringLiteral("requestBody"),
                            QJsonObject{
                                {QStringLiteral("content"),
                                 QJsonObject{
                                     {QStringLiteral("*/*"),
                                      QJsonObject{{QStringLiteral("schema"),
                                                   QJsonObject{{QStringLiteral("$ref"),
                                                                QString(kV3Ref + kindSchema)}}}}}}},
                                {QStringLiteral("required"), true}});
                    pathItem.insert(it.key(), operation);
                }
                docPaths.insert(path, pathItem);
            }
            // Shared meta types every document refers to.
            for (const char *shared : {"io.k8s.apimachinery.pkg.apis.meta.v1.Status",
                                       "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
                                       "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent",
                                       "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"})
                collectSchemas(schema, QLatin1String(shared), schemas);
            QJsonObject components;
            QStringList names(schemas.begin(), schemas.end());
            names.sort();
            for (const QString &name : names)
                components.insert(name, schema.definition(name));
            v2Schemas.unite(schemas);
            const QJsonObject document{
                {QStringLiteral("openapi"), QStringLiteral("3.0.0")},
                {QStringLiteral("info"),
                 QJsonObject{{QStringLiteral("title"), QStringLiteral("Kubernetes")},
                             {QStringLiteral("version"), QStringLiteral("v1.33.0")}}},
                {QStringLiteral("paths"), docPaths},
                {QStringLiteral("components"),
                 QJsonObject{{QStringLiteral("schemas"), components}}}};
            const QByteArray bytes = QJsonDocument(document).toJson(QJsonDocument::Compact);
            m_v3.insert(gvPath, bytes);
            const QString hash = QString::fromLatin1(
                QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex().toUpper());
            indexPaths.insert(gvPath, QJsonObject{{QStringLiteral("serverRelativeURL"),
                                                   QString(QStringLiteral("/openapi/v3/") + gvPath +
                                                           QStringLiteral("?hash=") + hash)}});
            for (auto it = docPaths.begin(); it != docPaths.end(); ++it)
                v2Paths.insert(it.key(), it.value());
        }
    }
    m_v3Index = QJsonDocument(QJsonObject{{QStringLiteral("paths"), indexPaths}})
                    .toJson(QJsonDocument::Compact);

    // Swagger 2.0: the same schemas under #/definitions, parameters in the v2 shape.
    QJsonObject definitions;
    for (const QString &name : v2Schemas)
        definitions.insert(name, toSwaggerSchema(rewriteRefs(schema.definition(name), kV3Ref,
                                                             QStringLiteral("#/definitions/"))));
    QJsonObject swaggerPaths;
    for (auto it = v2Paths.begin(); it != v2Paths.end(); ++it) {
        QJsonObject item = it.value().toObject();
        for (auto op = item.begin(); op != item.end(); ++op) {
            QJsonObject operation = op.value().toObject();
            QJsonArray parameters;
            for (const QJsonValue &p : operation.value(QLatin1String("parameters")).toArray())
                parameters.append(
                    QJsonObject{{QStringLiteral("name"), p.toObject().value(QLatin1String("name"))},
                                {QStringLiteral("in"), QStringLiteral("query")},
                                {QStringLiteral("type"), QStringLiteral("string")},
                                {QStringLiteral("uniqueItems"), true}});
            const QJsonObject body = operation.value(QLatin1String("requestBody")).toObject();
            if (!body.isEmpty()) {
                const QJsonObject schemaRef = body.value(QLatin1String("content"))
                                                  .toObject()
                                                  .value(QLatin1String("*/*"))
                                                  .toObject()
                                                  .value(QLatin1String("schema"))
                                                  .toObject();
                parameters.append(QJsonObject{
                    {QStringLiteral("name"), QStringLiteral("body")},
                    {QStringLiteral("in"), QStringLiteral("body")},
                    {QStringLiteral("required"), true},
                    {QStringLiteral("schema"),
                     rewriteRefs(schemaRef, kV3Ref, QStringLiteral("#/definitions/"))}});
            }
            operation.remove(QStringLiteral("requestBody"));
            operation.insert(QStringLiteral("parameters"), parameters);
            QJsonObject responses;
            const QJsonObject v3Responses = operation.value(QLatin1String("responses")).toObject();
            for (auto r = v3Responses.begin(); r != v3Responses.end(); ++r) {
                const QJsonObject schemaRef = r.value()
                                                  .toObject()
                                                  .value(QLatin1String("content"))
                                                  .toObject()
                                                  .value(QLatin1String("application/json"))
                                                  .toObject()
                                                  .value(QLatin1String("schema"))
                                                  .toObject();
                responses.insert(r.key(),
                                 QJsonObject{{QStringLiteral("description"), QStringLiteral("OK")},
                                             {QStringLiteral("schema"),
                                              rewriteRefs(schemaRef, kV3Ref,
                                                          QStringLiteral("#/definitions/"))}});
            }
            operation.insert(QStringLiteral("responses"), responses);
            op.value() = operation;
        }
        swaggerPaths.insert(it.key(), item);
    }
    m_v2 = {{QStringLiteral("swagger"), QStringLiteral("2.0")},
            {QStringLiteral("info"),
             QJsonObject{{QStringLiteral("title"), QStringLiteral("Kubernetes")},
                         {QStringLiteral("version"), QStringLiteral("v1.33.0")}}},
            {QStringLiteral("paths"), swaggerPaths},
            {QStringLiteral("definitions"), definitions}};
}

QByteArray OpenApiDocuments::v3Index()
{
    build();
    return m_v3Index;
}

std::optional<QByteArray> OpenApiDocuments::v3Document(const QString &path)
{
    build();
    const auto it = m_v3.constFind(path);
    if (it == m_v3.constEnd())
        return std::nullopt;
    return *it;
}

QJsonObject OpenApiDocuments::v2Document()
{
    build();
    return m_v2;
}

Result<QByteArray> OpenApiDocuments::v2Protobuf()
{
    build();
    if (m_v2Protobuf.isEmpty()) {
        auto encoded = encodeOpenApiV2Protobuf(m_v2);
        if (!encoded)
            return encoded.error();
        m_v2Protobuf = *encoded;
    }
    return m_v2Protobuf;
}

} // namespace flotilla::api
