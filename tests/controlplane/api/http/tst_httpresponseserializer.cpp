#include "api/http/httpparsefailure.h"
#include "api/http/httpresponseserializer.h"

#include <QRegularExpression>
#include <QTest>

using namespace flotilla::http;

class TestHttpResponseSerializer : public QObject
{
    Q_OBJECT

private slots:
    void serialize_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("reason");
        QTest::addColumn<QList<QByteArray>>("headers"); // name, value, name, value…
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("headRequest");
        QTest::addColumn<QByteArray>("expected");

        QTest::newRow("200 with body")
            << 200 << QByteArray() << QList<QByteArray>{"Content-Type", "application/json"}
            << QByteArray("{}") << false
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "Content-Length: 2\r\n\r\n{}");
        QTest::newRow("empty body still has Content-Length")
            << 404 << QByteArray() << QList<QByteArray>() << QByteArray() << false
            << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        QTest::newRow("HEAD keeps the length, drops the body")
            << 200 << QByteArray() << QList<QByteArray>() << QByteArray("hello") << true
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
        QTest::newRow("204 has no body and no length")
            << 204 << QByteArray() << QList<QByteArray>() << QByteArray("ignored") << false
            << QByteArray("HTTP/1.1 204 No Content\r\n\r\n");
        QTest::newRow("304 likewise")
            << 304 << QByteArray() << QList<QByteArray>{"ETag", "\"1\""} << QByteArray() << false
            << QByteArray("HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\n\r\n");
        QTest::newRow("custom reason, repeated headers in order")
            << 299 << QByteArray("Fine")
            << QList<QByteArray>{"Set-Cookie", "a=1", "Set-Cookie", "b=2"} << QByteArray("x")
            << false
            << QByteArray("HTTP/1.1 299 Fine\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
                          "Content-Length: 1\r\n\r\nx");
        QTest::newRow("unknown code")
            << 599 << QByteArray() << QList<QByteArray>() << QByteArray() << false
            << QByteArray("HTTP/1.1 599 Unknown\r\nContent-Length: 0\r\n\r\n");
        QTest::newRow("framing headers are the serializer's")
            << 200 << QByteArray()
            << QList<QByteArray>{"Content-Length", "99", "Transfer-Encoding", "chunked"}
            << QByteArray("ab") << false
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nab");
        QTest::newRow("header injection is dropped")
            << 200 << QByteArray()
            << QList<QByteArray>{"X-Evil", "a\r\nSet-Cookie: x", "Bad Name", "v", "X-Ok", "fine"}
            << QByteArray() << false
            << QByteArray("HTTP/1.1 200 OK\r\nX-Ok: fine\r\nContent-Length: 0\r\n\r\n");
        QTest::newRow("reason phrase injection falls back")
            << 400 << QByteArray("Bad\r\nX: y") << QList<QByteArray>() << QByteArray() << false
            << QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        QTest::newRow("invalid status becomes 500")
            << 42 << QByteArray() << QList<QByteArray>() << QByteArray() << false
            << QByteArray("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
    }

    void serialize()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, reason);
        QFETCH(QList<QByteArray>, headers);
        QFETCH(QByteArray, body);
        QFETCH(bool, headRequest);
        QFETCH(QByteArray, expected);

        HttpResponse response(status, body);
        if (!reason.isEmpty())
            response.setReasonPhrase(reason);
        for (qsizetype i = 0; i + 1 < headers.size(); i += 2)
            response.headers().add(headers.at(i), headers.at(i + 1));
        // the serializer warns once per dropped header and for a bad status
        const QByteArrayView tag(QTest::currentDataTag());
        const int warnings = tag == "header injection is dropped"  ? 2
                             : tag == "invalid status becomes 500" ? 1
                                                                   : 0;
        for (int i = 0; i < warnings; ++i)
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(".*")));
        QCOMPARE(HttpResponseSerializer::serialize(response, headRequest), expected);
    }

    void streaming()
    {
        HttpResponse head(200);
        head.headers().add("Content-Type", "application/json");
        QByteArray out = HttpResponseSerializer::serializeStreamHead(head);
        out += HttpResponseSerializer::serializeChunk("{\"type\":\"ADDED\"}\n");
        out += HttpResponseSerializer::serializeChunk(QByteArray(26, 'z'));
        out += HttpResponseSerializer::serializeChunk("");
        out += HttpResponseSerializer::serializeLastChunk();
        QCOMPARE(out, QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n"
                                 "11\r\n{\"type\":\"ADDED\"}\n\r\n"
                                 "1a\r\nzzzzzzzzzzzzzzzzzzzzzzzzzz\r\n"
                                 "0\r\n\r\n"));
        // HTTP/1.0: no chunked coding, the body runs to the close
        QCOMPARE(HttpResponseSerializer::serializeStreamHead(HttpResponse(200), false),
                 QByteArray("HTTP/1.1 200 OK\r\n\r\n"));
    }

    void httpDate()
    {
        QCOMPARE(HttpResponseSerializer::formatHttpDate(784111777000),
                 QByteArray("Sun, 06 Nov 1994 08:49:37 GMT"));
        QCOMPARE(HttpResponseSerializer::formatHttpDate(0),
                 QByteArray("Thu, 01 Jan 1970 00:00:00 GMT"));
    }

    void plainText()
    {
        const HttpResponse response = HttpResponse::plainText(413, "too big\n");
        QCOMPARE(HttpResponseSerializer::serialize(response),
                 QByteArray("HTTP/1.1 413 Content Too Large\r\nContent-Type: text/plain; "
                            "charset=utf-8\r\nContent-Length: 8\r\n\r\ntoo big\n"));
    }

    void parseErrorStatuses_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("status");
        QTest::newRow("bad request") << int(HttpParseError::BadRequest) << 400;
        QTest::newRow("too large") << int(HttpParseError::ContentTooLarge) << 413;
        QTest::newRow("headers") << int(HttpParseError::HeaderFieldsTooLarge) << 431;
        QTest::newRow("uri") << int(HttpParseError::UriTooLong) << 414;
        QTest::newRow("coding") << int(HttpParseError::NotImplemented) << 501;
        QTest::newRow("version") << int(HttpParseError::VersionNotSupported) << 505;
    }

    void parseErrorStatuses()
    {
        QFETCH(int, error);
        QFETCH(int, status);
        const auto parseError = static_cast<HttpParseError>(error);
        QCOMPARE(httpStatusFor(parseError), status);
        QCOMPARE((HttpParseFailure{parseError, {}}.status()), status);
    }
};

QTEST_GUILESS_MAIN(TestHttpResponseSerializer)
#include "tst_httpresponseserializer.moc"
