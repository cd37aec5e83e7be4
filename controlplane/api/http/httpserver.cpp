#include "api/http/httpserver.h"

#include "api/http/httpconnection.h"
#include "api/http/httplogging.h"
#include "common/clock.h"

#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>

#include <algorithm>

namespace flotilla::http {

namespace {

// A dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d; count them as a.b.c.d.
QHostAddress normalized(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

} // namespace

HttpServer::HttpServer(HttpHandler &handler, HttpServerOptions options, QObject *parent)
    : QObject(parent)
    , m_handler(handler)
    , m_options(std::move(options))
{
    if (m_options.tls) {
        auto *ssl = new QSslServer(this);
        ssl->setSslConfiguration(*m_options.tls);
        ssl->setHandshakeTimeout(int(m_options.tlsHandshakeTimeout.count()));
        // With VerifyPeer Qt reports a client without a certificate as an error; such a
        // client is allowed (bearer token), so that error alone is ignored. Any other
        // verification error (an untrusted certificate) still fails the handshake.
        connect(ssl, &QSslServer::sslErrors, this,
                [](QSslSocket *socket, const QList<QSslError> &errors) {
                    const bool onlyMissingCertificate =
                        std::all_of(errors.cbegin(), errors.cend(), [](const QSslError &e) {
                            return e.error() == QSslError::NoPeerCertificate;
                        });
                    if (onlyMissingCertificate)
                        socket->ignoreSslErrors(errors);
                    else
                        qCDebug(lcHttp)
                            << "TLS handshake with" << socket->peerAddress() << "failed:" << errors;
                });
        connect(ssl, &QSslServer::errorOccurred, this,
                [](QSslSocket *socket, QAbstractSocket::SocketError error) {
                    qCDebug(lcHttp) << "TLS connection from" << socket->peerAddress()
                                    << "failed before the handshake completed:" << error;
                });
        m_server = ssl;
    } else {
        m_server = new QTcpServer(this);
    }
    m_server->setMaxPendingConnections(m_options.maxPendingHandshakes);
    // pendingConnectionAvailable, unlike newConnection, fires for QSslServer only once
    // the handshake is done.
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::acceptPending);
}

HttpServer::~HttpServer()
{
    m_server->close();
    const QSet<HttpConnection *> connections = std::exchange(m_connections, {});
    for (HttpConnection *connection : connections) {
        connection->disconnect(this);
        connection->abort();
        delete connection;
    }
}

Result<void> HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server->listen(address, port)) {
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot listen on %1:%2 (%3); choose another address or port")
                         .arg(address.toString())
                         .arg(port)
                         .arg(m_server->errorString())};
    }
    qCInfo(lcHttp).noquote() << "listening on" << address.toString() << "port"
                             << m_server->serverPort() << (isSecure() ? "(TLS)" : "(plain TCP)");
    return {};
}

void HttpServer::close()
{
    m_server->close();
    const QSet<HttpConnection *> connections = m_connections;
    for (HttpConnection *connection : connections)
        connection->abort(); // emits closed(): onConnectionClosed forgets and deletes it
}

bool HttpServer::isListening() const
{
    return m_server->isListening();
}

QHostAddress HttpServer::serverAddress() const
{
    return m_server->serverAddress();
}

quint16 HttpServer::serverPort() const
{
    return m_server->serverPort();
}

QSslConfiguration HttpServer::tlsConfiguration(const QList<QSslCertificate> &certificateChain,
                                               const QSslKey &privateKey,
                                               const QList<QSslCertificate> &clientCaCertificates)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setLocalCertificateChain(certificateChain);
    configuration.setPrivateKey(privateKey);
    configuration.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
    configuration.setCaCertificates(clientCaCertificates);
    configuration.setPeerVerifyMode(clientCaCertificates.isEmpty() ? QSslSocket::VerifyNone
                                                                   : QSslSocket::VerifyPeer);
    return configuration;
}

void HttpServer::acceptPending()
{
    while (m_server->hasPendingConnections()) {
        if (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    }
}

void HttpServer::accept(QTcpSocket *socket)
{
    const QHostAddress address = normalized(socket->peerAddress());
    int &perAddress = m_connectionsPerAddress[address];
    if (connectionCount() >= m_options.maxConnections ||
        perAddress >= m_options.maxConnectionsPerAddress) {
        qCDebug(lcHttp) << "refusing connection from" << address << "- connection limit reached";
        if (perAddress == 0)
            m_connectionsPerAddress.remove(address);
        socket->abort();
        socket->deleteLater();
        return;
    }
    ++perAddress;
    const Clock &clock = m_options.clock ? *m_options.clock : SystemClock::instance();
    auto *connection = new HttpConnection(socket, m_handler, m_options, clock, address, this);
    m_connections.insert(connection);
    connect(connection, &HttpConnection::closed, this, &HttpServer::onConnectionClosed);
    emit connectionCountChanged(connectionCount());
    connection->start();
}

void HttpServer::onConnectionClosed(HttpConnection *connection)
{
    if (!m_connections.remove(connection))
        return;
    auto it = m_connectionsPerAddress.find(connection->remoteAddress());
    if (it != m_connectionsPerAddress.end() && --it.value() <= 0)
        m_connectionsPerAddress.erase(it);
    // Later: closed() may be emitted from deep inside the connection's own code.
    connection->deleteLater();
    emit connectionCountChanged(connectionCount());
}

} // namespace flotilla::http
