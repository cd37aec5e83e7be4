#pragma once

#include <QString>
#include <QStringView>

namespace flotilla::api {

// The operators of label and field selectors (upstream k8s.io/apimachinery/pkg/selection).
enum class SelectorOperator {
    Equals,       // "="
    DoubleEquals, // "==": kept apart from Equals so a label selector prints back as written
    NotEquals,    // "!="
    In,           // "in (a,b)"
    NotIn,        // "notin (a,b)"
    Exists,       // a bare key
    DoesNotExist, // "!key"
    GreaterThan,  // ">": integer comparison, label selectors only
    LessThan,     // "<"
};

// Longest selector text accepted, in UTF-16 code units. Real selectors are a few hundred
// characters (they travel in a URL); the cap bounds the work and memory one request can
// cost before anything is parsed.
inline constexpr qsizetype maxSelectorLength = 32 * 1024;

// A piece of user input for an error message, shortened so that a huge token cannot turn
// a one-line error into a 32 KiB one.
QString elideForMessage(QStringView text);

} // namespace flotilla::api
