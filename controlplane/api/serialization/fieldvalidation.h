#pragma once

#include "schema/schemanode.h"

#include <QJsonValue>
#include <QStringList>

namespace flotilla::api {

// What Go's strict decoding of an object into its API type would complain about.
struct FieldValidationResult
{
    // `unknown field "spec.template.spec.containers[0].imagePullPolicyy"`, one per field.
    QStringList unknownFields;
    // Values of the wrong JSON type, worded like the apiserver's decode errors:
    // `json: cannot unmarshal string into Go struct field
    // ContainerPort.spec.containers.ports.containerPort of type int32`. Upstream stops at the first
    // of these; all are listed here (up to the cap).
    QStringList typeErrors;
    // More than kMaxReportedProblems of either kind: the lists hold the first ones.
    bool truncated = false;

    bool ok() const { return unknownFields.isEmpty() && typeErrors.isEmpty(); }
};

// Checks a decoded object against its kind's schema (ApiSchema::forKind). Object fields,
// array items and map values are all visited; `apiVersion` and `kind` are always known at
// the top; below x-kubernetes-preserve-unknown-fields, inside free-form objects (such as
// RawExtension) and inside embedded resources (except their apiVersion, kind and metadata)
// undeclared fields are accepted. Integers must be integral and fit their format (int32,
// int64); int-or-string takes either; null is accepted anywhere, as Go's decoder does.
// Within an object, fields are reported in key order rather than document order.
FieldValidationResult validateFields(const QJsonValue &object, const SchemaNode &schema);

} // namespace flotilla::api
