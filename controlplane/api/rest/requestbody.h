#pragma once

#include "api/http/httprequest.h"
#include "rest/apierror.h"
#include "schema/schemanode.h"

#include <QJsonObject>
#include <QStringList>

#include <variant>

namespace flotilla::api {

struct DecodedBody
{
    QJsonValue value;
    QStringList warnings; // for `Warning:` headers (fieldValidation=Warn)
};

enum class FieldValidation { Ignore, Warn, Strict };
// From ?fieldValidation=; upstream's default is Warn. Unknown values are a 400.
std::variant<FieldValidation, ApiError> fieldValidationFrom(const QString &queryValue);

// Decodes a request body (JSON or YAML, by Content-Type) and checks it against the
// kind's schema: unknown and duplicate fields fail under Strict, become warnings under
// Warn, and are dropped silently under Ignore. Wrong value types always fail, as a
// decode error does upstream.
std::variant<DecodedBody, ApiError>
decodeBody(const http::HttpRequest &request, const SchemaNode &schema, FieldValidation validation);

// Decodes without a schema (patches, DeleteOptions): JSON or YAML, no field checks.
std::variant<QJsonValue, ApiError> decodePlain(const http::HttpRequest &request);

QByteArray
mediaType(const http::HttpRequest &request); // Content-Type without parameters, lower case

} // namespace flotilla::api
