#pragma once

#include "api/http/httphandler.h"
#include "api/http/httpheaders.h"
#include "api/http/httpresponse.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>

namespace flotilla::http::testing {

// Tests and server share one thread, so every wait spins the event loop (qWaitFor);
// blocking waitFor* calls would starve the server.
constexpr int waitMs = 5000;

// Records every request; answers with onRequest, or "METHOD path" by default.
class RecordingHandler : public HttpHandler
{
public:
    std::function<void(const HttpRequest &, HttpResponder &)> onRequest;
    QList<HttpRequest> requests;

    void handle(const HttpRequest &request, HttpResponder &responder) override
    {
        requests.append(request);
        if (onRequest)
            onRequest(request, responder);
        else
            responder.respond(
                HttpResponse::plainText(200, request.method + ' ' + request.path.toUtf8()));
    }
};

struct RawResponse
{
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
};

// Takes one complete response off the front of buffer (eof: the peer has closed, which
// ends a body that has neither Content-Length nor chunked framing).
inline std::optional<RawResponse> takeResponse(QByteArray &buffer, bool eof = false)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    RawResponse response;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    if (lines.isEmpty() || !lines.first().startsWith("HTTP/1.1 "))
        return std::nullopt;
    response.status = lines.first().mid(9, 3).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        response.headers.add(line.left(colon), line.mid(colon + 1).trimmed());
    }
    qsizetype pos = headEnd + 4;
    if (!HttpResponse::statusAllowsBody(response.status)) {
        // no body
    } else if (response.headers.hasToken("Transfer-Encoding", "chunked")) {
        while (true) {
            const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return std::nullopt;
            bool ok = false;
            const qsizetype size = buffer.mid(pos, lineEnd - pos).toLongLong(&ok, 16);
            if (!ok)
                return std::nullopt;
            if (size == 0) {
                if (buffer.size() < lineEnd + 4)
                    return std::nullopt;
                pos = lineEnd + 4;
                break;
            }
            if (buffer.size() < lineEnd + 2 + size + 2)
                return std::nullopt;
            response.body += buffer.mid(lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
    } else if (response.headers.contains("Content-Length")) {
        const qsizetype length = response.headers.value("Content-Length").toLongLong();
        if (buffer.size() < pos + length)
            return std::nullopt;
        response.body = buffer.mid(pos, length);
        pos += length;
    } else {
        if (!eof)
            return std::nullopt;
        response.body = buffer.mid(pos);
        pos = buffer.size();
    }
    buffer.remove(0, pos);
    return response;
}

// A client socket that collects what it receives.
class TestClient
{
public:
    explicit TestClient(std::unique_ptr<QTcpSocket> socket)
        : m_socket(std::move(socket))
    {
        QObject::connect(m_socket.get(), &QTcpSocket::readyRead, m_socket.get(),
                         [this] { m_buffer += m_socket->readAll(); });
        QObject::connect(m_socket.get(), &QTcpSocket::disconnected, m_socket.get(),
                         [this] { m_disconnected = true; });
    }

    static std::unique_ptr<TestClient> plain(quint16 port)
    {
        auto client = std::make_unique<TestClient>(std::make_unique<QTcpSocket>());
        client->m_socket->connectToHost(QHostAddress::LocalHost, port);
        if (!QTest::qWaitFor(
                [&] { return client->m_socket->state() == QAbstractSocket::ConnectedState; },
                waitMs))
            return nullptr;
        return client;
    }

    // Trusts exactly caCertificates; optionally presents a client certificate.
    static std::unique_ptr<TestClient>
    tls(quint16 port, const QList<QSslCertificate> &caCertificates,
        const QSslCertificate &clientCertificate = QSslCertificate(),
        const QSslKey &clientKey = QSslKey())
    {
        auto socket = std::make_unique<QSslSocket>();
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(caCertificates);
        if (!clientCertificate.isNull()) {
            configuration.setLocalCertificate(clientCertificate);
            configuration.setPrivateKey(clientKey);
        }
        socket->setSslConfiguration(configuration);
        socket->setPeerVerifyName(QStringLiteral("localhost"));
        QSslSocket *raw = socket.get();
        auto client = std::make_unique<TestClient>(std::move(socket));
        raw->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        if (!QTest::qWaitFor([&] { return raw->isEncrypted() || client->m_disconnected; },
                             waitMs) ||
            !raw->isEncrypted())
            return nullptr;
        return client;
    }

    void send(const QByteArray &bytes) { m_socket->write(bytes); }

    std::optional<RawResponse> waitResponse(int timeoutMs = waitMs)
    {
        std::optional<RawResponse> response;
        [[maybe_unused]] const bool done = QTest::qWaitFor(
            [&] {
                response = takeResponse(m_buffer, m_disconnected);
                return response.has_value();
            },
            timeoutMs);
        return response;
    }

    bool waitDisconnected(int timeoutMs = waitMs)
    {
        return QTest::qWaitFor([&] { return m_disconnected; }, timeoutMs);
    }

    bool waitForBytes(const QByteArray &needle, int timeoutMs = waitMs)
    {
        return QTest::qWaitFor([&] { return m_buffer.contains(needle); }, timeoutMs);
    }

    QByteArray &buffer() { return m_buffer; }
    QTcpSocket *socket() { return m_socket.get(); }
    bool isDisconnected() const { return m_disconnected; }

private:
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
    bool m_disconnected = false;
};

struct SelfSigned
{
    QString certificatePath;
    QString keyPath;
    QSslCertificate certificate;
    QSslKey key;
};

// A throwaway P-256 certificate from the openssl CLI; nullopt (with why) if it fails.
inline std::optional<SelfSigned> makeSelfSigned(const QString &dir, const QString &name,
                                                const QString &subject, QString *why)
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        *why = QStringLiteral("openssl not found");
        return std::nullopt;
    }
    SelfSigned out;
    out.certificatePath = QDir(dir).filePath(name + QStringLiteral("-cert.pem"));
    out.keyPath = QDir(dir).filePath(name + QStringLiteral("-key.pem"));
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(openssl,
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                   QStringLiteral("-keyout"), out.keyPath, QStringLiteral("-out"),
                   out.certificatePath, QStringLiteral("-days"), QStringLiteral("1"),
                   QStringLiteral("-subj"), subject, QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1")});
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        *why = QStringLiteral("openssl failed: ") + QString::fromLocal8Bit(process.readAll());
        return std::nullopt;
    }
    QFile certificateFile(out.certificatePath);
    QFile keyFile(out.keyPath);
    if (!certificateFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot read what openssl wrote");
        return std::nullopt;
    }
    out.certificate = QSslCertificate(certificateFile.readAll(), QSsl::Pem);
    out.key = QSslKey(keyFile.readAll(), QSsl::Ec, QSsl::Pem);
    if (out.certificate.isNull() || out.key.isNull()) {
        *why = QStringLiteral("Qt cannot load the generated certificate or key");
        return std::nullopt;
    }
    return out;
}

} // namespace flotilla::http::testing
