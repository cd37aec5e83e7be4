#include "rest/resthandler.h"

#include "openapi/openapiv2protobuf.h"
#include "patch/jsonpatch.h"
#include "patch/mergepatch.h"
#include "patch/strategicmergepatch.h"
#include "registry/kinds/printing.h"
#include "rest/discovery.h"
#include "rest/listhandler.h"
#include "rest/objectmeta.h"
#include "rest/requestbody.h"
#include "rest/watchstream.h"
#include "selectors/labelselector.h"
#include "serialization/fieldpruning.h"
#include "serialization/fieldvalidation.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace flotilla::api {

namespace {

const char kServerVersion[] = "v1.33.0+flotilla-" FLOTILLA_VERSION;

std::variant<bool, ApiError> dryRunFrom(const http::HttpRequest &request)
{
    bool dry = false;
    for (const QString &value : request.allQueryItemValues(u"dryRun")) {
        if (value != QLatin1String("All"))
            return ApiError::badRequest(
                QStringLiteral("Invalid dry run value: %1; only \"All\" is supported").arg(value));
        dry = true;
    }
    return dry;
}

QJsonObject statusSuccess(const ResourceType &type, const QString &name)
{
    QJsonObject details{{QStringLiteral("name"), name}, {QStringLiteral("kind"), type.plural}};
    if (!type.gvk.group.isEmpty())
        details.insert(QStringLiteral("group"), type.gvk.group);
    return {{QStringLiteral("kind"), QStringLiteral("Status")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("metadata"), QJsonObject()},
            {QStringLiteral("status"), QStringLiteral("Success")},
            {QStringLiteral("details"), details},
            {QStringLiteral("code"), 201}};
}

QJsonObject scaleOf(const QJsonObject &object)
{
    const QJsonObject metadata = meta::of(object);
    const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
    const QJsonObject status = object.value(QLatin1String("status")).toObject();
    QJsonObject scaleMeta;
    for (const char *field : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
        if (metadata.contains(QLatin1String(field)))
            scaleMeta.insert(QLatin1String(field), metadata.value(QLatin1String(field)));
    }
    // status.selector is the label selector as a string (RCs have a plain map).
    QString selector;
    const QJsonObject sel = spec.value(QLatin1String("selector")).toObject();
    if (sel.contains(QLatin1String("matchLabels")) ||
        sel.contains(QLatin1String("matchExpressions")))
        selector = printing::selectorText(sel);
    else
        selector = printing::labelsText(sel);
    return {
        {QStringLiteral("kind"), QStringLiteral("Scale")},
        {QStringLiteral("apiVersion"), QStringLiteral("autoscaling/v1")},
        {QStringLiteral("metadata"), scaleMeta},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("replicas"), spec.value(QLatin1String("replicas")).toInt()}}},
        {QStringLiteral("status"),
         QJsonObject{{QStringLiteral("replicas"), status.value(QLatin1String("replicas")).toInt()},
                     {QStringLiteral("selector"), selector}}}};
}

// Applies one of the three patch types to `current`.
std::variant<QJsonObject, ApiError> applyPatch(const QByteArray &contentType,
                                               const QJsonValue &patch, const QJsonObject &current,
                                               const SchemaNode &schema)
{
    if (contentType == "application/json-patch+json") {
        if (!patch.isArray())
            return ApiError::badRequest(
                QStringLiteral("a JSON patch must be an array of operations"));
        auto patched = applyJsonPatch(current, patch.toArray());
        if (!patched)
            return ApiError{422, QStringLiteral("Invalid"), patched.error().message, {}};
        if (!patched->isObject())
            return ApiError::badRequest(QStringLiteral("the patched document is not an object"));
        return patched->toObject();
    }
    if (contentType == "application/merge-patch+json") {
        const QJsonValue merged = applyMergePatch(current, patch);
        if (!merged.isObject())
            return ApiError::badRequest(QStringLiteral("the patched document is not an object"));
        return merged.toObject();
    }
    if (contentType == "application/strategic-merge-patch+json") {
        if (!patch.isObject())
            return ApiError::badRequest(
                QStringLiteral("a strategic merge patch must be an object"));
        auto merged = applyStrategicMergePatch(current, patch.toObject(), schema);
        if (!merged)
            return ApiError::badRequest(merged.error().message);
        return *merged;
    }
    if (contentType == "application/apply-patch+yaml" ||
        contentType == "application/apply-patch+cbor")
        return ApiError::unsupportedMediaType(
            QStringLiteral("%1 (server-side apply is not supported yet; use "
                           "client-side kubectl apply)")
                .arg(QString::fromLatin1(contentType)));
    return ApiError::unsupportedMediaType(QString::fromLatin1(contentType));
}

