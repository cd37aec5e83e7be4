#pragma once

#include "api/http/httpresponse.h"

#include <functional>

#include "api/http/httprequestparser.h"

#include <QSslConfiguration>

#include <chrono>
#include <optional>

namespace flotilla {
class Clock;
}

namespace flotilla::http {

struct HttpServerOptions
{
    // TLS settings (certificate chain, key, client CAs, verify mode); none means plain
    // TCP, which only tests should use. See HttpServer::tlsConfiguration().
    std::optional<QSslConfiguration> tls;
    HttpParserLimits limits;

    // A connection with no request in progress is closed after this.
    std::chrono::milliseconds idleTimeout = std::chrono::minutes(5);
    // A request must arrive whole (head and body) within this of its first byte.
    std::chrono::milliseconds requestTimeout = std::chrono::seconds(30);
    std::chrono::milliseconds tlsHandshakeTimeout = std::chrono::seconds(10);
    // After an error response: how long to keep draining the client's input before
    // closing, so the kernel does not reset the connection over unread bytes and
    // destroy the response; also the most a close may wait for a slow reader.
    std::chrono::milliseconds closeLinger = std::chrono::seconds(2);

    int maxConnections = 10'000;
    int maxConnectionsPerAddress = 1'000;
    // TLS handshakes in flight; QSslServer stops accepting while this many are.
    int maxPendingHandshakes = 256;
    // Parsed but unanswered pipelined requests per connection; past it the server
    // stops reading, and TCP flow control holds the client back.
    int maxQueuedRequests = 16;
    // Response bytes a client may leave unread before the server drops it.
    qint64 maxPendingWriteBytes = 64LL * 1024 * 1024;

    // For the Date header; nullptr means SystemClock. Must outlive the server.
    const Clock *clock = nullptr;
    // The response for a request the server itself rejects (malformed, too large, too
    // slow); by default a short text/plain body. The API server answers a Status object.
    std::function<HttpResponse(int status, const QByteArray &reason)> errorResponse;
};

} // namespace flotilla::http
