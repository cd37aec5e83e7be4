#pragma once

#include "registry/kindtraits.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace flotilla::api {

struct ResourceType;

// A failed API call as Kubernetes reports it: an HTTP code plus a `Status` object
// (reason, message, details). Every error the API server returns is one of these.
struct ApiError
{
    int code = 500;
    QString reason; // "NotFound", "AlreadyExists", "Conflict", "Invalid", …
    QString message;
    QJsonObject details;

    QJsonObject toStatus() const;
    QByteArray toJson() const;

    static ApiError badRequest(const QString &message);
    static ApiError notFound(const ResourceType &type, const QString &name);
    static ApiError notFoundPath(const QString &path);
    static ApiError alreadyExists(const ResourceType &type, const QString &name);
    static ApiError conflict(const ResourceType &type, const QString &name, const QString &why);
    static ApiError invalid(const ResourceType &type, const QString &name,
                            const FieldErrors &errors);
    static ApiError expired(const QString &message);
    static ApiError methodNotAllowed(const QString &message);
    static ApiError unauthorized();
    static ApiError forbidden(const ResourceType &type, const QString &name, const QString &why);
    static ApiError tooLarge(const QString &message);
    static ApiError unsupportedMediaType(const QString &contentType);
    static ApiError notAcceptable(const QString &accept);
    static ApiError tooManyRequests(const QString &message);
    static ApiError internal(const QString &message);
    static ApiError unavailable(const QString &message);
    static ApiError timeout(const QString &message);
};

// "pods", "deployments.apps": how upstream names a resource in messages.
QString qualifiedResource(const ResourceType &type);

} // namespace flotilla::api
