#include "rest/requestbody.h"

#include "protobuf/protobufdecoder.h"
#include "serialization/fieldpruning.h"
#include "serialization/fieldvalidation.h"
#include "serialization/jsondecoder.h"
#include "serialization/strictdecoding.h"
#include "serialization/yamldecoder.h"

namespace flotilla::api {

QByteArray mediaType(const http::HttpRequest &request)
{
    QByteArray type = request.headers.value("Content-Type");
    const qsizetype semicolon = type.indexOf(';');
    if (semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower();
}

std::variant<FieldValidation, ApiError> fieldValidationFrom(const QString &queryValue)
{
    if (queryValue.isEmpty() || queryValue == QLatin1String("Warn"))
        return FieldValidation::Warn;
    if (queryValue == QLatin1String("Strict"))
        return FieldValidation::Strict;
    if (queryValue == QLatin1String("Ignore"))
        return FieldValidation::Ignore;
    return ApiError::badRequest(
        QStringLiteral("fieldValidation must be one of Ignore, Warn, Strict (got %1)")
            .arg(queryValue));
}

namespace {

std::variant<DecodedJson, ApiError> decodeRaw(const http::HttpRequest &request)
{
    const QByteArray type = mediaType(request);
    Result<DecodedJson> decoded = Error{ErrorCode::Internal, QString()};
    if (type.isEmpty() || type == "application/json" || type == "application/merge-patch+json" ||
        type == "application/strategic-merge-patch+json" || type == "application/json-patch+json" ||
        type == "*/*")
        decoded = decodeJson(request.body);
    else if (type == "application/yaml" || type == "application/apply-patch+yaml" ||
             type == "text/yaml")
        decoded = decodeYaml(request.body);
    else if (type == kKubernetesProtobufMediaType) {
        // kubectl 1.32+ sends built-in kinds this way (kubectl create ...).
        auto object = decodeKubernetesProtobuf(request.body);
        if (!object)
            return ApiError::badRequest(object.error().message);
        return DecodedJson{*object, {}};
    } else
        return ApiError::unsupportedMediaType(QString::fromLatin1(type));
    if (!decoded)
        return ApiError::badRequest(decoded.error().message);
    return *decoded;
}

} // namespace

std::variant<QJsonValue, ApiError> decodePlain(const http::HttpRequest &request)
{
    auto raw = decodeRaw(request);
    if (auto *error = std::get_if<ApiError>(&raw))
        return *error;
    return std::get<DecodedJson>(raw).value;
}

std::variant<DecodedBody, ApiError> decodeBody(const http::HttpRequest &request,
                                               const SchemaNode &schema, FieldValidation validation)
{
    auto raw = decodeRaw(request);
    if (auto *error = std::get_if<ApiError>(&raw))
        return *error;
    DecodedJson decoded = std::get<DecodedJson>(std::move(raw));
    if (!decoded.value.isObject())
        return ApiError::badRequest(QStringLiteral("the request body must be a JSON object"));

    DecodedBody body{decoded.value, {}};
    if (!schema.isValid())
        return body;
    if (validation == FieldValidation::Ignore) {
        body.value = pruneUnknownFields(body.value, schema);
        return body;
    }
    const FieldValidationResult fields = validateFields(decoded.value, schema);
    QStringList problems = duplicateFieldMessages(decoded.duplicateFields);
    for (const QString &path : fields.unknownFields)
        problems << path;
    problems += fields.typeErrors;
    if (problems.isEmpty())
        return body;
    if (validation == FieldValidation::Strict)
        return ApiError::badRequest(strictDecodingErrorMessage(problems));
    body.warnings = problems;
    body.value = pruneUnknownFields(body.value, schema);
    return body;
}

} // namespace flotilla::api
