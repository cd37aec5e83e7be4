#include "api/http/httpparsefailure.h"

namespace flotilla::http {

int httpStatusFor(HttpParseError error)
{
    switch (error) {
    case HttpParseError::BadRequest:
        return 400;
    case HttpParseError::ContentTooLarge:
        return 413;
    case HttpParseError::HeaderFieldsTooLarge:
        return 431;
    case HttpParseError::UriTooLong:
        return 414;
    case HttpParseError::NotImplemented:
        return 501;
    case HttpParseError::VersionNotSupported:
        return 505;
    }
    return 400;
}

} // namespace flotilla::http
