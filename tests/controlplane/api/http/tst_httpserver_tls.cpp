#include "api/http/httpserver.h"

#include "httptesthelpers.h"

#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace flotilla;
using namespace flotilla::http;
using namespace flotilla::http::testing;
using namespace std::chrono_literals;

// The server over TLS: Qt clients with and without client certificates, and curl.
class TestHttpServerTls : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<SelfSigned> m_server;  // CN=localhost, the serving certificate
    std::optional<SelfSigned> m_alice;   // a client certificate the server trusts
    std::optional<SelfSigned> m_mallory; // one it does not

    std::unique_ptr<HttpServer> startServer(RecordingHandler &handler,
                                            const QList<QSslCertificate> &clientCas = {},
                                            HttpServerOptions options = {})
    {
        options.tls =
            HttpServer::tlsConfiguration({m_server->certificate}, m_server->key, clientCas);
        auto server = std::make_unique<HttpServer>(handler, options);
        if (!server->listen(QHostAddress::LocalHost, 0).ok())
            return nullptr;
        return server;
    }

    // Runs a program without blocking the event loop the server needs.
    static std::pair<int, QByteArray> run(const QString &program, const QStringList &arguments)
    {
        QProcess process;
        process.start(program, arguments);
        [[maybe_unused]] const bool done =
            QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000);
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
            return {-1, QByteArrayLiteral("timed out")};
        }
        return {process.exitCode(),
                process.readAllStandardOutput() + process.readAllStandardError()};
    }

