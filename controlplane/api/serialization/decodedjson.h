#pragma once

#include <QJsonValue>
#include <QStringList>

namespace flotilla::api {

// A request body turned into JSON values, with what the plain parse would hide.
struct DecodedJson
{
    QJsonValue value;
    // Object keys that occurred more than once, as JSON paths from the root:
    // ".metadata.labels.app", ".spec.containers[0].name". The value keeps the last
    // occurrence, as Go's decoder does. Capped at kMaxReportedProblems.
    QStringList duplicateFields;
};

} // namespace flotilla::api
