#pragma once

#include "common/result.h"
#include "schema/schemanode.h"

#include <QJsonObject>

namespace flotilla::api {

// Applies a Kubernetes strategic merge patch (application/strategic-merge-patch+json) the
// way the apiserver does (k8s.io/apimachinery/pkg/util/strategicpatch), steered by the
// schema of the patched kind (e.g. ApiSchema::forKind):
//  - maps merge recursively; a null value deletes the field;
//  - lists whose field has patchStrategy "merge" merge element-wise by patchMergeKey
//    (objects) or as sets (primitives, e.g. finalizers); other lists are replaced whole;
//  - directives: `$patch: replace|delete|merge` on a map or as a list element,
//    `$retainKeys`, `$setElementOrder/<field>`, `$deleteFromPrimitiveList/<field>`;
//  - where the schema knows nothing (invalid node, unknown field) maps merge and lists
//    are replaced, i.e. JSON merge patch semantics, directives still honoured.
// Malformed directives, merge-list elements without their merge key and patches nested
// deeper than kMaxNestingDepth are InvalidArgument errors naming the field. The result
// never contains a directive.
Result<QJsonObject> applyStrategicMergePatch(const QJsonObject &original, const QJsonObject &patch,
                                             const SchemaNode &schema);

// True for the keys that are strategic merge patch directives rather than data.
bool isStrategicMergeDirective(const QString &key);

} // namespace flotilla::api
