#pragma once

#include "common/result.h"

#include <QStringView>

namespace flotilla::api {

// Upstream's label rules (k8s.io/apimachinery/pkg/util/validation):
// a key is an optional DNS-1123 subdomain prefix (at most 253 characters) and '/', then a
// name of at most 63 characters of [A-Za-z0-9-_.] that starts and ends alphanumeric;
// a value is empty or follows the rules of such a name.
// Errors are InvalidArgument and name the offending key or value, e.g.
// `invalid label key "a/b/c": a qualified name must consist of ...`.
Result<void> validateLabelKey(QStringView key);
Result<void> validateLabelValue(QStringView key, QStringView value);

} // namespace flotilla::api
