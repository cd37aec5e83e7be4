#pragma once

#include "schema/schemanode.h"

#include <QJsonValue>

namespace flotilla::api {

// Drops every field the schema does not know, as decoding into upstream's Go types does
// when fieldValidation is Warn or Ignore: what is not part of the API is not stored.
// Subtrees marked x-kubernetes-preserve-unknown-fields or embedded resources are kept.
QJsonValue pruneUnknownFields(const QJsonValue &value, const SchemaNode &schema);

} // namespace flotilla::api
