// Watch fan-out benchmark behind BENCHMARKS.md (issue 3): N concurrent HTTPS watches on
// one namespace, then M ConfigMap creates at a steady rate; every watcher measures the
// delay from the create being sent to its event arriving.
//
//   bench_watch URL CA_FILE TOKEN [watchers=1000] [events=200] [rate_per_s=100]
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

struct Watcher
{
    QSslSocket *socket = nullptr;
    QByteArray buffer;  // raw bytes not yet de-chunked
    QByteArray payload; // de-chunked stream, not yet split into lines
    bool headersDone = false;
};

// De-chunks what is complete in `w.buffer` into `w.payload`.
void dechunk(Watcher &w)
{
    for (;;) {
        const qsizetype lineEnd = w.buffer.indexOf("\r\n");
        if (lineEnd < 0)
            return;
        bool ok = false;
        const qsizetype size = w.buffer.left(lineEnd).toLongLong(&ok, 16);
        if (!ok || w.buffer.size() < lineEnd + 2 + size + 2)
            return;
        w.payload += w.buffer.mid(lineEnd + 2, size);
        w.buffer.remove(0, lineEnd + 2 + size + 2);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_watch URL CA_FILE TOKEN [watchers] [events] [rate]\n");
        return 2;
    }
    const QUrl url(QString::fromLocal8Bit(argv[1]));
    QFile caFile(QString::fromLocal8Bit(argv[2]));
    caFile.open(QIODevice::ReadOnly);
    const QByteArray token = argv[3];
    const int watcherCount = argc > 4 ? atoi(argv[4]) : 1000;
    const int events = argc > 5 ? atoi(argv[5]) : 200;
    const int rate = argc > 6 ? atoi(argv[6]) : 100;

    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromData(caFile.readAll()));
    const QString ns = QStringLiteral("watchbench");

    auto request = [&](const QByteArray &method, const QByteArray &path,
                       const QByteArray &body) -> QByteArray {
        QByteArray text = method + ' ' + path + " HTTP/1.1\r\nHost: " + url.host().toUtf8() +
                          "\r\nAuthorization: Bearer " + token + "\r\nAccept: application/json\r\n";
        if (!body.isEmpty())
            text += "Content-Type: application/json\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\n";
        return text + "\r\n" + body;
    };

    std::vector<qint64> delays;
    delays.reserve(size_t(watcherCount) * size_t(events));
    int connected = 0;
    qint64 received = 0;
    std::vector<Watcher> watchers(static_cast<size_t>(watcherCount));

    // The namespace first, through a plain blocking socket.
    QSslSocket setup;
    setup.setSslConfiguration(tls);
    setup.connectToHostEncrypted(url.host(), quint16(url.port()));
    if (!setup.waitForEncrypted(10000)) {
        std::fprintf(stderr, "cannot connect: %s\n", qPrintable(setup.errorString()));
        return 1;
    }
    setup.write(
        request("POST", "/api/v1/namespaces",
                R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"watchbench"}})"));
    setup.waitForReadyRead(10000);
    setup.readAll();

    QSslSocket writer;
    writer.setSslConfiguration(tls);
    writer.connectToHostEncrypted(url.host(), quint16(url.port()));
    writer.waitForEncrypted(10000);
    QObject::connect(&writer, &QSslSocket::readyRead, [&] { writer.readAll(); });

    int sent = 0;
    QTimer sendTimer;
    sendTimer.setInterval(1000 / std::max(1, rate));
    QObject::connect(&sendTimer, &QTimer::timeout, [&] {
        if (sent >= events) {
            sendTimer.stop();
            return;
        }
        const QByteArray body =
            QStringLiteral(
                R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-%1"},"data":{"sentUs":"%2"}})")
                .arg(sent)
                .arg(QDateTime::currentMSecsSinceEpoch() * 1000)
                .toUtf8();
        writer.write(request("POST", "/api/v1/namespaces/watchbench/configmaps", body));
        ++sent;
    });

    const qint64 expected = qint64(watcherCount) * events;
    for (int i = 0; i < watcherCount; ++i) {
        Watcher &w = watchers[size_t(i)];
        w.socket = new QSslSocket(&app);
        w.socket->setSslConfiguration(tls);
        QObject::connect(w.socket, &QSslSocket::encrypted, [&, i] {
            watchers[size_t(i)].socket->write(request(
                "GET", "/api/v1/namespaces/watchbench/configmaps?watch=true&resourceVersion=1",
                {}));
        });
        QObject::connect(w.socket, &QSslSocket::readyRead, [&, i] {
            Watcher &me = watchers[size_t(i)];
            me.buffer += me.socket->readAll();
            if (!me.headersDone) {
                const qsizetype end = me.buffer.indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                me.buffer.remove(0, end + 4);
                me.headersDone = true;
                if (++connected == watcherCount) {
                    std::printf("%d watches open\n", connected);
                    std::fflush(stdout);
                    sendTimer.start();
                }
            }
            dechunk(me);
            qsizetype newline;
            while ((newline = me.payload.indexOf('\n')) >= 0) {
                const QJsonObject event =
                    QJsonDocument::fromJson(me.payload.left(newline)).object();
                me.payload.remove(0, newline + 1);
                const QString sentUs = event.value(QLatin1String("object"))
                                           .toObject()
                                           .value(QLatin1String("data"))
                                           .toObject()
                                           .value(QLatin1String("sentUs"))
                                           .toString();
                if (!sentUs.isEmpty()) {
                    delays.push_back(QDateTime::currentMSecsSinceEpoch() * 1000 -
                                     sentUs.toLongLong());
                    if (++received == expected)
                        QCoreApplication::quit();
                }
            }
        });
        w.socket->connectToHostEncrypted(url.host(), quint16(url.port()));
    }
    QTimer::singleShot(std::max(120'000, events * 1000 / std::max(1, rate) + 60'000), &app, [&] {
        std::fprintf(stderr, "timed out: %lld of %lld events received\n",
                     static_cast<long long>(received), static_cast<long long>(expected));
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    std::sort(delays.begin(), delays.end());
    auto pct = [&](double p) {
        return delays.empty()
                   ? 0.0
                   : double(
                         delays[std::min(delays.size() - 1, size_t(double(delays.size()) * p))]) /
                         1000.0;
    };
    std::printf("watch: %d watchers x %d events: %lld of %lld delivered; delay from send p50 %.1f "
                "ms, p99 %.1f ms, max %.1f ms\n",
                watcherCount, events, static_cast<long long>(received),
                static_cast<long long>(expected), pct(0.5), pct(0.99),
                delays.empty() ? 0.0 : double(delays.back()) / 1000.0);
    return received == expected ? 0 : 1;
}
