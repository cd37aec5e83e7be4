#pragma once

#include "common/result.h"
#include "protobuf/protobufschema.h"
#include "protobuf/wirereader.h"

#include <QJsonObject>

namespace flotilla::api {

// Messages nested deeper than this are refused. Kubernetes objects stay far below it (a
// Deployment is about 10 messages deep); it bounds the decoder's recursion on hostile input.
inline constexpr int kMaxProtobufNestingDepth = 64;

// Decodes one gogo-protobuf encoded Kubernetes message into the JSON object its Go type
// marshals to, so that a protobuf request body is stored exactly as the same object sent as
// JSON would be:
// - fields use their JSON names; embedded (inline) structs spread into the parent;
// - non-pointer scalars at their zero value are dropped (gogo always writes them, Go's JSON
//   encoder omits them) unless the JSON marks them required (no omitempty); pointer
//   scalars, messages, lists and maps are kept as sent;
// - Time, MicroTime, Duration, Quantity, IntOrString, RawExtension, FieldsV1 and the
//   named string lists take the JSON form of their Go MarshalJSON; bytes become base64;
// - unknown field numbers are skipped, repeated scalars may be packed or not, a singular
//   message sent twice is merged (protobuf semantics), the last value of a scalar wins.
// Errors (InvalidArgument) name the field path and byte offset: malformed wire data, a
// wire type that does not fit the field, integers JSON cannot carry exactly (beyond 2^53),
// times outside years 0..9999, embedded objects that are not JSON, and nesting deeper
// than kMaxProtobufNestingDepth.
Result<QJsonObject> decodeProtobufMessage(const MessageDescriptor &message, WireChunk bytes);

} // namespace flotilla::api
