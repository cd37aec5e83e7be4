#include "api/http/httpconnection.h"

#include "api/http/httphandler.h"
#include "api/http/httplogging.h"
#include "api/http/httpresponder.h"
#include "api/http/httpresponseserializer.h"
#include "common/clock.h"

#include <QSslSocket>
#include <QTcpSocket>

namespace flotilla::http {

namespace {
// Read in bounded slices so one burst cannot queue more than the pipelining limit.
constexpr qint64 readSliceBytes = 64 * 1024;
// Bounds what Qt buffers for us while we are not reading (pipelining backpressure).
constexpr qint64 socketReadBufferBytes = 256 * 1024;
} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, HttpHandler &handler,
                               const HttpServerOptions &options, const Clock &clock,
                               const QHostAddress &remoteAddress, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(handler)
    , m_options(options)
    , m_clock(clock)
    , m_remoteAddress(remoteAddress)
    , m_remotePort(socket->peerPort())
    , m_parser(options.limits)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(socketReadBufferBytes);
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket)) {
        m_secure = ssl->isEncrypted();
        // Only a chain Qt verified against the client CAs counts; QueryPeer would hand
        // over whatever the client sent.
        if (ssl->peerVerifyMode() == QSslSocket::VerifyPeer)
            m_peerCertificateChain = ssl->peerCertificateChain();
    }

    m_idleTimer.setSingleShot(true);
    m_requestTimer.setSingleShot(true);
    m_lingerTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        qCDebug(lcHttp) << "closing idle connection from" << m_remoteAddress;
        beginClose(false);
    });
    connect(&m_requestTimer, &QTimer::timeout, this, &HttpConnection::onRequestTimeout);
    connect(&m_lingerTimer, &QTimer::timeout, this, [this] {
        if (m_socket->bytesToWrite() > 0)
            m_socket->abort();
        else
            m_socket->disconnectFromHost();
    });

    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::pump);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        // A client still reading a large response is slow, not idle.
        if (m_idleTimer.isActive())
            m_idleTimer.start();
        closeIfFlushed();
    });
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::teardown);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::RemoteHostClosedError)
            qCDebug(lcHttp) << "connection from" << m_remoteAddress
                            << "failed:" << m_socket->errorString();
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            teardown();
    });
}

HttpConnection::~HttpConnection()
{
    if (!m_closed) {
        m_closed = true;
        if (auto responder = m_responder.lock()) {
            m_responder.reset();
            responder->connectionLost();
        }
    }
}

void HttpConnection::start()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        teardown();
        return;
    }
    pump();
}

void HttpConnection::abort()
{
    if (!m_closed)
        m_socket->abort();
    teardown();
}

