#include "openapi/openapiv2protobuf.h"

#include "openapi/gnosticyaml.h"
#include "openapi/protobufwriter.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <span>

namespace flotilla::api {

namespace {

// Each message of OpenAPIv2.proto that maps one JSON object key to one proto field is
// described by a table of Fields; the few whose shape depends on the value (oneofs,
// maps keyed by pattern) have hand-written encoders.
using Encoder = Result<QByteArray> (*)(const QJsonValue &value, const QString &path);

enum class Kind {
    String,
    Bool,
    Int64,
    Double,
    StringList,
    Any,         // openapi.v2.Any with the value's YAML text
    AnyList,     // repeated Any, one per array element
    Message,     // encoder(value)
    MessageList, // repeated, encoder(element) per array element
};

struct Field
{
    const char *key; // the Swagger 2.0 JSON key
    int number;      // the proto field number
    Kind kind;
    Encoder encoder = nullptr;
};

// Go's proto.Marshal writes fields in number order; the tables must list them so.
template<std::size_t N> constexpr bool ascending(const Field (&fields)[N])
{
    for (std::size_t i = 1; i < N; ++i) {
        if (fields[i - 1].number >= fields[i].number)
            return false;
    }
    return true;
}

Error invalid(const QString &path, const QString &what)
{
    return Error{ErrorCode::InvalidArgument, QStringLiteral("OpenAPI v2 document at \"") + path +
                                                 QStringLiteral("\": ") + what};
}

// A JSON pointer (RFC 6901), so keys that are URL paths stay unambiguous.
QString childPath(const QString &path, const QString &key)
{
    QString escaped = key;
    escaped.replace(QLatin1Char('~'), QLatin1String("~0"));
    escaped.replace(QLatin1Char('/'), QLatin1String("~1"));
    return path + QLatin1Char('/') + escaped;
}

QString childPath(const QString &path, qsizetype index)
{
    return path + QLatin1Char('/') + QString::number(index);
}

bool isVendorExtension(const QString &key)
{
    return key.startsWith(QLatin1String("x-"));
}

QByteArray encodeAnyValue(const QJsonValue &value)
{
    ProtobufWriter any;
    any.writeString(2, toGnosticYaml(value)); // Any.yaml; Any.value stays unset, as in gnostic
    return any.data();
}

Result<QByteArray> encodeAny(const QJsonValue &value, const QString &)
{
    return encodeAnyValue(value);
}

// NamedAny{name = 1, value = 2} entries for every x-* key, in key order.
void writeVendorExtensions(ProtobufWriter &writer, int field, const QJsonObject &object)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!isVendorExtension(it.key()))
            continue;
        ProtobufWriter named;
        named.writeString(1, it.key());
        named.writeMessage(2, encodeAnyValue(it.value()));
        writer.writeMessage(field, named.data());
    }
}

Result<QJsonObject> requireObject(const QJsonValue &value, const QString &path)
{
    if (!value.isObject())
        return invalid(path, QStringLiteral("must be an object"));
    return value.toObject();
}

Result<QJsonArray> requireArray(const QJsonValue &value, const QString &path)
{
    if (!value.isArray())
        return invalid(path, QStringLiteral("must be an array"));
    return value.toArray();
}

