#include "api/http/httpresponder.h"

#include "api/http/httpconnection.h"

namespace flotilla::http {

HttpResponder::HttpResponder(HttpConnection *connection)
    : m_connection(connection)
{}

HttpResponder::~HttpResponder()
{
    if (!m_connection)
        return;
    if (m_state == State::Pending) {
        m_state = State::Finished;
        m_connection->sendResponse(
            HttpResponse::plainText(500, QByteArrayLiteral("request was not answered\n")));
    } else if (m_state == State::Streaming) {
        m_state = State::Finished;
        m_connection->finishStream();
    }
}

bool HttpResponder::respond(const HttpResponse &response)
{
    if (!m_connection || m_state != State::Pending)
        return false;
    m_state = State::Finished;
    return m_connection->sendResponse(response);
}

bool HttpResponder::startStream(const HttpResponse &head)
{
    if (!m_connection || m_state != State::Pending)
        return false;
    // A status that cannot have a body cannot be streamed: answer it whole.
    if (!HttpResponse::statusAllowsBody(head.statusCode()))
        return respond(head);
    m_state = State::Streaming;
    return m_connection->sendStreamHead(head);
}

bool HttpResponder::writeChunk(QByteArrayView data)
{
    if (!m_connection || m_state != State::Streaming)
        return false;
    return m_connection->sendChunk(data);
}

bool HttpResponder::finish()
{
    if (!m_connection || m_state != State::Streaming)
        return false;
    m_state = State::Finished;
    return m_connection->finishStream();
}

qint64 HttpResponder::bufferedBytes() const
{
    return m_connection ? m_connection->pendingWriteBytes() : 0;
}

void HttpResponder::setDisconnectHandler(std::function<void()> handler)
{
    if (!m_connection && m_state != State::Finished) {
        if (handler)
            handler();
        return;
    }
    m_onDisconnect = std::move(handler);
}

void HttpResponder::connectionLost()
{
    m_connection = nullptr;
    std::function<void()> handler = std::exchange(m_onDisconnect, nullptr);
    if (m_state != State::Finished && handler)
        handler();
}

} // namespace flotilla::http
