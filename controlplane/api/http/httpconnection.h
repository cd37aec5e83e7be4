#pragma once

#include "api/http/httprequestparser.h"
#include "api/http/httpresponse.h"
#include "api/http/httpserveroptions.h"

#include <QHostAddress>
#include <QObject>
#include <QSslCertificate>
#include <QTimer>

#include <memory>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace flotilla {
class Clock;
}

namespace flotilla::http {

class HttpHandler;
class HttpResponder;

// One client connection of HttpServer (internal): reads bytes into the parser, hands
// requests to the handler one at a time, writes responses in order, and enforces the
// timeouts. Emits closed() once when the socket is gone; the server then deletes it.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    HttpConnection(QTcpSocket *socket, HttpHandler &handler, const HttpServerOptions &options,
                   const Clock &clock, const QHostAddress &remoteAddress,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

    // Let the queued input in (a TLS socket may arrive with bytes already decrypted).
    void start();
    // Drop the connection now (server shutdown); the responder is told.
    void abort();

    const QHostAddress &remoteAddress() const { return m_remoteAddress; }
    bool isClosed() const { return m_closed; }

signals:
    void closed(flotilla::http::HttpConnection *connection);

private:
    friend class HttpResponder;

    // The responder's side.
    bool sendResponse(HttpResponse response);
    bool sendStreamHead(HttpResponse head);
    bool sendChunk(QByteArrayView data);
    bool finishStream();
    qint64 pendingWriteBytes() const;

    void pump();
    void readAvailable();
    void dispatch(HttpRequest request);
    bool closeAfterResponse(const HttpResponse &response) const;
    void prepareHeaders(HttpResponse &response, bool close) const;
    bool writeBytes(const QByteArray &bytes);
    void responseDone(bool close);
    void sendErrorAndClose(int status, const QByteArray &text);
    void beginClose(bool drainInput);
    void closeIfFlushed();
    void teardown();
    void updateTimers();
    void onRequestTimeout();

    QTcpSocket *m_socket;
    HttpHandler &m_handler;
    const HttpServerOptions &m_options;
    const Clock &m_clock;
    QHostAddress m_remoteAddress;
    quint16 m_remotePort = 0;
    bool m_secure = false;
    QList<QSslCertificate> m_peerCertificateChain;

    HttpRequestParser m_parser;
    QTimer m_idleTimer;
    QTimer m_requestTimer;
    QTimer m_lingerTimer;

    // The request being answered (at most one at a time).
    std::weak_ptr<HttpResponder> m_responder;
    bool m_busy = false;
    bool m_headRequest = false;
    bool m_http10 = false;
    bool m_keepAlive = true;
    bool m_streamChunked = true;
    bool m_streamClose = false;

    bool m_pumping = false;
    bool m_pumpAgain = false;
    bool m_closing = false;
    bool m_drainInput = false;
    bool m_closed = false;
};

} // namespace flotilla::http