Result<void> writeField(ProtobufWriter &writer, const Field &field, const QJsonValue &value,
                        const QString &path)
{
    switch (field.kind) {
    case Kind::String:
        if (!value.isString())
            return invalid(path, QStringLiteral("must be a string"));
        writer.writeString(field.number, value.toString());
        return {};
    case Kind::Bool:
        if (!value.isBool())
            return invalid(path, QStringLiteral("must be a boolean"));
        writer.writeBool(field.number, value.toBool());
        return {};
    case Kind::Int64: {
        const double number = value.toDouble(std::nan(""));
        // ±2^63 bounds the int64 range; the doubles at the edge are exact.
        if (!value.isDouble() || number != std::trunc(number) || number < -9223372036854775808.0 ||
            number >= 9223372036854775808.0)
            return invalid(path, QStringLiteral("must be an integer"));
        writer.writeInt64(field.number, static_cast<qint64>(number));
        return {};
    }
    case Kind::Double:
        if (!value.isDouble())
            return invalid(path, QStringLiteral("must be a number"));
        writer.writeDouble(field.number, value.toDouble());
        return {};
    case Kind::StringList: {
        const Result<QJsonArray> array = requireArray(value, path);
        if (!array)
            return array.error();
        for (qsizetype i = 0; i < array->size(); ++i) {
            if (!array->at(i).isString())
                return invalid(childPath(path, i), QStringLiteral("must be a string"));
            writer.writeRepeatedString(field.number, array->at(i).toString());
        }
        return {};
    }
    case Kind::Any:
        writer.writeMessage(field.number, encodeAnyValue(value));
        return {};
    case Kind::AnyList: {
        const Result<QJsonArray> array = requireArray(value, path);
        if (!array)
            return array.error();
        for (const QJsonValue &element : *array)
            writer.writeMessage(field.number, encodeAnyValue(element));
        return {};
    }
    case Kind::Message: {
        const Result<QByteArray> encoded = field.encoder(value, path);
        if (!encoded)
            return encoded.error();
        writer.writeMessage(field.number, *encoded);
        return {};
    }
    case Kind::MessageList: {
        const Result<QJsonArray> array = requireArray(value, path);
        if (!array)
            return array.error();
        for (qsizetype i = 0; i < array->size(); ++i) {
            const Result<QByteArray> encoded = field.encoder(array->at(i), childPath(path, i));
            if (!encoded)
                return encoded.error();
            writer.writeMessage(field.number, *encoded);
        }
        return {};
    }
    }
    return invalid(path, QStringLiteral("unhandled field kind"));
}

// vendorField: the message's `repeated NamedAny vendor_extension` number, 0 if it has
// none (then x-* keys are as unknown as any other).
Result<QByteArray> encodeObject(const QJsonValue &value, const QString &path,
                                std::span<const Field> fields, int vendorField)
{
    const Result<QJsonObject> object = requireObject(value, path);
    if (!object)
        return object.error();
    for (auto it = object->begin(); it != object->end(); ++it) {
        if (vendorField != 0 && isVendorExtension(it.key()))
            continue;
        const bool known = std::any_of(fields.begin(), fields.end(), [&](const Field &field) {
            return it.key() == QLatin1String(field.key);
        });
        if (!known)
            return invalid(childPath(path, it.key()),
                           QStringLiteral("is not a Swagger 2.0 field here"));
    }
    ProtobufWriter writer;
    for (const Field &field : fields) {
        const auto it = object->constFind(QLatin1String(field.key));
        if (it == object->constEnd())
            continue;
        const Result<void> written =
            writeField(writer, field, it.value(), childPath(path, it.key()));
        if (!written)
            return written.error();
    }
    if (vendorField != 0)
        writeVendorExtensions(writer, vendorField, *object);
    return writer.data();
}

// {name: value} as repeated Named*{name = 1, value = 2} in field 1 (Definitions,
// Properties, ParameterDefinitions, ResponseDefinitions, Headers, Examples, ...).
template<Encoder valueEncoder>
Result<QByteArray> encodeNamedMap(const QJsonValue &value, const QString &path)
{
    const Result<QJsonObject> object = requireObject(value, path);
    if (!object)
        return object.error();
    ProtobufWriter writer;
    for (auto it = object->begin(); it != object->end(); ++it) {
        const Result<QByteArray> encoded = valueEncoder(it.value(), childPath(path, it.key()));
        if (!encoded)
            return encoded.error();
        ProtobufWriter named;
        named.writeString(1, it.key());
        named.writeMessage(2, *encoded);
        writer.writeMessage(1, named.data());
    }
    return writer.data();
}

// ---- small leaf messages ----

constexpr Field externalDocsFields[] = {
    {"description", 1, Kind::String},
    {"url", 2, Kind::String},
};
static_assert(ascending(externalDocsFields));

Result<QByteArray> encodeExternalDocs(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, externalDocsFields, 3);
}

