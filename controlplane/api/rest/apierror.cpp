#include "rest/apierror.h"

#include "registry/resourcetype.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace flotilla::api {

QString qualifiedResource(const ResourceType &type)
{
    return type.gvk.group.isEmpty() ? type.plural : type.plural + QLatin1Char('.') + type.gvk.group;
}

QJsonObject ApiError::toStatus() const
{
    QJsonObject status{{QStringLiteral("kind"), QStringLiteral("Status")},
                       {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("metadata"), QJsonObject()},
                       {QStringLiteral("status"), QStringLiteral("Failure")},
                       {QStringLiteral("message"), message},
                       {QStringLiteral("reason"), reason},
                       {QStringLiteral("code"), code}};
    if (!details.isEmpty())
        status.insert(QStringLiteral("details"), details);
    return status;
}

QByteArray ApiError::toJson() const
{
    return QJsonDocument(toStatus()).toJson(QJsonDocument::Compact);
}

namespace {

QJsonObject detailsFor(const ResourceType &type, const QString &name)
{
    QJsonObject details{{QStringLiteral("kind"), type.plural}};
    if (!name.isEmpty())
        details.insert(QStringLiteral("name"), name);
    if (!type.gvk.group.isEmpty())
        details.insert(QStringLiteral("group"), type.gvk.group);
    return details;
}

} // namespace

ApiError ApiError::badRequest(const QString &message)
{
    return {400, QStringLiteral("BadRequest"), message, {}};
}

ApiError ApiError::notFound(const ResourceType &type, const QString &name)
{
    return {404, QStringLiteral("NotFound"),
            QStringLiteral("%1 \"%2\" not found").arg(qualifiedResource(type), name),
            detailsFor(type, name)};
}

ApiError ApiError::notFoundPath(const QString &path)
{
    Q_UNUSED(path);
    return {404,
            QStringLiteral("NotFound"),
            QStringLiteral("the server could not find the requested resource"),
            {}};
}

ApiError ApiError::alreadyExists(const ResourceType &type, const QString &name)
{
    return {409, QStringLiteral("AlreadyExists"),
            QStringLiteral("%1 \"%2\" already exists").arg(qualifiedResource(type), name),
            detailsFor(type, name)};
}

ApiError ApiError::conflict(const ResourceType &type, const QString &name, const QString &why)
{
    return {409, QStringLiteral("Conflict"),
            QStringLiteral("Operation cannot be fulfilled on %1 \"%2\": %3")
                .arg(qualifiedResource(type), name, why),
            detailsFor(type, name)};
}

ApiError ApiError::invalid(const ResourceType &type, const QString &name, const FieldErrors &errors)
{
    QJsonObject details = detailsFor(type, name);
    details.insert(QStringLiteral("kind"), type.gvk.kind);
    QJsonArray causes;
    QStringList messages;
    for (const FieldError &error : errors) {
        causes.append(
            QJsonObject{{QStringLiteral("reason"), error.reason()},
                        {QStringLiteral("message"), error.message().mid(error.field.size() + 2)},
                        {QStringLiteral("field"), error.field}});
        messages << error.message();
    }
    details.insert(QStringLiteral("causes"), causes);
    const QString list =
        messages.size() == 1
            ? messages.first()
            : QLatin1Char('[') + messages.join(QStringLiteral(", ")) + QLatin1Char(']');
    return {422, QStringLiteral("Invalid"),
            QStringLiteral("%1 \"%2\" is invalid: %3").arg(type.gvk.kind, name, list), details};
}

ApiError ApiError::expired(const QString &message)
{
    return {410, QStringLiteral("Expired"), message, {}};
}

ApiError ApiError::methodNotAllowed(const QString &message)
{
    return {405, QStringLiteral("MethodNotAllowed"), message, {}};
}

ApiError ApiError::unauthorized()
{
    return {401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"), {}};
}

ApiError ApiError::forbidden(const ResourceType &type, const QString &name, const QString &why)
{
    return {403, QStringLiteral("Forbidden"),
            QStringLiteral("%1 \"%2\" is forbidden: %3").arg(qualifiedResource(type), name, why),
            detailsFor(type, name)};
}

ApiError ApiError::tooLarge(const QString &message)
{
    return {413, QStringLiteral("RequestEntityTooLarge"), message, {}};
}

ApiError ApiError::unsupportedMediaType(const QString &contentType)
{
    return {415,
            QStringLiteral("UnsupportedMediaType"),
            QStringLiteral(
                "the body of the request was in an unknown format - accepted media types include: "
                "application/json, application/yaml (got %1)")
                .arg(contentType),
            {}};
}

ApiError ApiError::notAcceptable(const QString &accept)
{
    return {406,
            QStringLiteral("NotAcceptable"),
            QStringLiteral(
                "only the following media types are accepted: application/json, application/yaml, "
                "application/json;as=Table;v=v1;g=meta.k8s.io (asked for %1)")
                .arg(accept),
            {}};
}

ApiError ApiError::tooManyRequests(const QString &message)
{
    return {429, QStringLiteral("TooManyRequests"), message, {}};
}

ApiError ApiError::internal(const QString &message)
{
    return {500,
            QStringLiteral("InternalError"),
            QStringLiteral("Internal error occurred: ") + message,
            {}};
}

ApiError ApiError::unavailable(const QString &message)
{
    return {503, QStringLiteral("ServiceUnavailable"), message, {}};
}

ApiError ApiError::timeout(const QString &message)
{
    return {504, QStringLiteral("Timeout"), message, {}};
}

} // namespace flotilla::api
