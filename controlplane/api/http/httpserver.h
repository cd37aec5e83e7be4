#pragma once

#include "api/http/httpserveroptions.h"
#include "common/result.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QSet>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

QT_BEGIN_NAMESPACE
class QTcpServer;
class QTcpSocket;
QT_END_NAMESPACE

namespace flotilla::http {

class HttpConnection;
class HttpHandler;

// The API server's HTTP/1.1 endpoint: TLS through QSslServer (plain TCP when the
// options carry no TLS configuration), keep-alive, pipelining answered in order, and
// the limits and timeouts of HttpServerOptions. Each request goes to the handler on
// this object's thread.
class HttpServer : public QObject
{
    Q_OBJECT

public:
    // handler must outlive the server.
    explicit HttpServer(HttpHandler &handler, HttpServerOptions options = {},
                        QObject *parent = nullptr);
    ~HttpServer() override;

    // Port 0 picks a free one; read it back with serverPort().
    Result<void> listen(const QHostAddress &address, quint16 port);
    // Stops listening and drops every connection; open responders are told.
    void close();

    bool isListening() const;
    bool isSecure() const { return m_options.tls.has_value(); }
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    int connectionCount() const { return int(m_connections.size()); }
    const HttpServerOptions &options() const { return m_options; }

    // A server TLS configuration: TLS 1.2+, ALPN "http/1.1" (so Go clients do not try
    // HTTP/2), and — when clientCaCertificates is not empty — client certificates
    // requested and verified against them, while clients without one still connect
    // (they authenticate with a bearer token instead).
    static QSslConfiguration
    tlsConfiguration(const QList<QSslCertificate> &certificateChain, const QSslKey &privateKey,
                     const QList<QSslCertificate> &clientCaCertificates = {});

signals:
    void connectionCountChanged(int count);

private:
    void acceptPending();
    void accept(QTcpSocket *socket);
    void onConnectionClosed(HttpConnection *connection);

    HttpHandler &m_handler;
    HttpServerOptions m_options;
    QTcpServer *m_server = nullptr;
    QSet<HttpConnection *> m_connections;
    QHash<QHostAddress, int> m_connectionsPerAddress;
};

} // namespace flotilla::http