constexpr Field xmlFields[] = {
    {"name", 1, Kind::String},    {"namespace", 2, Kind::String}, {"prefix", 3, Kind::String},
    {"attribute", 4, Kind::Bool}, {"wrapped", 5, Kind::Bool},
};
static_assert(ascending(xmlFields));

Result<QByteArray> encodeXml(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, xmlFields, 6);
}

constexpr Field jsonReferenceFields[] = {
    {"$ref", 1, Kind::String},
    {"description", 2, Kind::String},
};
static_assert(ascending(jsonReferenceFields));

Result<QByteArray> encodeJsonReference(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, jsonReferenceFields, 0);
}

// ---- Schema ----

Result<QByteArray> encodeSchema(const QJsonValue &value, const QString &path);

// TypeItem{repeated string value = 1}: "type" may be one name or a list of them.
Result<QByteArray> encodeTypeItem(const QJsonValue &value, const QString &path)
{
    ProtobufWriter writer;
    if (value.isString()) {
        writer.writeRepeatedString(1, value.toString());
        return writer.data();
    }
    constexpr Field asList[] = {{"type", 1, Kind::StringList}};
    const Result<void> written = writeField(writer, asList[0], value, path);
    if (!written)
        return invalid(path, QStringLiteral("must be a string or an array of strings"));
    return writer.data();
}

// ItemsItem{repeated Schema schema = 1}: one schema, or a list of them (tuple form).
Result<QByteArray> encodeItemsItem(const QJsonValue &value, const QString &path)
{
    ProtobufWriter writer;
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const Result<QByteArray> schema = encodeSchema(array.at(i), childPath(path, i));
            if (!schema)
                return schema.error();
            writer.writeMessage(1, *schema);
        }
        return writer.data();
    }
    const Result<QByteArray> schema = encodeSchema(value, path);
    if (!schema)
        return schema.error();
    writer.writeMessage(1, *schema);
    return writer.data();
}

// AdditionalPropertiesItem{oneof {Schema schema = 1; bool boolean = 2}}.
Result<QByteArray> encodeAdditionalProperties(const QJsonValue &value, const QString &path)
{
    ProtobufWriter writer;
    if (value.isBool()) {
        writer.writeOneofBool(2, value.toBool());
        return writer.data();
    }
    const Result<QByteArray> schema = encodeSchema(value, path);
    if (!schema)
        return schema.error();
    writer.writeMessage(1, *schema);
    return writer.data();
}

constexpr Field schemaFields[] = {
    {"$ref", 1, Kind::String},
    {"format", 2, Kind::String},
    {"title", 3, Kind::String},
    {"description", 4, Kind::String},
    {"default", 5, Kind::Any},
    {"multipleOf", 6, Kind::Double},
    {"maximum", 7, Kind::Double},
    {"exclusiveMaximum", 8, Kind::Bool},
    {"minimum", 9, Kind::Double},
    {"exclusiveMinimum", 10, Kind::Bool},
    {"maxLength", 11, Kind::Int64},
    {"minLength", 12, Kind::Int64},
    {"pattern", 13, Kind::String},
    {"maxItems", 14, Kind::Int64},
    {"minItems", 15, Kind::Int64},
    {"uniqueItems", 16, Kind::Bool},
    {"maxProperties", 17, Kind::Int64},
    {"minProperties", 18, Kind::Int64},
    {"required", 19, Kind::StringList},
    {"enum", 20, Kind::AnyList},
    {"additionalProperties", 21, Kind::Message, encodeAdditionalProperties},
    {"type", 22, Kind::Message, encodeTypeItem},
    {"items", 23, Kind::Message, encodeItemsItem},
    {"allOf", 24, Kind::MessageList, encodeSchema},
    {"properties", 25, Kind::Message, encodeNamedMap<encodeSchema>},
    {"discriminator", 26, Kind::String},
    {"readOnly", 27, Kind::Bool},
    {"xml", 28, Kind::Message, encodeXml},
    {"externalDocs", 29, Kind::Message, encodeExternalDocs},
    {"example", 30, Kind::Any},
};
static_assert(ascending(schemaFields));

Result<QByteArray> encodeSchema(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, schemaFields, 31);
}