private slots:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("flotilla.*.info=false"));
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        QVERIFY(m_dir.isValid());
        QString why;
        m_server = makeSelfSigned(m_dir.path(), QStringLiteral("server"),
                                  QStringLiteral("/CN=localhost"), &why);
        if (!m_server && why.contains(QStringLiteral("not found")))
            QSKIP("openssl CLI not installed");
        QVERIFY2(m_server, qPrintable(why));
        m_alice = makeSelfSigned(m_dir.path(), QStringLiteral("alice"),
                                 QStringLiteral("/O=devs/CN=alice"), &why);
        QVERIFY2(m_alice, qPrintable(why));
        m_mallory = makeSelfSigned(m_dir.path(), QStringLiteral("mallory"),
                                   QStringLiteral("/CN=mallory"), &why);
        QVERIFY2(m_mallory, qPrintable(why));
    }

    void requestOverTls()
    {
        RecordingHandler handler;
        auto server = startServer(handler);
        QVERIFY(server);
        QVERIFY(server->isSecure());
        auto client = TestClient::tls(server->serverPort(), {m_server->certificate});
        QVERIFY(client);
        client->send("GET /version HTTP/1.1\r\nHost: localhost\r\n\r\n");
        std::optional<RawResponse> response = client->waitResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, QByteArray("GET /version"));
        client->send("GET /again HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QVERIFY(client->waitResponse());
        QCOMPARE(handler.requests.size(), 2);
        QVERIFY(handler.requests.first().secure);
        QVERIFY(handler.requests.first().peerCertificateChain.isEmpty());
        QCOMPARE(server->connectionCount(), 1);
    }

    void clientCertificates()
    {
        RecordingHandler handler;
        auto server = startServer(handler, {m_alice->certificate});
        QVERIFY(server);

        auto alice = TestClient::tls(server->serverPort(), {m_server->certificate},
                                     m_alice->certificate, m_alice->key);
        QVERIFY(alice);
        alice->send("GET /whoami HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QVERIFY(alice->waitResponse());
        QCOMPARE(handler.requests.size(), 1);
        const QList<QSslCertificate> chain = handler.requests.first().peerCertificateChain;
        QVERIFY(!chain.isEmpty());
        QCOMPARE(chain.first().subjectInfo(QSslCertificate::CommonName),
                 QStringList{QStringLiteral("alice")});

        // No certificate: still served (it would authenticate with a bearer token).
        auto anonymous = TestClient::tls(server->serverPort(), {m_server->certificate});
        QVERIFY(anonymous);
        anonymous->send("GET /whoami HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QVERIFY(anonymous->waitResponse());
        QCOMPARE(handler.requests.size(), 2);
        QVERIFY(handler.requests.at(1).peerCertificateChain.isEmpty());

        // A certificate the server does not trust fails the handshake.
        auto mallory = TestClient::tls(server->serverPort(), {m_server->certificate},
                                       m_mallory->certificate, m_mallory->key);
        if (mallory) {
            // TLS 1.3: the client believes it is done before the server has judged it.
            mallory->send("GET /whoami HTTP/1.1\r\nHost: localhost\r\n\r\n");
            QVERIFY(mallory->waitDisconnected());
        }
        QCOMPARE(handler.requests.size(), 2);
    }

    void handshakeTimeout()
    {
        RecordingHandler handler;
        HttpServerOptions options;
        options.tlsHandshakeTimeout = 100ms;
        auto server = startServer(handler, {}, options);
        QVERIFY(server);
        auto silent = TestClient::plain(server->serverPort());
        QVERIFY(silent);
        QVERIFY(silent->waitDisconnected(3000));
    }

    void plainHttpOnTlsPortIsDropped()
    {
        RecordingHandler handler;
        HttpServerOptions options;
        options.tlsHandshakeTimeout = 500ms;
        auto server = startServer(handler, {}, options);
        QVERIFY(server);
        auto client = TestClient::plain(server->serverPort());
        QVERIFY(client);
        client->send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QVERIFY(client->waitDisconnected(3000));
        QVERIFY(handler.requests.isEmpty());
    }

    void curlKeepAliveAndBigUpload()
    {
        const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
        if (curl.isEmpty())
            QSKIP("curl not installed");
        RecordingHandler handler;
        handler.onRequest = [](const HttpRequest &request, HttpResponder &responder) {
            responder.respond(HttpResponse::plainText(
                200, request.path.toUtf8() + ' ' + QByteArray::number(request.body.size()) + '\n'));
        };
        auto server = startServer(handler);
        QVERIFY(server);
        const QString host = QStringLiteral("localhost:%1").arg(server->serverPort());
        const QStringList common{QStringLiteral("-sS"),       QStringLiteral("--fail"),
                                 QStringLiteral("--cacert"),  m_server->certificatePath,
                                 QStringLiteral("--resolve"), host + QStringLiteral(":127.0.0.1")};

        // Two URLs in one run: curl reuses the connection.
        auto [code, output] = run(
            curl, common + QStringList{QStringLiteral("https://") + host + QStringLiteral("/a?x=1"),
                                       QStringLiteral("https://") + host + QStringLiteral("/b")});
        QVERIFY2(code == 0, output.constData());
        QCOMPARE(output, QByteArray("/a 0\n/b 0\n"));
        QCOMPARE(handler.requests.size(), 2);
        QCOMPARE(handler.requests.at(0).remotePort, handler.requests.at(1).remotePort);
        QCOMPARE(handler.requests.at(0).queryItemValue(u"x"), QStringLiteral("1"));

        // 2 MiB makes curl ask "Expect: 100-continue" first.
        const QString bodyPath = m_dir.filePath(QStringLiteral("body.bin"));
        QFile body(bodyPath);
        QVERIFY(body.open(QIODevice::WriteOnly));
        body.write(QByteArray(2 * 1024 * 1024, 'b'));
        body.close();
        std::tie(code, output) = run(
            curl,
            common + QStringList{QStringLiteral("--data-binary"), QLatin1Char('@') + bodyPath,
                                 QStringLiteral("https://") + host + QStringLiteral("/upload")});
        QVERIFY2(code == 0, output.constData());
        QCOMPARE(output, QByteArray("/upload 2097152\n"));
        QVERIFY(handler.requests.last().headers.hasToken("Expect", "100-continue"));
    }

    void curlReadsAStream()
    {
        const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
        if (curl.isEmpty())
            QSKIP("curl not installed");
        RecordingHandler handler;
        handler.onRequest = [](const HttpRequest &, HttpResponder &responder) {
            responder.startStream(HttpResponse(200));
            std::shared_ptr<HttpResponder> stream = responder.share();
            for (int i = 1; i <= 3; ++i) {
                QTimer::singleShot(i * 20ms, [stream, i] {
                    stream->writeChunk(QByteArray("event " + QByteArray::number(i) + '\n'));
                    if (i == 3)
                        stream->finish();
                });
            }
        };
        auto server = startServer(handler);
        QVERIFY(server);
        const QString host = QStringLiteral("localhost:%1").arg(server->serverPort());
        auto [code, output] =
            run(curl, {QStringLiteral("-sSN"), QStringLiteral("--fail"), QStringLiteral("--cacert"),
                       m_server->certificatePath, QStringLiteral("--resolve"),
                       host + QStringLiteral(":127.0.0.1"),
                       QStringLiteral("https://") + host + QStringLiteral("/watch")});
        QVERIFY2(code == 0, output.constData());
        QCOMPARE(output, QByteArray("event 1\nevent 2\nevent 3\n"));
    }

    void curlGetsParseErrors()
    {
        const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
        if (curl.isEmpty())
            QSKIP("curl not installed");
        RecordingHandler handler;
        HttpServerOptions options;
        options.limits.maxBodyBytes = 10;
        options.closeLinger = 200ms;
        auto server = startServer(handler, {}, options);
        QVERIFY(server);
        const QString host = QStringLiteral("localhost:%1").arg(server->serverPort());
        auto [code, output] =
            run(curl, {QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                       QStringLiteral("-w"), QStringLiteral("%{http_code}"),
                       QStringLiteral("--cacert"), m_server->certificatePath,
                       QStringLiteral("--resolve"), host + QStringLiteral(":127.0.0.1"),
                       QStringLiteral("--data-binary"), QStringLiteral("more than ten bytes"),
                       QStringLiteral("https://") + host + QStringLiteral("/upload")});
        QCOMPARE(output, QByteArray("413"));
        QVERIFY(handler.requests.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHttpServerTls)
#include "tst_httpserver_tls.moc"
