#pragma once

#include "common/result.h"

#include <QByteArrayView>
#include <QStringList>

namespace flotilla::api {

// One linear pass over JSON bytes for what QJsonDocument does not tell: keys repeated
// within one object (returned as paths such as ".metadata.labels.app"), integers a double
// cannot hold exactly, and nesting deeper than kMaxNestingDepth (both InvalidArgument).
// Keys are compared after unescaping, so "a" and "\u0061" are the same key. Meant to run
// after QJsonDocument accepted the bytes (its messages are better), but safe on any input.
Result<QStringList> scanJsonStructure(QByteArrayView json);

} // namespace flotilla::api