constexpr Field fileSchemaFields[] = {
    {"format", 1, Kind::String},       {"title", 2, Kind::String},
    {"description", 3, Kind::String},  {"default", 4, Kind::Any},
    {"required", 5, Kind::StringList}, {"type", 6, Kind::String},
    {"readOnly", 7, Kind::Bool},       {"externalDocs", 8, Kind::Message, encodeExternalDocs},
    {"example", 9, Kind::Any},
};
static_assert(ascending(fileSchemaFields));

// SchemaItem{oneof {Schema schema = 1; FileSchema file_schema = 2}}: a response body
// of type "file" is the one place Swagger 2.0 allows that type.
Result<QByteArray> encodeSchemaItem(const QJsonValue &value, const QString &path)
{
    const bool isFile =
        value.toObject().value(QLatin1String("type")).toString() == QLatin1String("file");
    const Result<QByteArray> schema =
        isFile ? encodeObject(value, path, fileSchemaFields, 10) : encodeSchema(value, path);
    if (!schema)
        return schema.error();
    ProtobufWriter writer;
    writer.writeMessage(isFile ? 2 : 1, *schema);
    return writer.data();
}

// ---- parameters ----

Result<QByteArray> encodePrimitivesItems(const QJsonValue &value, const QString &path);

constexpr Field primitivesItemsFields[] = {
    {"type", 1, Kind::String},
    {"format", 2, Kind::String},
    {"items", 3, Kind::Message, encodePrimitivesItems},
    {"collectionFormat", 4, Kind::String},
    {"default", 5, Kind::Any},
    {"maximum", 6, Kind::Double},
    {"exclusiveMaximum", 7, Kind::Bool},
    {"minimum", 8, Kind::Double},
    {"exclusiveMinimum", 9, Kind::Bool},
    {"maxLength", 10, Kind::Int64},
    {"minLength", 11, Kind::Int64},
    {"pattern", 12, Kind::String},
    {"maxItems", 13, Kind::Int64},
    {"minItems", 14, Kind::Int64},
    {"uniqueItems", 15, Kind::Bool},
    {"enum", 16, Kind::AnyList},
    {"multipleOf", 17, Kind::Double},
};
static_assert(ascending(primitivesItemsFields));

Result<QByteArray> encodePrimitivesItems(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, primitivesItemsFields, 18);
}

// A response header: PrimitivesItems' fields plus a description.
constexpr Field headerFields[] = {
    {"type", 1, Kind::String},
    {"format", 2, Kind::String},
    {"items", 3, Kind::Message, encodePrimitivesItems},
    {"collectionFormat", 4, Kind::String},
    {"default", 5, Kind::Any},
    {"maximum", 6, Kind::Double},
    {"exclusiveMaximum", 7, Kind::Bool},
    {"minimum", 8, Kind::Double},
    {"exclusiveMinimum", 9, Kind::Bool},
    {"maxLength", 10, Kind::Int64},
    {"minLength", 11, Kind::Int64},
    {"pattern", 12, Kind::String},
    {"maxItems", 13, Kind::Int64},
    {"minItems", 14, Kind::Int64},
    {"uniqueItems", 15, Kind::Bool},
    {"enum", 16, Kind::AnyList},
    {"multipleOf", 17, Kind::Double},
    {"description", 18, Kind::String},
};
static_assert(ascending(headerFields));

Result<QByteArray> encodeHeader(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, headerFields, 19);
}

// Query and formData parameters have allowEmptyValue (5); header and path parameters
// do not, so all their later fields are numbered one lower.
constexpr Field queryParameterFields[] = {
    {"required", 1, Kind::Bool},           {"in", 2, Kind::String},
    {"description", 3, Kind::String},      {"name", 4, Kind::String},
    {"allowEmptyValue", 5, Kind::Bool},    {"type", 6, Kind::String},
    {"format", 7, Kind::String},           {"items", 8, Kind::Message, encodePrimitivesItems},
    {"collectionFormat", 9, Kind::String}, {"default", 10, Kind::Any},
    {"maximum", 11, Kind::Double},         {"exclusiveMaximum", 12, Kind::Bool},
    {"minimum", 13, Kind::Double},         {"exclusiveMinimum", 14, Kind::Bool},
    {"maxLength", 15, Kind::Int64},        {"minLength", 16, Kind::Int64},
    {"pattern", 17, Kind::String},         {"maxItems", 18, Kind::Int64},
    {"minItems", 19, Kind::Int64},         {"uniqueItems", 20, Kind::Bool},
    {"enum", 21, Kind::AnyList},           {"multipleOf", 22, Kind::Double},
};
static_assert(ascending(queryParameterFields));