struct ObjectWrite
{
    QJsonObject object;
    QStringList warnings;
    bool dryRun = false;
};

// The body of a create or update: dryRun and fieldValidation from the query, the object
// decoded and checked against the kind's schema.
std::variant<ObjectWrite, ApiError> decodeObjectWrite(const ResourceRequest &request)
{
    auto dryRun = dryRunFrom(request.http);
    if (auto *error = std::get_if<ApiError>(&dryRun))
        return *error;
    auto validation = fieldValidationFrom(request.http.queryItemValue(u"fieldValidation"));
    if (auto *error = std::get_if<ApiError>(&validation))
        return *error;
    auto body = decodeBody(request.http, ApiSchema::builtin().forKind(request.type.gvk),
                           std::get<FieldValidation>(validation));
    if (auto *error = std::get_if<ApiError>(&body))
        return *error;
    const DecodedBody &decoded = std::get<DecodedBody>(body);
    return ObjectWrite{decoded.value.toObject(), decoded.warnings, std::get<bool>(dryRun)};
}

// Answers a finished write with the stored object (or its error).
WriteDone respondWithObject(std::shared_ptr<http::HttpResponder> responder,
                            QStringList warnings = {})
{
    return [responder, warnings](const WriteResult &result) {
        if (result.error)
            return respond::error(*responder, *result.error);
        respond::object(*responder, result.code, result.object, warnings);
    };
}

} // namespace

RestHandler::RestHandler(RestContext context)
    : m_context(std::move(context))
    , m_openApi(m_context.registry)
{}

void RestHandler::handle(const http::HttpRequest &request, http::HttpResponder &responder)
{
    const QString method = QString::fromLatin1(request.method);
    bool watchOk = true;
    const QString watchText = request.queryItemValue(u"watch");
    const bool watch = !watchText.isEmpty() && parseBool(watchText, &watchOk);
    if (!watchOk)
        return respond::error(
            responder, ApiError::badRequest(
                           QStringLiteral("watch must be a boolean (got %1)").arg(watchText)));
    const RequestInfo info = RequestInfo::parse(method, request.path, watch);
    if (!info.isResourceRequest)
        return handleNonResource(request, info, responder);
    const ResourceType *type = m_context.registry.find(info.group, info.version, info.resource);
    if (!type || (!type->namespaced && !info.namespaceName.isEmpty() &&
                  info.resource != QLatin1String("namespaces")))
        return respond::error(responder, ApiError::notFoundPath(request.path));
    handleResource(ResourceRequest{request, info, *type}, responder);
}

