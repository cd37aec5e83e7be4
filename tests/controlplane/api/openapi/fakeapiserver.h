#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace flotilla::api::testing {

// A plain-HTTP/1.1 server on 127.0.0.1 for driving the real kubectl in tests, before the
// product's own API server is wired to the OpenAPI encoder. It records every request
// and answers it from a callback; it understands exactly what kubectl sends (requests
// framed by Content-Length, keep-alive connections) and nothing more.
class FakeApiServer : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray path;                       // without the query
        QByteArray query;                      // without the "?"
        QHash<QByteArray, QByteArray> headers; // names lower-cased
        QByteArray body;
    };

    struct Reply
    {
        int status = 200;
        QByteArray contentType;
        QByteArray body;
    };

    using Handler = std::function<Reply(const Request &)>;

    explicit FakeApiServer(Handler handler, QObject *parent = nullptr);

    bool listen(); // on a free loopback port
    quint16 port() const { return m_server.serverPort(); }
    const QList<Request> &requests() const { return m_requests; }

private:
    void acceptConnections();
    void serve(QTcpSocket *socket);

    QTcpServer m_server;
    Handler m_handler;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace flotilla::api::testing