constexpr Field pathParameterFields[] = {
    {"required", 1, Kind::Bool},
    {"in", 2, Kind::String},
    {"description", 3, Kind::String},
    {"name", 4, Kind::String},
    {"type", 5, Kind::String},
    {"format", 6, Kind::String},
    {"items", 7, Kind::Message, encodePrimitivesItems},
    {"collectionFormat", 8, Kind::String},
    {"default", 9, Kind::Any},
    {"maximum", 10, Kind::Double},
    {"exclusiveMaximum", 11, Kind::Bool},
    {"minimum", 12, Kind::Double},
    {"exclusiveMinimum", 13, Kind::Bool},
    {"maxLength", 14, Kind::Int64},
    {"minLength", 15, Kind::Int64},
    {"pattern", 16, Kind::String},
    {"maxItems", 17, Kind::Int64},
    {"minItems", 18, Kind::Int64},
    {"uniqueItems", 19, Kind::Bool},
    {"enum", 20, Kind::AnyList},
    {"multipleOf", 21, Kind::Double},
};
static_assert(ascending(pathParameterFields));

constexpr Field bodyParameterFields[] = {
    {"description", 1, Kind::String},
    {"name", 2, Kind::String},
    {"in", 3, Kind::String},
    {"required", 4, Kind::Bool},
    {"schema", 5, Kind::Message, encodeSchema},
};
static_assert(ascending(bodyParameterFields));

// Parameter{oneof {BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter
// = 2}}, NonBodyParameter{oneof {header = 1; formData = 2; query = 3; path = 4}}: "in"
// picks the branch.
Result<QByteArray> encodeParameter(const QJsonValue &value, const QString &path)
{
    const Result<QJsonObject> object = requireObject(value, path);
    if (!object)
        return object.error();
    const QString in = object->value(QLatin1String("in")).toString();
    ProtobufWriter parameter;
    if (in == QLatin1String("body")) {
        const Result<QByteArray> body = encodeObject(value, path, bodyParameterFields, 6);
        if (!body)
            return body.error();
        parameter.writeMessage(1, *body);
        return parameter.data();
    }
    int branch = 0;
    Result<QByteArray> subSchema = QByteArray();
    if (in == QLatin1String("header")) {
        branch = 1;
        subSchema = encodeObject(value, path, pathParameterFields, 22);
    } else if (in == QLatin1String("formData")) {
        branch = 2;
        subSchema = encodeObject(value, path, queryParameterFields, 23);
    } else if (in == QLatin1String("query")) {
        branch = 3;
        subSchema = encodeObject(value, path, queryParameterFields, 23);
    } else if (in == QLatin1String("path")) {
        branch = 4;
        subSchema = encodeObject(value, path, pathParameterFields, 22);
    } else {
        return invalid(childPath(path, QStringLiteral("in")),
                       QStringLiteral("must be one of body, header, formData, query, path"));
    }
    if (!subSchema)
        return subSchema.error();
    ProtobufWriter nonBody;
    nonBody.writeMessage(branch, *subSchema);
    parameter.writeMessage(2, nonBody.data());
    return parameter.data();
}

// ParametersItem{oneof {Parameter parameter = 1; JsonReference json_reference = 2}}.
Result<QByteArray> encodeParametersItem(const QJsonValue &value, const QString &path)
{
    const bool isReference = value.toObject().contains(QLatin1String("$ref"));
    const Result<QByteArray> encoded =
        isReference ? encodeJsonReference(value, path) : encodeParameter(value, path);
    if (!encoded)
        return encoded.error();
    ProtobufWriter writer;
    writer.writeMessage(isReference ? 2 : 1, *encoded);
    return writer.data();
}

