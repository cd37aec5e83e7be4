#include "rest/restcontext.h"

#include "rest/objectmeta.h"
#include "rest/table.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace flotilla::api {

std::optional<OutputFormat> negotiate(const http::HttpRequest &request)
{
    const QByteArray accept = request.headers.combinedValue("Accept");
    if (accept.trimmed().isEmpty())
        return OutputFormat::Json;
    bool json = false;
    for (const QByteArray &raw : accept.split(',')) {
        const QByteArray item = raw.trimmed().toLower();
        const QByteArray type = item.split(';').first().trimmed();
        if ((type == "application/json" || type == "*/*" || type == "application/*") &&
            item.contains("as=table") && item.contains("g=meta.k8s.io") &&
            (item.contains("v=v1") || item.contains("v=v1beta1")))
            return OutputFormat::Table; // first acceptable choice wins, as the client ordered them
        if ((type == "application/json" || type == "*/*" || type == "application/*") &&
            !item.contains("as="))
            json = true;
    }
    if (json)
        return OutputFormat::Json;
    // Protobuf-only clients fall back to JSON when we answer JSON (kubectl does).
    if (accept.contains("application/vnd.kubernetes.protobuf"))
        return OutputFormat::Json;
    return std::nullopt;
}

namespace respond {

void json(http::HttpResponder &responder, int code, const QByteArray &body,
          const QStringList &warnings, const QByteArray &contentType)
{
    http::HttpResponse response(code, body);
    response.headers().set("Content-Type", contentType);
    response.headers().set("Cache-Control", "no-cache, private");
    for (const QString &warning : warnings) {
        QString text = warning;
        text.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('"'), QLatin1String("\\\""));
        response.headers().add("Warning", "299 - \"" + text.toUtf8() + '"');
    }
    responder.respond(response);
}

void object(http::HttpResponder &responder, int code, const QJsonObject &object,
            const QStringList &warnings)
{
    json(responder, code, meta::serialize(object), warnings);
}

void error(http::HttpResponder &responder, const ApiError &error)
{
    json(responder, error.code, error.toJson());
}

void objectAs(http::HttpResponder &responder, const RestContext &context,
              const ResourceRequest &request, int code, const QJsonObject &object,
              const QStringList &warnings)
{
    if (negotiate(request.http) == OutputFormat::Table) {
        const auto include =
            table::includeObjectFrom(request.http.queryItemValue(u"includeObject"));
        const QJsonArray rows{
            table::row(request.type, object, context.storage.clock().nowMs(), include)};
        const QJsonObject listMeta{
            {QStringLiteral("resourceVersion"), meta::resourceVersion(object)}};
        return json(responder, code, meta::serialize(table::make(request.type, rows, listMeta)),
                    warnings);
    }
    json(responder, code, meta::serialize(object), warnings);
}

} // namespace respond

} // namespace flotilla::api