void RestHandler::handleNonResource(const http::HttpRequest &request, const RequestInfo &info,
                                    http::HttpResponder &responder)
{
    const QStringList &parts = info.pathParts;
    const QString first = parts.value(0);
    if (request.method != "GET" && request.method != "HEAD")
        return respond::error(
            responder, ApiError::methodNotAllowed(QStringLiteral(
                           "the server does not allow this method on the requested resource")));
    if (first == QLatin1String("version") && parts.size() == 1) {
        const QString version = QString::fromLatin1(kServerVersion);
        return respond::object(responder, 200,
                               {{QStringLiteral("major"), QStringLiteral("1")},
                                {QStringLiteral("minor"), QStringLiteral("33")},
                                {QStringLiteral("gitVersion"), version},
                                {QStringLiteral("gitCommit"), QString()},
                                {QStringLiteral("gitTreeState"), QStringLiteral("clean")},
                                {QStringLiteral("buildDate"), QString()},
                                {QStringLiteral("goVersion"), QStringLiteral("none (C++/Qt)")},
                                {QStringLiteral("compiler"), QStringLiteral("gcc")},
                                {QStringLiteral("platform"), QStringLiteral("linux/amd64")}});
    }
    if (first == QLatin1String("healthz") || first == QLatin1String("livez") ||
        first == QLatin1String("readyz")) {
        const bool healthy = !m_context.storage.store().hasFailed();
        http::HttpResponse response =
            http::HttpResponse::plainText(healthy ? 200 : 500, healthy ? "ok" : "store failed");
        response.headers().set("X-Content-Type-Options", "nosniff");
        return void(responder.respond(response));
    }
    if (first == QLatin1String("openapi") && parts.value(1) == QLatin1String("v3")) {
        if (parts.size() == 2)
            return respond::json(responder, 200, m_openApi.v3Index());
        if (const auto document = m_openApi.v3Document(parts.mid(2).join(QLatin1Char('/'))))
            return respond::json(responder, 200, *document);
    }
    if (first == QLatin1String("openapi") && parts.value(1) == QLatin1String("v2") &&
        parts.size() == 2) {
        if (!request.headers.combinedValue("Accept").contains("protobuf"))
            return respond::object(responder, 200, m_openApi.v2Document());
        auto encoded = m_openApi.v2Protobuf();
        if (!encoded)
            return respond::error(responder, ApiError::internal(encoded.error().message));
        return respond::json(responder, 200, *encoded, {}, openApiV2ProtobufContentType);
    }
    const QByteArray accept = request.headers.combinedValue("Accept");
    auto aggregatedType = [&accept]() -> QByteArray {
        for (const QByteArray &raw : accept.split(',')) {
            const QByteArray item = raw.trimmed();
            if (item.contains("g=apidiscovery.k8s.io") &&
                item.contains("as=APIGroupDiscoveryList")) {
                if (item.contains("v=v2beta1"))
                    return "application/"
                           "json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
                if (item.contains("v=v2"))
                    return "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
            }
        }
        return {};
    };
    if ((first == QLatin1String("api") || first == QLatin1String("apis")) && parts.size() == 1) {
        const QByteArray aggregated = aggregatedType();
        if (!aggregated.isEmpty()) {
            const QString apiVersion = aggregated.contains("v2beta1")
                                           ? QStringLiteral("apidiscovery.k8s.io/v2beta1")
                                           : QStringLiteral("apidiscovery.k8s.io/v2");
            return respond::json(
                responder, 200,
                meta::serialize(discovery::aggregated(m_context.registry,
                                                      first == QLatin1String("api"), apiVersion)),
                {}, aggregated);
        }
        return respond::object(responder, 200,
                               first == QLatin1String("api")
                                   ? discovery::apiVersions(m_context.serverAddress)
                                   : discovery::apiGroupList(m_context.registry));
    }
    if (first == QLatin1String("api") && parts.size() == 2 && parts[1] == QLatin1String("v1"))
        return respond::object(responder, 200,
                               discovery::apiResourceList(m_context.registry, QString(), parts[1]));
    if (first == QLatin1String("apis") && parts.size() == 2 &&
        m_context.registry.groups().contains(parts[1]))
        return respond::object(responder, 200, discovery::apiGroup(m_context.registry, parts[1]));
    if (first == QLatin1String("apis") && parts.size() == 3 &&
        m_context.registry.versions(parts[1]).contains(parts[2]))
        return respond::object(responder, 200,
                               discovery::apiResourceList(m_context.registry, parts[1], parts[2]));
    respond::error(responder, ApiError::notFoundPath(request.path));
}

