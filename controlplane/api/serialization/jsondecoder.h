#pragma once

#include "common/result.h"
#include "serialization/decodedjson.h"

#include <QByteArray>

namespace flotilla::api {

// Parses a JSON request body (an object or an array at the top). Malformed JSON, nesting
// deeper than kMaxNestingDepth and integers beyond 2^53 in magnitude are InvalidArgument
// errors; repeated object keys are reported in duplicateFields, not as errors, because
// whether they are fatal depends on the request's fieldValidation.
Result<DecodedJson> decodeJson(const QByteArray &body);

} // namespace flotilla::api
