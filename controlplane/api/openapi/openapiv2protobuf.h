#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>

namespace flotilla::api {

// What kubectl (and client-go's discovery client) sends in Accept for GET /openapi/v2.
inline constexpr char openApiV2ProtobufAcceptType[] =
    "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
// What the server must answer with: the same type in its "dot" form. kubectl's parser
// rejects a response that echoes the "@" form from the request.
inline constexpr char openApiV2ProtobufContentType[] =
    "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

// Encodes a Swagger 2.0 document (JSON) as the protobuf message gnostic's
// openapiv2/OpenAPIv2.proto calls `openapi.v2.Document`, encoded the way kube-apiserver
// does it (it parses its JSON with gnostic and proto.Marshals the result): fields in
// field-number order, proto3 defaults omitted, named maps as repeated
// (name, value) entries in the input's key order, and every free-form value (`x-*`
// vendor extensions, `default`, `example`, `enum`) as `Any{yaml}` holding its YAML text.
//
// Like gnostic, keys the Swagger 2.0 schema does not define are an error
// (InvalidArgument naming the JSON pointer of the key), as are values of the wrong JSON
// type; a silently dropped key would weaken kubectl's client-side validation without
// anyone noticing.
Result<QByteArray> encodeOpenApiV2Protobuf(const QJsonObject &swagger);

} // namespace flotilla::api