void RestHandler::handleResource(const ResourceRequest &request, http::HttpResponder &responder)
{
    const RequestInfo &info = request.info;
    const QString &verb = info.verb;
    if (verb.isEmpty())
        return respond::error(
            responder, ApiError::methodNotAllowed(QStringLiteral(
                           "the server does not allow this method on the requested resource")));
    if (info.subresource.isEmpty()) {
        if (!request.type.hasVerb(verb))
            return respond::error(
                responder, ApiError::methodNotAllowed(QStringLiteral(
                               "the server does not allow this method on the requested resource")));
        if (request.type.namespaced && info.namespaceName.isEmpty() &&
            verb != QLatin1String("list") && verb != QLatin1String("watch"))
            return respond::error(responder, ApiError::notFoundPath(request.http.path));
        if (verb == QLatin1String("get"))
            return get(request, responder);
        if (verb == QLatin1String("list"))
            return handleList(m_context, request, responder);
        if (verb == QLatin1String("watch"))
            return WatchStream::start(m_context, request, responder);
        if (verb == QLatin1String("create"))
            return create(request, responder);
        if (verb == QLatin1String("update"))
            return update(request, responder);
        if (verb == QLatin1String("patch"))
            return patch(request, responder);
        if (verb == QLatin1String("delete"))
            return remove(request, responder);
        if (verb == QLatin1String("deletecollection"))
            return removeCollection(request, responder);
    }
    const Subresource *sub = request.type.subresource(info.subresource);
    const QString subVerb = verb == QLatin1String("watch") ? QStringLiteral("get") : verb;
    if (!sub || info.name.isEmpty())
        return respond::error(responder, ApiError::notFoundPath(request.http.path));
    if (!sub->verbs.contains(subVerb))
        return respond::error(
            responder, ApiError::methodNotAllowed(QStringLiteral(
                           "the server does not allow this method on the requested resource")));
    if (sub->name == QLatin1String("status")) {
        if (subVerb == QLatin1String("get"))
            return get(request, responder);
        if (subVerb == QLatin1String("update"))
            return update(request, responder);
        return patch(request, responder);
    }
    if (sub->name == QLatin1String("scale"))
        return scale(request, responder);
    if (sub->name == QLatin1String("binding"))
        return bind(request, responder);
    if (sub->name == QLatin1String("eviction"))
        return evict(request, responder);
    respond::error(responder, ApiError::notFoundPath(request.http.path));
}

void RestHandler::get(const ResourceRequest &request, http::HttpResponder &responder)
{
    const auto format = negotiate(request.http);
    if (!format)
        return respond::error(responder, ApiError::notAcceptable(QString::fromUtf8(
                                             request.http.headers.combinedValue("Accept"))));
    const auto kv = m_context.storage.store().get(
        request.type.key(request.info.namespaceName, request.info.name));
    if (!kv)
        return respond::error(responder, ApiError::notFound(request.type, request.info.name));
    if (*format == OutputFormat::Json)
        return respond::json(responder, 200,
                             kv->value); // stored with its resourceVersion: no re-encoding
    const auto parsed = m_context.storage.cache().get(*kv);
    if (!parsed)
        return respond::error(responder,
                              ApiError::internal(QStringLiteral("stored object is unreadable")));
    respond::objectAs(responder, m_context, request, 200, *parsed);
}

void RestHandler::create(const ResourceRequest &request, http::HttpResponder &responder)
{
    auto decoded = decodeObjectWrite(request);
    if (auto *error = std::get_if<ApiError>(&decoded))
        return respond::error(responder, *error);
    const ObjectWrite &write = std::get<ObjectWrite>(decoded);
    const QString kind = write.object.value(QLatin1String("kind")).toString();
    const QString apiVersion = write.object.value(QLatin1String("apiVersion")).toString();
    if ((!kind.isEmpty() && kind != request.type.gvk.kind) ||
        (!apiVersion.isEmpty() && apiVersion != request.type.groupVersion()))
        return respond::error(
            responder,
            ApiError::badRequest(
                QStringLiteral("the body is a %1 %2, but this endpoint takes %3 %4")
                    .arg(apiVersion, kind, request.type.groupVersion(), request.type.gvk.kind)));
    m_context.storage.create(request.type, request.info.namespaceName, write.object, write.dryRun,
                             respondWithObject(responder.share(), write.warnings));
}

