#include "common/error.h"

namespace flotilla {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return QStringLiteral("invalid argument");
    case ErrorCode::NotFound:
        return QStringLiteral("not found");
    case ErrorCode::AlreadyExists:
        return QStringLiteral("already exists");
    case ErrorCode::Conflict:
        return QStringLiteral("conflict");
    case ErrorCode::Expired:
        return QStringLiteral("expired");
    case ErrorCode::Unavailable:
        return QStringLiteral("unavailable");
    case ErrorCode::Corrupt:
        return QStringLiteral("corrupt");
    case ErrorCode::Internal:
        break;
    }
    return QStringLiteral("internal error");
}

} // namespace flotilla
