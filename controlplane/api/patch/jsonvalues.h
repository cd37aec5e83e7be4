#pragma once

#include <QJsonValue>
#include <QString>

namespace flotilla::api {

// Small helpers over Qt JSON values shared by the patch engines.

// A string that is equal for two values exactly when the values are equal as JSON
// (numbers by value, so 81 and 81.0 match; objects regardless of key order). Used to
// hash merge-key values and set elements.
QString jsonIdentity(const QJsonValue &value);

// The value as compact JSON for an error message, shortened to stay one readable line.
QString describeJson(const QJsonValue &value);

// How big a value is, walked iteratively and abandoned as soon as either limit is passed.
struct JsonExtent
{
    qint64 values = 0; // every object, array and scalar counts one
    int depth = 0;     // a scalar is 0, an empty or flat container 1
    bool exceeded = false;
};
JsonExtent measureJson(const QJsonValue &value, qint64 valueLimit, int depthLimit);

} // namespace flotilla::api