void RestHandler::update(const ResourceRequest &request, http::HttpResponder &responder)
{
    auto decoded = decodeObjectWrite(request);
    if (auto *error = std::get_if<ApiError>(&decoded))
        return respond::error(responder, *error);
    const ObjectWrite &write = std::get<ObjectWrite>(decoded);
    const UpdateTarget target = request.info.subresource == QLatin1String("status")
                                    ? UpdateTarget::Status
                                    : UpdateTarget::Main;
    const QJsonObject object = write.object;
    m_context.storage.update(
        request.type, request.info.namespaceName, request.info.name,
        [object](const QJsonObject &) -> std::variant<QJsonObject, ApiError> { return object; },
        target, write.dryRun, respondWithObject(responder.share(), write.warnings));
}

void RestHandler::patch(const ResourceRequest &request, http::HttpResponder &responder)
{
    auto dryRun = dryRunFrom(request.http);
    if (auto *error = std::get_if<ApiError>(&dryRun))
        return respond::error(responder, *error);
    auto validation = fieldValidationFrom(request.http.queryItemValue(u"fieldValidation"));
    if (auto *error = std::get_if<ApiError>(&validation))
        return respond::error(responder, *error);
    auto decoded = decodePlain(request.http);
    if (auto *error = std::get_if<ApiError>(&decoded))
        return respond::error(responder, *error);
    const QJsonValue patchBody = std::get<QJsonValue>(decoded);
    const QByteArray contentType = mediaType(request.http);
    const SchemaNode schema = ApiSchema::builtin().forKind(request.type.gvk);
    const FieldValidation mode = std::get<FieldValidation>(validation);
    const UpdateTarget target = request.info.subresource == QLatin1String("status")
                                    ? UpdateTarget::Status
                                    : UpdateTarget::Main;
    auto warnings = std::make_shared<QStringList>();
    auto shared = responder.share();
    m_context.storage.update(
        request.type, request.info.namespaceName, request.info.name,
        [contentType, patchBody, schema, mode,
         warnings](const QJsonObject &current) -> std::variant<QJsonObject, ApiError> {
            auto patched = applyPatch(contentType, patchBody, current, schema);
            if (auto *error = std::get_if<ApiError>(&patched))
                return *error;
            QJsonObject object = std::get<QJsonObject>(std::move(patched));
            if (mode != FieldValidation::Ignore) {
                const FieldValidationResult fields = validateFields(object, schema);
                QStringList problems = fields.unknownFields + fields.typeErrors;
                if (!problems.isEmpty() && mode == FieldValidation::Strict)
                    return ApiError::badRequest(QStringLiteral("strict decoding error: ") +
                                                problems.join(QStringLiteral(", ")));
                *warnings = problems;
            }
            object = pruneUnknownFields(object, schema).toObject();
            // A resourceVersion that only came along from the current object is no precondition.
            if (meta::resourceVersion(object) == meta::resourceVersion(current) &&
                !patchBody.toObject()
                     .value(QLatin1String("metadata"))
                     .toObject()
                     .contains(QLatin1String("resourceVersion")))
                meta::set(object, QStringLiteral("resourceVersion"), QJsonValue::Undefined);
            return object;
        },
        target, std::get<bool>(dryRun),
        [shared, warnings](const WriteResult &result) {
            if (result.error)
                return respond::error(*shared, *result.error);
            respond::object(*shared, result.code, result.object, *warnings);
        });
}

