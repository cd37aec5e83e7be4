#pragma once

#include "registry/resourcetype.h"

#include <QJsonArray>
#include <QJsonObject>

// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for, with the
// columns each kind defines in its KindTraits.
namespace flotilla::api::table {

enum class IncludeObject { None, Metadata, Object };
IncludeObject includeObjectFrom(const QString &queryValue); // default Metadata

QJsonArray columnDefinitions(const ResourceType &type);
QJsonObject row(const ResourceType &type, const QJsonObject &object, qint64 nowMs,
                IncludeObject include);
QJsonObject make(const ResourceType &type, const QJsonArray &rows, const QJsonObject &listMetadata);

} // namespace flotilla::api::table
