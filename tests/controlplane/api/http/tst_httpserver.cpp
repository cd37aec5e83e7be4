#include "api/http/httpserver.h"

#include "common/clock.h"
#include "httptesthelpers.h"

#include <QLoggingCategory>
#include <QTest>
#include <QTimer>

using namespace flotilla;
using namespace flotilla::http;
using namespace flotilla::http::testing;
using namespace std::chrono_literals;

namespace {

QByteArray get(const QByteArray &path, const QByteArray &extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "\r\n";
}

} // namespace

// Plain-TCP server behaviour over real loopback sockets; TLS is tst_httpserver_tls.
class TestHttpServer : public QObject
{
    Q_OBJECT

    std::unique_ptr<HttpServer> startServer(RecordingHandler &handler,
                                            HttpServerOptions options = {})
    {
        options.clock = &m_clock;
        auto server = std::make_unique<HttpServer>(handler, options);
        const Result<void> listening = server->listen(QHostAddress::LocalHost, 0);
        if (!listening.ok())
            qWarning() << listening.error().toString();
        return listening.ok() ? std::move(server) : nullptr;
    }

    ManualClock m_clock{784111777000};

private slots:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("flotilla.*.info=false"));
    }

    void keepAliveServesTwoRequestsOnOneConnection()
    {
        RecordingHandler handler;
        auto server = startServer(handler);
        QVERIFY(server);
        QVERIFY(server->serverPort() != 0);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);

        client->send(get("/first?a=b"));
        std::optional<RawResponse> first = client->waitResponse();
        QVERIFY(first);
        QCOMPARE(first->status, 200);
        QCOMPARE(first->body, QByteArray("GET /first"));
        QCOMPARE(first->headers.value("Date"), QByteArray("Sun, 06 Nov 1994 08:49:37 GMT"));
        QVERIFY(!first->headers.contains("Connection"));

        client->send(get("/second"));
        std::optional<RawResponse> second = client->waitResponse();
        QVERIFY(second);
        QCOMPARE(second->body, QByteArray("GET /second"));
        QVERIFY(!client->isDisconnected());
        QCOMPARE(server->connectionCount(), 1);

        QCOMPARE(handler.requests.size(), 2);
        const HttpRequest &request = handler.requests.first();
        QCOMPARE(request.remoteAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(request.remotePort, client->socket()->localPort());
        QCOMPARE(request.queryItemValue(u"a"), QStringLiteral("b"));
        QVERIFY(!request.secure);
        QVERIFY(request.peerCertificateChain.isEmpty());
        QCOMPARE(handler.requests.at(1).remotePort, request.remotePort);
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        RecordingHandler handler;
        // /slow answers later, /fast at once: the order on the wire must still be the
        // order of the requests.
        handler.onRequest = [](const HttpRequest &request, HttpResponder &responder) {
            if (request.path == QStringLiteral("/slow")) {
                std::shared_ptr<HttpResponder> later = responder.share();
                QTimer::singleShot(30ms, [later] { later->respond(HttpResponse(200, "slow")); });
            } else {
                responder.respond(HttpResponse(200, request.path.toUtf8()));
            }
        };
        auto server = startServer(handler);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send(get("/slow") + get("/fast") + get("/slow") +
                     "POST /body HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc" +
                     get("/last"));
        QList<QByteArray> bodies;
        for (int i = 0; i < 5; ++i) {
            std::optional<RawResponse> response = client->waitResponse();
            QVERIFY(response);
            bodies.append(response->body);
        }
        QCOMPARE(bodies, (QList<QByteArray>{"slow", "/fast", "slow", "/body", "/last"}));
        QCOMPARE(handler.requests.at(3).body, QByteArray("abc"));
    }

    void deepPipelineIsThrottledAndKeepsOrder()
    {
        RecordingHandler handler;
        handler.onRequest = [](const HttpRequest &request, HttpResponder &responder) {
            std::shared_ptr<HttpResponder> later = responder.share();
            const QByteArray body = request.path.toUtf8();
            QTimer::singleShot(1ms, [later, body] { later->respond(HttpResponse(200, body)); });
        };
        HttpServerOptions options;
        options.maxQueuedRequests = 4;
        auto server = startServer(handler, options);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        QByteArray burst;
        for (int i = 0; i < 200; ++i)
            burst += get("/" + QByteArray::number(i) + '/' + QByteArray(2000, 'p'));
        client->send(burst);
        for (int i = 0; i < 200; ++i) {
            std::optional<RawResponse> response = client->waitResponse();
            QVERIFY(response);
            QVERIFY(response->body.startsWith(QByteArray("/" + QByteArray::number(i) + '/')));
        }
    }

    void chunkedStreamIsReadIncrementally()
    {
        RecordingHandler handler;
        std::shared_ptr<HttpResponder> stream;
        handler.onRequest = [&](const HttpRequest &, HttpResponder &responder) {
            HttpResponse head(200);
            head.headers().add("Content-Type", "application/json");
            QVERIFY(responder.startStream(head));
            QVERIFY(responder.writeChunk("{\"type\":\"ADDED\"}\n"));
            stream = responder.share();
        };
        auto server = startServer(handler);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send(get("/api/v1/pods?watch=1"));

        // The head and the first event arrive while the stream is still open.
        QVERIFY(client->waitForBytes("11\r\n{\"type\":\"ADDED\"}\n\r\n"));
        QVERIFY(client->buffer().startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(client->buffer().contains("Transfer-Encoding: chunked\r\n"));
        QVERIFY(!client->waitResponse(50)); // not complete: no last chunk yet
        QVERIFY(stream && stream->isStreaming());

        QVERIFY(stream->writeChunk("{\"type\":\"MODIFIED\"}\n"));
        QVERIFY(client->waitForBytes("{\"type\":\"MODIFIED\"}\n"));
        QVERIFY(stream->finish());
        QVERIFY(!stream->writeChunk("late"));
        std::optional<RawResponse> response = client->waitResponse();
        QVERIFY(response);
        QCOMPARE(response->body, QByteArray("{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"}\n"));

        // The connection is reusable after the stream ended.
        handler.onRequest = nullptr;
        client->send(get("/after"));
        response = client->waitResponse();
        QVERIFY(response);
        QCOMPARE(response->body, QByteArray("GET /after"));
    }

    void disconnectReachesTheHandler()
    {
        RecordingHandler handler;
        std::shared_ptr<HttpResponder> stream;
        bool told = false;
        handler.onRequest = [&](const HttpRequest &, HttpResponder &responder) {
            responder.startStream(HttpResponse(200));
            responder.setDisconnectHandler([&] { told = true; });
            stream = responder.share();
        };
        auto server = startServer(handler);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send(get("/watch"));
        QVERIFY(QTest::qWaitFor([&] { return stream != nullptr; }, waitMs));
        QVERIFY(stream->isConnected());

        client->socket()->abort();
        QTRY_VERIFY_WITH_TIMEOUT(told, waitMs);
        QVERIFY(!stream->isConnected());
        QVERIFY(!stream->writeChunk("x"));
        QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 0, waitMs);

        // A handler registered after the fact is called at once.
        bool late = false;
        stream->setDisconnectHandler([&] { late = true; });
        QVERIFY(late);
    }

    void serverCloseTellsOpenStreams()
    {
        RecordingHandler handler;
        std::shared_ptr<HttpResponder> stream;
        bool told = false;
        handler.onRequest = [&](const HttpRequest &, HttpResponder &responder) {
            responder.startStream(HttpResponse(200));
            responder.setDisconnectHandler([&] { told = true; });
            stream = responder.share();
        };
        auto server = startServer(handler);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send(get("/watch"));
        QVERIFY(QTest::qWaitFor([&] { return stream != nullptr; }, waitMs));
        server.reset();
        QVERIFY(told);
        QVERIFY(client->waitDisconnected());
    }

    void idleConnectionIsClosed()
    {
        RecordingHandler handler;
        HttpServerOptions options;
        options.idleTimeout = 50ms;
        auto server = startServer(handler, options);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send(get("/"));
        QVERIFY(client->waitResponse());
        QVERIFY(client->waitDisconnected(2000));
        QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 0, waitMs);

        // A connection that never sends anything is idle too.
        auto silent = TestClient::plain(server->serverPort());
        QVERIFY(silent);
        QVERIFY(silent->waitDisconnected(2000));
    }

    void longStreamIsNotIdle()
    {
        RecordingHandler handler;
        std::shared_ptr<HttpResponder> stream;
        handler.onRequest = [&](const HttpRequest &, HttpResponder &responder) {
            responder.startStream(HttpResponse(200));
            stream = responder.share();
        };
        HttpServerOptions options;
        options.idleTimeout = 30ms;
        auto server = startServer(handler, options);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send(get("/watch"));
        QVERIFY(QTest::qWaitFor([&] { return stream != nullptr; }, waitMs));
        QTest::qWait(150);
        QVERIFY(!client->isDisconnected());
        QVERIFY(stream->finish());
        QVERIFY(client->waitResponse());
        QVERIFY(client->waitDisconnected(2000)); // idle again after the stream
    }

    void slowRequestTimesOut()
    {
        RecordingHandler handler;
        HttpServerOptions options;
        options.requestTimeout = 50ms;
        options.closeLinger = 50ms;
        auto server = startServer(handler, options);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
        std::optional<RawResponse> response = client->waitResponse(2000);
        QVERIFY(response);
        QCOMPARE(response->status, 408);
        QCOMPARE(response->headers.value("Connection"), QByteArray("close"));
        QVERIFY(client->waitDisconnected(2000));
        QVERIFY(handler.requests.isEmpty());
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("oversize body")
            << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n") << 413;
        QTest::newRow("oversize chunked body")
            << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "3e8\r\n" +
                          QByteArray(1000, 'x') + "\r\n1\r\nx")
            << 413;
        QTest::newRow("garbage") << QByteArray("\x16\x03\x01 hello tls?\r\n\r\n") << 400;
        QTest::newRow("bad version") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
        QTest::newRow("gzip coding")
            << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n") << 501;
        QTest::newRow("long target") << "GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\n" << 414;
        QTest::newRow("huge header") << "GET / HTTP/1.1\r\nX: " + QByteArray(70000, 'a') << 431;
    }

    void errors()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        RecordingHandler handler;
        HttpServerOptions options;
        options.limits.maxBodyBytes = 1000;
        options.closeLinger = 100ms;
        auto server = startServer(handler, options);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        // A good request first: the error must come after its response, in order.
        client->send(get("/ok") + request);
        std::optional<RawResponse> ok = client->waitResponse();
        QVERIFY(ok);
        QCOMPARE(ok->status, 200);
        std::optional<RawResponse> response = client->waitResponse();
        QVERIFY(response);
        QCOMPARE(response->status, status);
        QCOMPARE(response->headers.value("Connection"), QByteArray("close"));
        QCOMPARE(response->headers.value("Content-Type"), QByteArray("text/plain; charset=utf-8"));
        QVERIFY(!response->body.isEmpty());
        QVERIFY(client->waitDisconnected(2000));
        QCOMPARE(handler.requests.size(), 1);
    }

    void unansweredRequestGets500()
    {
        RecordingHandler handler;
        handler.onRequest = [](const HttpRequest &, HttpResponder &) {};
        auto server = startServer(handler);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send(get("/"));
        std::optional<RawResponse> response = client->waitResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 500);
        QVERIFY(!client->isDisconnected());
    }

    void respondOnlyOnce()
    {
        RecordingHandler handler;
        bool second = true;
        handler.onRequest = [&](const HttpRequest &, HttpResponder &responder) {
            QVERIFY(responder.respond(HttpResponse(201)));
            second = responder.respond(HttpResponse(202));
            QVERIFY(!responder.startStream(HttpResponse(200)));
        };
        auto server = startServer(handler);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send(get("/"));
        std::optional<RawResponse> response = client->waitResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 201);
        QVERIFY(!second);
        QVERIFY(!client->waitResponse(50));
    }

    void connectionCloseAndHttp10()
    {
        RecordingHandler handler;
        auto server = startServer(handler);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send(get("/", "Connection: close\r\n"));
        std::optional<RawResponse> response = client->waitResponse();
        QVERIFY(response);
        QCOMPARE(response->headers.value("Connection"), QByteArray("close"));
        QVERIFY(client->waitDisconnected());

        auto old = TestClient::plain(server->serverPort());
        QVERIFY(old);
        old->send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        response = old->waitResponse();
        QVERIFY(response);
        QCOMPARE(response->headers.value("Connection"), QByteArray("keep-alive"));
        old->send("GET /b HTTP/1.0\r\n\r\n");
        response = old->waitResponse();
        QVERIFY(response);
        QCOMPARE(response->body, QByteArray("GET /b"));
        QVERIFY(old->waitDisconnected());
    }

    void headRequestHasNoBody()
    {
        RecordingHandler handler;
        auto server = startServer(handler);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send("HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n" + get("/y"));
        QVERIFY(client->waitForBytes("GET /y"));
        QVERIFY(client->buffer().startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(client->buffer().contains("Content-Length: 7\r\n\r\nHTTP/1.1 200 OK"));
    }

    void expectContinue()
    {
        RecordingHandler handler;
        auto server = startServer(handler);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send(
            "PUT /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        QVERIFY(client->waitForBytes("HTTP/1.1 100 Continue\r\n\r\n"));
        client->buffer().clear();
        client->send("ok");
        std::optional<RawResponse> response = client->waitResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(handler.requests.first().body, QByteArray("ok"));
    }

    void perAddressConnectionCap()
    {
        RecordingHandler handler;
        HttpServerOptions options;
        options.maxConnectionsPerAddress = 2;
        auto server = startServer(handler, options);
        QVERIFY(server);
        auto first = TestClient::plain(server->serverPort());
        auto second = TestClient::plain(server->serverPort());
        QVERIFY(first && second);
        QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 2, waitMs);
        auto third = TestClient::plain(server->serverPort());
        QVERIFY(third);
        QVERIFY(third->waitDisconnected());
        QCOMPARE(server->connectionCount(), 2);

        // A freed slot can be used again.
        first->socket()->abort();
        QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 1, waitMs);
        auto fourth = TestClient::plain(server->serverPort());
        QVERIFY(fourth);
        fourth->send(get("/"));
        QVERIFY(fourth->waitResponse());
    }

    void totalConnectionCap()
    {
        RecordingHandler handler;
        HttpServerOptions options;
        options.maxConnections = 1;
        auto server = startServer(handler, options);
        QVERIFY(server);
        auto first = TestClient::plain(server->serverPort());
        QVERIFY(first);
        QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 1, waitMs);
        auto second = TestClient::plain(server->serverPort());
        QVERIFY(second);
        QVERIFY(second->waitDisconnected());
        first->send(get("/"));
        QVERIFY(first->waitResponse());
    }

    void slowReaderIsDropped()
    {
        RecordingHandler handler;
        std::shared_ptr<HttpResponder> stream;
        bool told = false;
        handler.onRequest = [&](const HttpRequest &, HttpResponder &responder) {
            responder.startStream(HttpResponse(200));
            responder.setDisconnectHandler([&] { told = true; });
            stream = responder.share();
        };
        HttpServerOptions options;
        options.maxPendingWriteBytes = 64 * 1024;
        auto server = startServer(handler, options);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->socket()->setReadBufferSize(1); // and never read: the kernel buffers fill
        QObject::disconnect(client->socket(), &QTcpSocket::readyRead, nullptr, nullptr);
        client->send(get("/watch"));
        QVERIFY(QTest::qWaitFor([&] { return stream != nullptr; }, waitMs));
        const QByteArray event(16 * 1024, 'e');
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (int i = 0; i < 4 && stream->isConnected(); ++i)
                    stream->writeChunk(event);
                return !stream->isConnected();
            },
            20000));
        QVERIFY(told);
    }

    void listenFailureIsAnError()
    {
        RecordingHandler handler;
        auto server = startServer(handler);
        QVERIFY(server);
        HttpServer second(handler);
        const Result<void> result = second.listen(QHostAddress::LocalHost, server->serverPort());
        QVERIFY(!result.ok());
        QVERIFY(result.error().message.contains(QString::number(server->serverPort())));
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