void RestHandler::remove(const ResourceRequest &request, http::HttpResponder &responder)
{
    auto dryRun = dryRunFrom(request.http);
    if (auto *error = std::get_if<ApiError>(&dryRun))
        return respond::error(responder, *error);
    DeleteOptions options;
    QJsonObject body;
    if (!request.http.body.trimmed().isEmpty()) {
        auto decoded = decodePlain(request.http);
        if (auto *error = std::get_if<ApiError>(&decoded))
            return respond::error(responder, *error);
        body = std::get<QJsonValue>(decoded).toObject();
    }
    bool dry = std::get<bool>(dryRun);
    for (const QJsonValue &v : body.value(QLatin1String("dryRun")).toArray()) {
        if (v.toString() != QLatin1String("All"))
            return respond::error(
                responder, ApiError::badRequest(
                               QStringLiteral("Invalid dry run value: %1").arg(v.toString())));
        dry = true;
    }
    if (body.contains(QLatin1String("gracePeriodSeconds")))
        options.gracePeriodSeconds =
            qint64(body.value(QLatin1String("gracePeriodSeconds")).toDouble());
    const QString graceQuery = request.http.queryItemValue(u"gracePeriodSeconds");
    if (!graceQuery.isEmpty()) {
        bool ok = false;
        options.gracePeriodSeconds = graceQuery.toLongLong(&ok);
        if (!ok)
            return respond::error(responder, ApiError::badRequest(QStringLiteral(
                                                 "gracePeriodSeconds must be an integer")));
    }
    if (options.gracePeriodSeconds && *options.gracePeriodSeconds < 0)
        options.gracePeriodSeconds = 0;
    options.propagationPolicy = body.value(QLatin1String("propagationPolicy"))
                                    .toString(request.http.queryItemValue(u"propagationPolicy"));
    static const QStringList policies = {QString(), QStringLiteral("Background"),
                                         QStringLiteral("Foreground"), QStringLiteral("Orphan")};
    if (!policies.contains(options.propagationPolicy))
        return respond::error(
            responder,
            ApiError::badRequest(QStringLiteral("propagationPolicy: Unsupported value: \"%1\"")
                                     .arg(options.propagationPolicy)));
    const QJsonObject preconditions = body.value(QLatin1String("preconditions")).toObject();
    options.preconditionUid = preconditions.value(QLatin1String("uid")).toString();
    options.preconditionResourceVersion =
        preconditions.value(QLatin1String("resourceVersion")).toString();
    m_context.storage.remove(request.type, request.info.namespaceName, request.info.name, options,
                             dry, respondWithObject(responder.share()));
}

void RestHandler::removeCollection(const ResourceRequest &request, http::HttpResponder &responder)
{
    auto dryRun = dryRunFrom(request.http);
    if (auto *error = std::get_if<ApiError>(&dryRun))
        return respond::error(responder, *error);
    auto selected = selectAll(m_context, request);
    if (auto *error = std::get_if<ApiError>(&selected))
        return respond::error(responder, *error);
    const QList<QJsonObject> objects = std::get<Selected>(selected).objects;
    auto shared = responder.share();
    auto remaining = std::make_shared<qsizetype>(objects.size());
    auto items = std::make_shared<QJsonArray>();
    auto firstError = std::make_shared<std::optional<ApiError>>();
    const ResourceType &type = request.type;
    auto finishIfDone = [shared, remaining, items, firstError, &type]() {
        if (*remaining > 0)
            return;
        if (*firstError)
            return respond::error(*shared, **firstError);
        respond::object(*shared, 200,
                        {{QStringLiteral("kind"), QString(type.gvk.kind + QStringLiteral("List"))},
                         {QStringLiteral("apiVersion"), type.groupVersion()},
                         {QStringLiteral("metadata"), QJsonObject()},
                         {QStringLiteral("items"), *items}});
    };
    if (objects.isEmpty())
        return finishIfDone();
    for (const QJsonObject &object : objects) {
        m_context.storage.remove(
            type, meta::namespaceOf(object), meta::name(object), DeleteOptions{},
            std::get<bool>(dryRun),
            [remaining, items, firstError, finishIfDone](const WriteResult &result) {
                --*remaining;
                if (result.error && result.error->code != 404 && !*firstError)
                    *firstError = result.error;
                else if (!result.error)
                    items->append(result.object);
                finishIfDone();
            });
    }
}

