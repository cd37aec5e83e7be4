#pragma once

#include <QByteArray>

namespace flotilla::http {

// Why the bytes on a connection are not (or no longer) a valid request stream. Each
// kind maps to exactly one status so the server's answer is predictable.
enum class HttpParseError {
    BadRequest,           // 400: syntax or framing is wrong
    ContentTooLarge,      // 413: body over the configured limit
    HeaderFieldsTooLarge, // 431: header section too many bytes or fields
    UriTooLong,           // 414: request line over its limit
    NotImplemented,       // 501: a transfer coding other than chunked
    VersionNotSupported,  // 505: not HTTP/1.0 or HTTP/1.1
};

int httpStatusFor(HttpParseError error);

struct HttpParseFailure
{
    HttpParseError error = HttpParseError::BadRequest;
    QByteArray reason; // short, for the response body and the debug log

    int status() const { return httpStatusFor(error); }

    friend bool operator==(const HttpParseFailure &, const HttpParseFailure &) = default;
};

} // namespace flotilla::http