// ---- responses ----

constexpr Field responseFields[] = {
    {"description", 1, Kind::String},
    {"schema", 2, Kind::Message, encodeSchemaItem},
    {"headers", 3, Kind::Message, encodeNamedMap<encodeHeader>},
    {"examples", 4, Kind::Message, encodeNamedMap<encodeAny>},
};
static_assert(ascending(responseFields));

Result<QByteArray> encodeResponse(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, responseFields, 5);
}

// ResponseValue{oneof {Response response = 1; JsonReference json_reference = 2}}.
Result<QByteArray> encodeResponseValue(const QJsonValue &value, const QString &path)
{
    const bool isReference = value.toObject().contains(QLatin1String("$ref"));
    const Result<QByteArray> encoded =
        isReference ? encodeJsonReference(value, path) : encodeResponse(value, path);
    if (!encoded)
        return encoded.error();
    ProtobufWriter writer;
    writer.writeMessage(isReference ? 2 : 1, *encoded);
    return writer.data();
}

bool isResponseCode(const QString &key)
{
    if (key == QLatin1String("default"))
        return true;
    return key.size() == 3 && std::all_of(key.begin(), key.end(), [](QChar c) {
               return c >= QLatin1Char('0') && c <= QLatin1Char('9');
           });
}

// Responses{repeated NamedResponseValue response_code = 1; repeated NamedAny
// vendor_extension = 2}: status codes (or "default") and x-* keys share one object.
Result<QByteArray> encodeResponses(const QJsonValue &value, const QString &path)
{
    const Result<QJsonObject> object = requireObject(value, path);
    if (!object)
        return object.error();
    ProtobufWriter writer;
    for (auto it = object->begin(); it != object->end(); ++it) {
        if (isVendorExtension(it.key()))
            continue;
        const QString keyPath = childPath(path, it.key());
        if (!isResponseCode(it.key()))
            return invalid(keyPath, QStringLiteral("must be an HTTP status code or \"default\""));
        const Result<QByteArray> response = encodeResponseValue(it.value(), keyPath);
        if (!response)
            return response.error();
        ProtobufWriter named;
        named.writeString(1, it.key());
        named.writeMessage(2, *response);
        writer.writeMessage(1, named.data());
    }
    writeVendorExtensions(writer, 2, *object);
    return writer.data();
}

// ---- security ----

// SecurityRequirement{repeated NamedStringArray additional_properties = 1}:
// {scheme: [scope, ...]}.
Result<QByteArray> encodeStringArray(const QJsonValue &value, const QString &path)
{
    ProtobufWriter writer;
    constexpr Field values[] = {{"value", 1, Kind::StringList}};
    const Result<void> written = writeField(writer, values[0], value, path);
    if (!written)
        return written.error();
    return writer.data();
}

Result<QByteArray> encodeString(const QJsonValue &value, const QString &path)
{
    if (!value.isString())
        return invalid(path, QStringLiteral("must be a string"));
    return value.toString().toUtf8();
}

// Oauth2Scopes{repeated NamedString additional_properties = 1}: the value of a
// NamedString is a string, which is length-delimited on the wire exactly like an
// embedded message, so the generic map encoder writes it unchanged.
constexpr Field oauth2ImplicitFields[] = {
    {"type", 1, Kind::String},
    {"flow", 2, Kind::String},
    {"scopes", 3, Kind::Message, encodeNamedMap<encodeString>},
    {"authorizationUrl", 4, Kind::String},
    {"description", 5, Kind::String},
};
static_assert(ascending(oauth2ImplicitFields));

constexpr Field oauth2TokenFields[] = {
    // password and application flows
    {"type", 1, Kind::String},
    {"flow", 2, Kind::String},
    {"scopes", 3, Kind::Message, encodeNamedMap<encodeString>},
    {"tokenUrl", 4, Kind::String},
    {"description", 5, Kind::String},
};
static_assert(ascending(oauth2TokenFields));