void RestHandler::scale(const ResourceRequest &request, http::HttpResponder &responder)
{
    const auto current =
        m_context.storage.latest(request.type, request.info.namespaceName, request.info.name);
    if (!current)
        return respond::error(responder, ApiError::notFound(request.type, request.info.name));
    if (request.info.verb == QLatin1String("get"))
        return respond::object(responder, 200, scaleOf(*current));
    auto dryRun = dryRunFrom(request.http);
    if (auto *error = std::get_if<ApiError>(&dryRun))
        return respond::error(responder, *error);
    auto decoded = decodePlain(request.http);
    if (auto *error = std::get_if<ApiError>(&decoded))
        return respond::error(responder, *error);
    const QJsonValue body = std::get<QJsonValue>(decoded);
    const QByteArray contentType = mediaType(request.http);
    const bool isPatch = request.info.verb == QLatin1String("patch");
    const SchemaNode scaleSchema = ApiSchema::builtin().forKind(
        {QStringLiteral("autoscaling"), QStringLiteral("v1"), QStringLiteral("Scale")});
    const ResourceType &type = request.type;
    auto shared = responder.share();
    m_context.storage.update(
        request.type, request.info.namespaceName, request.info.name,
        [body, contentType, isPatch, scaleSchema,
         &type](const QJsonObject &object) -> std::variant<QJsonObject, ApiError> {
            QJsonObject scale = scaleOf(object);
            if (isPatch) {
                auto patched = applyPatch(contentType, body, scale, scaleSchema);
                if (auto *error = std::get_if<ApiError>(&patched))
                    return *error;
                scale = std::get<QJsonObject>(patched);
            } else {
                scale = body.toObject();
                const QString rv = meta::resourceVersion(scale);
                if (!rv.isEmpty() && rv != meta::resourceVersion(object))
                    return ApiError::conflict(
                        type, meta::name(object),
                        QStringLiteral("the object has been modified; please apply your changes "
                                       "to the latest version and try again"));
            }
            const QJsonValue replicas =
                scale.value(QLatin1String("spec")).toObject().value(QLatin1String("replicas"));
            if (!replicas.isDouble() || replicas.toDouble() < 0)
                return ApiError{422,
                                QStringLiteral("Invalid"),
                                QStringLiteral("Scale.autoscaling \"%1\" is invalid: "
                                               "spec.replicas: Invalid value: must be "
                                               "greater than or equal to 0")
                                    .arg(meta::name(object)),
                                {}};
            QJsonObject next = object;
            QJsonObject spec = next.value(QLatin1String("spec")).toObject();
            spec.insert(QStringLiteral("replicas"), replicas.toInt());
            next.insert(QStringLiteral("spec"), spec);
            meta::set(next, QStringLiteral("resourceVersion"), QJsonValue::Undefined);
            return next;
        },
        UpdateTarget::Main, std::get<bool>(dryRun),
        [shared](const WriteResult &result) {
            if (result.error)
                return respond::error(*shared, *result.error);
            respond::object(*shared, 200, scaleOf(result.object));
        });
}

void RestHandler::bind(const ResourceRequest &request, http::HttpResponder &responder)
{
    auto decoded = decodePlain(request.http);
    if (auto *error = std::get_if<ApiError>(&decoded))
        return respond::error(responder, *error);
    const QJsonObject binding = std::get<QJsonValue>(decoded).toObject();
    const QString node =
        binding.value(QLatin1String("target")).toObject().value(QLatin1String("name")).toString();
    if (node.isEmpty())
        return respond::error(responder,
                              ApiError::invalid(request.type, request.info.name,
                                                {FieldError{FieldError::Type::Required,
                                                            QStringLiteral("target.name"),
                                                            {},
                                                            QJsonValue::Undefined}}));
    const QString name = request.info.name;
    const ResourceType &type = request.type;
    const qint64 now = m_context.storage.clock().nowMs();
    auto shared = responder.share();
    m_context.storage.update(
        type, request.info.namespaceName, name,
        [node, name, &type, now](const QJsonObject &pod) -> std::variant<QJsonObject, ApiError> {
            QJsonObject spec = pod.value(QLatin1String("spec")).toObject();
            const QString current = spec.value(QLatin1String("nodeName")).toString();
            if (!current.isEmpty())
                return ApiError::conflict(
                    type, name,
                    QStringLiteral("pod %1 is already assigned to node \"%2\"").arg(name, current));
            if (meta::of(pod).contains(QLatin1String("deletionTimestamp")))
                return ApiError::conflict(
                    type, name,
                    QStringLiteral("pod %1 is being deleted, cannot be assigned to a host")
                        .arg(name));
            spec.insert(QStringLiteral("nodeName"), node);
            QJsonObject next = pod;
            next.insert(QStringLiteral("spec"), spec);
            // The binding also records the PodScheduled condition.
            QJsonObject status = pod.value(QLatin1String("status")).toObject();
            QJsonArray conditions;
            for (const QJsonValue &c : status.value(QLatin1String("conditions")).toArray()) {
                if (c.toObject().value(QLatin1String("type")).toString() !=
                    QLatin1String("PodScheduled"))
                    conditions.append(c);
            }
            conditions.append(
                QJsonObject{{QStringLiteral("type"), QStringLiteral("PodScheduled")},
                            {QStringLiteral("status"), QStringLiteral("True")},
                            {QStringLiteral("lastProbeTime"), QJsonValue::Null},
                            {QStringLiteral("lastTransitionTime"), meta::timestamp(now)}});
            status.insert(QStringLiteral("conditions"), conditions);
            next.insert(QStringLiteral("status"), status);
            meta::set(next, QStringLiteral("resourceVersion"), QJsonValue::Undefined);
            return next;
        },
        UpdateTarget::Main, false,
        [shared, &type, name](const WriteResult &result) {
            if (result.error)
                return respond::error(*shared, *result.error);
            respond::object(*shared, 201, statusSuccess(type, name));
        });
}

