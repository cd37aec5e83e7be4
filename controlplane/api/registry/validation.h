#pragma once

#include "registry/kindtraits.h"

#include <QJsonObject>
#include <QString>

// Kubernetes' name and metadata validation rules (apimachinery validation), used by
// every kind. Each check returns an empty string when valid, else upstream's wording.
namespace flotilla::api::validation {

QString dns1123Label(const QString &value);     // ≤63, [a-z0-9-], alnum at both ends
QString dns1123Subdomain(const QString &value); // ≤253, labels joined by '.'
QString qualifiedName(const QString &value);    // label/annotation keys: [prefix/]name
QString labelValue(const QString &value);

// metadata: name (or generateName), labels, annotations (total size ≤256 KiB),
// finalizers, ownerReferences.
FieldErrors objectMeta(const QJsonObject &metadata, bool namespaced, bool nameIsDnsLabel);

FieldError required(const QString &field, const QString &detail = {});
FieldError invalid(const QString &field, const QJsonValue &value, const QString &detail);
FieldError notSupported(const QString &field, const QJsonValue &value,
                        const QStringList &supported);
FieldError forbidden(const QString &field, const QString &detail);

// Immutable field check: reports `field is immutable` when the two differ.
void immutable(FieldErrors &errors, const QJsonValue &now, const QJsonValue &before,
               const QString &field);

} // namespace flotilla::api::validation