constexpr Field oauth2AccessCodeFields[] = {
    {"type", 1, Kind::String},
    {"flow", 2, Kind::String},
    {"scopes", 3, Kind::Message, encodeNamedMap<encodeString>},
    {"authorizationUrl", 4, Kind::String},
    {"tokenUrl", 5, Kind::String},
    {"description", 6, Kind::String},
};
static_assert(ascending(oauth2AccessCodeFields));

constexpr Field basicSecurityFields[] = {
    {"type", 1, Kind::String},
    {"description", 2, Kind::String},
};
static_assert(ascending(basicSecurityFields));

constexpr Field apiKeySecurityFields[] = {
    {"type", 1, Kind::String},
    {"name", 2, Kind::String},
    {"in", 3, Kind::String},
    {"description", 4, Kind::String},
};
static_assert(ascending(apiKeySecurityFields));

// SecurityDefinitionsItem: a oneof picked by "type" (and "flow" for oauth2).
Result<QByteArray> encodeSecurityDefinitionsItem(const QJsonValue &value, const QString &path)
{
    const QJsonObject object = value.toObject();
    const QString type = object.value(QLatin1String("type")).toString();
    const QString flow = object.value(QLatin1String("flow")).toString();
    int branch = 0;
    Result<QByteArray> encoded = QByteArray();
    if (type == QLatin1String("basic")) {
        branch = 1;
        encoded = encodeObject(value, path, basicSecurityFields, 3);
    } else if (type == QLatin1String("apiKey")) {
        branch = 2;
        encoded = encodeObject(value, path, apiKeySecurityFields, 5);
    } else if (type == QLatin1String("oauth2") && flow == QLatin1String("implicit")) {
        branch = 3;
        encoded = encodeObject(value, path, oauth2ImplicitFields, 6);
    } else if (type == QLatin1String("oauth2") && flow == QLatin1String("password")) {
        branch = 4;
        encoded = encodeObject(value, path, oauth2TokenFields, 6);
    } else if (type == QLatin1String("oauth2") && flow == QLatin1String("application")) {
        branch = 5;
        encoded = encodeObject(value, path, oauth2TokenFields, 6);
    } else if (type == QLatin1String("oauth2") && flow == QLatin1String("accessCode")) {
        branch = 6;
        encoded = encodeObject(value, path, oauth2AccessCodeFields, 7);
    } else {
        return invalid(path, QStringLiteral("is not a basic, apiKey or oauth2 (implicit, "
                                            "password, application, accessCode) scheme"));
    }
    if (!encoded)
        return encoded.error();
    ProtobufWriter writer;
    writer.writeMessage(branch, *encoded);
    return writer.data();
}

// ---- operations and paths ----

constexpr Field operationFields[] = {
    {"tags", 1, Kind::StringList},
    {"summary", 2, Kind::String},
    {"description", 3, Kind::String},
    {"externalDocs", 4, Kind::Message, encodeExternalDocs},
    {"operationId", 5, Kind::String},
    {"produces", 6, Kind::StringList},
    {"consumes", 7, Kind::StringList},
    {"parameters", 8, Kind::MessageList, encodeParametersItem},
    {"responses", 9, Kind::Message, encodeResponses},
    {"schemes", 10, Kind::StringList},
    {"deprecated", 11, Kind::Bool},
    {"security", 12, Kind::MessageList, encodeNamedMap<encodeStringArray>},
};
static_assert(ascending(operationFields));

Result<QByteArray> encodeOperation(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, operationFields, 13);
}

constexpr Field pathItemFields[] = {
    {"$ref", 1, Kind::String},
    {"get", 2, Kind::Message, encodeOperation},
    {"put", 3, Kind::Message, encodeOperation},
    {"post", 4, Kind::Message, encodeOperation},
    {"delete", 5, Kind::Message, encodeOperation},
    {"options", 6, Kind::Message, encodeOperation},
    {"head", 7, Kind::Message, encodeOperation},
    {"patch", 8, Kind::Message, encodeOperation},
    {"parameters", 9, Kind::MessageList, encodeParametersItem},
};
static_assert(ascending(pathItemFields));

Result<QByteArray> encodePathItem(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, pathItemFields, 10);
}

