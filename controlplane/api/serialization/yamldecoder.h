#pragma once

#include "common/result.h"
#include "serialization/decodedjson.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>

namespace flotilla::api {

// YAML request bodies and manifest files, turned into the JSON values Kubernetes would see:
// the conversion follows sigs.k8s.io/yaml (go-yaml v2, YAML 1.1 scalars: unquoted yes/no/
// on/off are booleans, quoted scalars are always strings, int/float/bool map keys become
// their string form), resolves anchors, aliases and << merge keys, and reports repeated
// keys like decodeJson. Errors (InvalidArgument): malformed YAML, keys that are null or
// collections, numbers JSON cannot carry exactly (.inf, .nan, integers beyond 2^53),
// nesting deeper than kMaxNestingDepth, and streams whose aliases expand past
// kMaxYamlValues values.

// Exactly one document: a body holding several is an error, an empty body decodes to null.
Result<DecodedJson> decodeYaml(const QByteArray &body);

// Every document of a "---" separated stream; empty (and null) documents are skipped.
Result<QList<DecodedJson>> decodeYamlDocuments(const QByteArray &body);

// decodeYamlDocuments without the duplicate reports, for callers that only need values.
Result<QList<QJsonValue>> decodeYamlStream(const QByteArray &body);

} // namespace flotilla::api
