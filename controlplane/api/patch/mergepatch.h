#pragma once

#include <QJsonValue>

namespace flotilla::api {

// Applies an RFC 7386 JSON Merge Patch (application/merge-patch+json): an object patch
// merges member by member, recursively, and a null member deletes; any other patch
// (array, scalar, null) replaces the target whole. It cannot fail. Iterative, so no
// nesting depth can exhaust the stack.
QJsonValue applyMergePatch(const QJsonValue &target, const QJsonValue &patch);

} // namespace flotilla::api
