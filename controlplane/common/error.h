#pragma once

#include <QString>

namespace flotilla {

// Why an operation failed, in terms a caller can act on. Kept deliberately small:
// the API layer maps each code to an HTTP status and a Kubernetes Status reason.
enum class ErrorCode {
    InvalidArgument, // the request itself is wrong; retrying it unchanged cannot help
    NotFound,
    AlreadyExists,
    Conflict,    // a compare-and-swap precondition (expected revision) did not hold
    Expired,     // the requested revision has been compacted away
    Unavailable, // the backend failed; the operation may succeed later
    Corrupt,     // stored data is unreadable or of a foreign/newer format
    Internal,
};

QString errorCodeName(ErrorCode code);

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message; // one line: what happened, and what to do about it

    QString toString() const { return errorCodeName(code) + QStringLiteral(": ") + message; }
};

} // namespace flotilla