// Paths{repeated NamedAny vendor_extension = 1; repeated NamedPathItem path = 2}: keys
// are either x-* or a path starting with "/".
Result<QByteArray> encodePaths(const QJsonValue &value, const QString &path)
{
    const Result<QJsonObject> object = requireObject(value, path);
    if (!object)
        return object.error();
    ProtobufWriter writer;
    writeVendorExtensions(writer, 1, *object);
    for (auto it = object->begin(); it != object->end(); ++it) {
        if (isVendorExtension(it.key()))
            continue;
        const QString keyPath = childPath(path, it.key());
        if (!it.key().startsWith(QLatin1Char('/')))
            return invalid(keyPath, QStringLiteral("a path must start with \"/\""));
        const Result<QByteArray> item = encodePathItem(it.value(), keyPath);
        if (!item)
            return item.error();
        ProtobufWriter named;
        named.writeString(1, it.key());
        named.writeMessage(2, *item);
        writer.writeMessage(2, named.data());
    }
    return writer.data();
}

// ---- document ----

constexpr Field contactFields[] = {
    {"name", 1, Kind::String},
    {"url", 2, Kind::String},
    {"email", 3, Kind::String},
};
static_assert(ascending(contactFields));

Result<QByteArray> encodeContact(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, contactFields, 4);
}

constexpr Field licenseFields[] = {
    {"name", 1, Kind::String},
    {"url", 2, Kind::String},
};
static_assert(ascending(licenseFields));

Result<QByteArray> encodeLicense(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, licenseFields, 3);
}

constexpr Field infoFields[] = {
    {"title", 1, Kind::String},
    {"version", 2, Kind::String},
    {"description", 3, Kind::String},
    {"termsOfService", 4, Kind::String},
    {"contact", 5, Kind::Message, encodeContact},
    {"license", 6, Kind::Message, encodeLicense},
};
static_assert(ascending(infoFields));

Result<QByteArray> encodeInfo(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, infoFields, 7);
}

constexpr Field tagFields[] = {
    {"name", 1, Kind::String},
    {"description", 2, Kind::String},
    {"externalDocs", 3, Kind::Message, encodeExternalDocs},
};
static_assert(ascending(tagFields));

Result<QByteArray> encodeTag(const QJsonValue &value, const QString &path)
{
    return encodeObject(value, path, tagFields, 4);
}

constexpr Field documentFields[] = {
    {"swagger", 1, Kind::String},
    {"info", 2, Kind::Message, encodeInfo},
    {"host", 3, Kind::String},
    {"basePath", 4, Kind::String},
    {"schemes", 5, Kind::StringList},
    {"consumes", 6, Kind::StringList},
    {"produces", 7, Kind::StringList},
    {"paths", 8, Kind::Message, encodePaths},
    {"definitions", 9, Kind::Message, encodeNamedMap<encodeSchema>},
    {"parameters", 10, Kind::Message, encodeNamedMap<encodeParameter>},
    {"responses", 11, Kind::Message, encodeNamedMap<encodeResponse>},
    {"security", 12, Kind::MessageList, encodeNamedMap<encodeStringArray>},
    {"securityDefinitions", 13, Kind::Message, encodeNamedMap<encodeSecurityDefinitionsItem>},
    {"tags", 14, Kind::MessageList, encodeTag},
    {"externalDocs", 15, Kind::Message, encodeExternalDocs},
};
static_assert(ascending(documentFields));

} // namespace

Result<QByteArray> encodeOpenApiV2Protobuf(const QJsonObject &swagger)
{
    // gnostic refuses a document without these; kubectl would too, less clearly.
    for (const char *required : {"swagger", "info", "paths"}) {
        if (!swagger.contains(QLatin1String(required)))
            return invalid(QString(), QStringLiteral("missing required key \"") +
                                          QLatin1String(required) + QLatin1Char('"'));
    }
    if (swagger.value(QLatin1String("swagger")).toString() != QLatin1String("2.0"))
        return invalid(QStringLiteral("/swagger"), QStringLiteral("must be \"2.0\""));
    return encodeObject(swagger, QString(), documentFields, 16);
}

} // namespace flotilla::api