void RestHandler::evict(const ResourceRequest &request, http::HttpResponder &responder)
{
    const auto pod =
        m_context.storage.latest(request.type, request.info.namespaceName, request.info.name);
    if (!pod)
        return respond::error(responder, ApiError::notFound(request.type, request.info.name));
    auto decoded = decodePlain(request.http);
    if (auto *error = std::get_if<ApiError>(&decoded))
        return respond::error(responder, *error);
    const QJsonObject eviction = std::get<QJsonValue>(decoded).toObject();

    // Disruption budgets selecting this pod must allow one more disruption.
    const ResourceType *pdbs = m_context.registry.find(
        QStringLiteral("policy"), QStringLiteral("v1"), QStringLiteral("poddisruptionbudgets"));
    const auto list = m_context.storage.store().list(
        {pdbs->namespacePrefix(request.info.namespaceName), {}, 0, 0});
    const bool terminal =
        pod->value(QLatin1String("status")).toObject().value(QLatin1String("phase")).toString() ==
            QLatin1String("Succeeded") ||
        pod->value(QLatin1String("status")).toObject().value(QLatin1String("phase")).toString() ==
            QLatin1String("Failed");
    if (list && !terminal) {
        for (const storage::KeyValue &kv : list->items) {
            const auto pdb = m_context.storage.cache().get(kv);
            if (!pdb)
                continue;
            auto selector = LabelSelector::fromJson(pdb->value(QLatin1String("spec"))
                                                        .toObject()
                                                        .value(QLatin1String("selector"))
                                                        .toObject());
            if (!selector || selector->isEmpty() || !selector->matches(meta::labels(*pod)))
                continue;
            if (pdb->value(QLatin1String("status"))
                    .toObject()
                    .value(QLatin1String("disruptionsAllowed"))
                    .toInt() < 1)
                return respond::error(
                    responder,
                    ApiError::tooManyRequests(QStringLiteral(
                        "Cannot evict pod as it would violate the pod's disruption budget.")));
        }
    }
    DeleteOptions options;
    const QJsonObject deleteOptions = eviction.value(QLatin1String("deleteOptions")).toObject();
    if (deleteOptions.contains(QLatin1String("gracePeriodSeconds")))
        options.gracePeriodSeconds =
            qint64(deleteOptions.value(QLatin1String("gracePeriodSeconds")).toDouble());
    const ResourceType &type = request.type;
    const QString name = request.info.name;
    auto shared = responder.share();
    m_context.storage.remove(type, request.info.namespaceName, name, options, false,
                             [shared, &type, name](const WriteResult &result) {
                                 if (result.error)
                                     return respond::error(*shared, *result.error);
                                 respond::object(*shared, 201, statusSuccess(type, name));
                             });
}

} // namespace flotilla::api
