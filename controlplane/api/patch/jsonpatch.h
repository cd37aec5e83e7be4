#pragma once

#include "common/result.h"

#include <QJsonArray>
#include <QJsonValue>

namespace flotilla::api {

// Applies an RFC 6902 JSON Patch (application/json-patch+json): the operations add,
// remove, replace, move, copy and test, in order, all or nothing. Paths are RFC 6901
// pointers; "-" appends to an array in add/move/copy targets; array indexes have no
// leading zeros and an op on a missing path fails, as in the apiserver. Every failure is
// InvalidArgument and names the operation's index, op and path, e.g.
// `JSON patch operation 2 (remove at "/spec/x"): "/spec/x" does not exist`.
Result<QJsonValue> applyJsonPatch(const QJsonValue &document, const QJsonArray &operations);

} // namespace flotilla::api
