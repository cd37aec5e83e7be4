#pragma once

#include "api/http/httpresponse.h"

#include <QByteArrayView>
#include <QPointer>

#include <functional>
#include <memory>

namespace flotilla::http {

class HttpConnection;

// The one way to answer one request: either respond() once, or startStream() then
// writeChunk() any number of times and finish() — possibly long after
// HttpHandler::handle() returned, as a watch does.
//
// Lifetime: shared. The connection holds only a weak reference once handle() returns;
// a handler that answers later keeps share(). Dropping the last reference unanswered
// answers 500; dropping it mid-stream finishes the stream.
//
// Every call after the client disconnected returns false and does nothing; the
// disconnect handler tells the owner to stop producing.
class HttpResponder : public std::enable_shared_from_this<HttpResponder>
{
public:
    ~HttpResponder();
    HttpResponder(const HttpResponder &) = delete;
    HttpResponder &operator=(const HttpResponder &) = delete;

    std::shared_ptr<HttpResponder> share() { return shared_from_this(); }

    // A complete response (Content-Length). False if already answered or disconnected.
    bool respond(const HttpResponse &response);
    // Status and headers now, body as chunks later (Transfer-Encoding: chunked; for an
    // HTTP/1.0 client the raw body, ended by closing the connection).
    bool startStream(const HttpResponse &head);
    // Sends data as one chunk right away. False unless streaming and connected.
    bool writeChunk(QByteArrayView data);
    // Ends the stream with the zero-size chunk.
    bool finish();

    bool isConnected() const { return !m_connection.isNull(); }
    bool hasResponded() const { return m_state != State::Pending; }
    bool isStreaming() const { return m_state == State::Streaming; }
    bool isFinished() const { return m_state == State::Finished; }
    // Response bytes not yet accepted by the kernel: a stream producer can hold back
    // while the client is slow (the server closes the connection past a limit).
    qint64 bufferedBytes() const;

    // Called once, on the server's thread, if the client goes away (or the server
    // closes the connection) before the response is finished. Set after that moment,
    // it is called immediately.
    void setDisconnectHandler(std::function<void()> handler);

private:
    friend class HttpConnection;
    enum class State { Pending, Streaming, Finished };

    explicit HttpResponder(HttpConnection *connection);
    void connectionLost();

    QPointer<HttpConnection> m_connection;
    State m_state = State::Pending;
    std::function<void()> m_onDisconnect;
};

} // namespace flotilla::http
