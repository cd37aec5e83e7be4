#pragma once

#include "selectors/selection.h"

#include <QString>

namespace flotilla::api {

// One term of a field selector (upstream fields.Requirement).
struct FieldRequirement
{
    QString field; // as written: upstream neither trims nor validates it
    // Equals or NotEquals; "==" is reported as Equals, as upstream does.
    SelectorOperator op = SelectorOperator::Equals;
    QString value; // unescaped

    bool operator==(const FieldRequirement &other) const = default;
};

} // namespace flotilla::api