void HttpConnection::pump()
{
    if (m_pumping) {
        m_pumpAgain = true;
        return;
    }
    m_pumping = true;
    do {
        m_pumpAgain = false;
        if (m_closed)
            break;
        if (m_closing) {
            // Draining before a close: the bytes no longer matter.
            m_socket->readAll();
            break;
        }
        readAvailable();
        if (m_busy)
            break;
        if (m_parser.hasRequest()) {
            dispatch(m_parser.takeRequest());
            m_pumpAgain = true; // the response may be done already: next request
            continue;
        }
        if (const auto &failure = m_parser.failure()) {
            qCDebug(lcHttp) << "bad request from" << m_remoteAddress << failure->status()
                            << failure->reason;
            sendErrorAndClose(failure->status(), failure->reason);
            break;
        }
        // The client waits for our go-ahead before sending the body; give it only when
        // nothing is ahead of it, or it would land between two responses.
        if (m_parser.takeExpectContinue())
            writeBytes(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
    } while (m_pumpAgain);
    m_pumping = false;
    updateTimers();
}

void HttpConnection::readAvailable()
{
    bool completed = false;
    while (!m_parser.hasFailed() && m_parser.pendingRequestCount() < m_options.maxQueuedRequests &&
           m_socket->bytesAvailable() > 0) {
        const qsizetype before = m_parser.pendingRequestCount();
        const QByteArray slice = m_socket->read(readSliceBytes);
        if (slice.isEmpty())
            break;
        m_parser.feed(slice);
        completed = completed || m_parser.pendingRequestCount() > before;
    }
    // The request timeout is per request: one that just completed does not count
    // against the next one's time.
    if (completed)
        m_requestTimer.stop();
}

void HttpConnection::dispatch(HttpRequest request)
{
    request.remoteAddress = m_remoteAddress;
    request.remotePort = m_remotePort;
    request.secure = m_secure;
    request.peerCertificateChain = m_peerCertificateChain;

    m_busy = true;
    m_headRequest = request.method == "HEAD";
    m_http10 = request.versionMinor == 0;
    m_keepAlive = request.keepAlive;
    m_idleTimer.stop();

    std::shared_ptr<HttpResponder> responder(new HttpResponder(this));
    m_responder = responder;
    m_handler.handle(request, *responder);
    // If the handler kept no reference, this answers 500 or ends its stream.
    responder.reset();
}

bool HttpConnection::closeAfterResponse(const HttpResponse &response) const
{
    return !m_keepAlive || response.headers().hasToken("Connection", "close");
}

void HttpConnection::prepareHeaders(HttpResponse &response, bool close) const
{
    if (!response.headers().contains("Date"))
        response.headers().set("Date", HttpResponseSerializer::formatHttpDate(m_clock.nowMs()));
    if (close)
        response.headers().set("Connection", "close");
    else if (m_http10)
        response.headers().set("Connection", "keep-alive");
}

bool HttpConnection::sendResponse(HttpResponse response)
{
    if (m_closed || !m_busy)
        return false;
    const bool close = closeAfterResponse(response);
    prepareHeaders(response, close);
    const bool written = writeBytes(HttpResponseSerializer::serialize(response, m_headRequest));
    responseDone(close);
    return written;
}

bool HttpConnection::sendStreamHead(HttpResponse head)
{
    if (m_closed || !m_busy)
        return false;
    // HTTP/1.0 has no chunked coding: the body ends where the connection does.
    m_streamChunked = !m_http10;
    m_streamClose = !m_streamChunked || closeAfterResponse(head);
    prepareHeaders(head, m_streamClose);
    return writeBytes(HttpResponseSerializer::serializeStreamHead(head, m_streamChunked));
}

bool HttpConnection::sendChunk(QByteArrayView data)
{
    if (m_closed || !m_busy)
        return false;
    if (m_headRequest || data.isEmpty())
        return true;
    return writeBytes(m_streamChunked ? HttpResponseSerializer::serializeChunk(data)
                                      : data.toByteArray());
}

bool HttpConnection::finishStream()
{
    if (m_closed || !m_busy)
        return false;
    bool written = true;
    if (m_streamChunked && !m_headRequest)
        written = writeBytes(HttpResponseSerializer::serializeLastChunk());
    responseDone(m_streamClose);
    return written;
}

qint64 HttpConnection::pendingWriteBytes() const
{
    return m_closed ? 0 : m_socket->bytesToWrite();
}

bool HttpConnection::writeBytes(const QByteArray &bytes)
{
    if (m_closed)
        return false;
    m_socket->write(bytes);
    if (m_socket->bytesToWrite() > m_options.maxPendingWriteBytes) {
        qCDebug(lcHttp) << "dropping" << m_remoteAddress << "which does not read its responses";
        abort();
        return false;
    }
    return true;
}

void HttpConnection::responseDone(bool close)
{
    m_busy = false;
    m_responder.reset();
    if (m_closed)
        return;
    if (close) {
        beginClose(false);
        return;
    }
    pump();
}

void HttpConnection::sendErrorAndClose(int status, const QByteArray &text)
{
    HttpResponse response = m_options.errorResponse ? m_options.errorResponse(status, text)
                                                    : HttpResponse::plainText(status, text + '\n');
    m_headRequest = false;
    m_http10 = false;
    prepareHeaders(response, true);
    writeBytes(HttpResponseSerializer::serialize(response));
    beginClose(true);
}

void HttpConnection::beginClose(bool drainInput)
{
    if (m_closing || m_closed)
        return;
    m_closing = true;
    m_drainInput = drainInput;
    m_idleTimer.stop();
    m_requestTimer.stop();
    m_lingerTimer.start(m_options.closeLinger);
    m_socket->readAll();
    closeIfFlushed();
}

void HttpConnection::closeIfFlushed()
{
    if (!m_closing || m_closed || m_socket->bytesToWrite() > 0)
        return;
    // After an error the client may still be sending what we refused; closing with
    // unread input would make the kernel reset the connection, and the client could
    // lose our response. So wait (bounded by the linger timer) for it to close first.
    if (!m_drainInput)
        m_socket->disconnectFromHost();
}

void HttpConnection::teardown()
{
    if (m_closed)
        return;
    m_closed = true;
    m_idleTimer.stop();
    m_requestTimer.stop();
    m_lingerTimer.stop();
    if (auto responder = m_responder.lock()) {
        m_responder.reset();
        responder->connectionLost();
    }
    m_busy = false;
    emit closed(this);
}

void HttpConnection::updateTimers()
{
    if (m_closed || m_closing)
        return;
    const bool midRequest = m_parser.isMidRequest();
    // Only a request we are waiting for is timed: one pipelined behind a long response
    // (a watch) waits for that response, not for the client.
    if (midRequest && !m_busy && !m_parser.hasRequest()) {
        if (!m_requestTimer.isActive())
            m_requestTimer.start(m_options.requestTimeout);
    } else {
        m_requestTimer.stop();
    }
    const bool idle = !m_busy && !midRequest && !m_parser.hasRequest();
    if (idle) {
        if (!m_idleTimer.isActive())
            m_idleTimer.start(m_options.idleTimeout);
    } else {
        m_idleTimer.stop();
    }
}

void HttpConnection::onRequestTimeout()
{
    qCDebug(lcHttp) << "request from" << m_remoteAddress << "timed out";
    if (m_busy || m_parser.hasRequest()) {
        // A response is in flight; a 408 cannot be slotted in before it.
        abort();
        return;
    }
    sendErrorAndClose(408, QByteArrayLiteral("request not received in time"));
}

} // namespace flotilla::http
