#pragma once

#include "api/http/httpresponse.h"

#include <QByteArray>
#include <QByteArrayView>

namespace flotilla::http {

// HttpResponse → HTTP/1.1 bytes. Pure functions, so the exact output is testable.
//
// Layout: status line, the response's own headers in order (minus any framing header
// and any field whose name or value could split the message, which is dropped with a
// warning), then the framing header the serializer owns, then the body.
class HttpResponseSerializer
{
public:
    // A complete response framed by Content-Length. For a HEAD request the
    // Content-Length still describes the body, which is left out.
    static QByteArray serialize(const HttpResponse &response, bool headRequest = false);

    // The head of a response whose body follows over time. chunked=true adds
    // "Transfer-Encoding: chunked" (HTTP/1.1); chunked=false is for HTTP/1.0 clients,
    // where the end of the body is the end of the connection. The body is ignored.
    static QByteArray serializeStreamHead(const HttpResponse &response, bool chunked = true);
    // One chunk: hex size, CRLF, data, CRLF. Empty data gives empty output, because a
    // zero-size chunk would end the stream.
    static QByteArray serializeChunk(QByteArrayView data);
    // "0\r\n\r\n": the last chunk with no trailers.
    static QByteArray serializeLastChunk();

    // IMF-fixdate for the Date header, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
    static QByteArray formatHttpDate(qint64 msSinceEpoch);

private:
    static QByteArray head(const HttpResponse &response);
};

} // namespace flotilla::http
