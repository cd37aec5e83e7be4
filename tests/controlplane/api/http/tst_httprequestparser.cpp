#include "api/http/httprequestparser.h"

#include <QRandomGenerator>
#include <QTest>

using namespace flotilla::http;

namespace {

// Feeds input in pieces of the given sizes (cycled), e.g. {1} = one byte at a time.
HttpParseOutcome feedInPieces(const QByteArray &input, const QList<int> &sizes,
                              const HttpParserLimits &limits = {})
{
    HttpRequestParser parser(limits);
    qsizetype pos = 0;
    for (qsizetype i = 0; pos < input.size(); ++i) {
        const qsizetype n = qMin<qsizetype>(sizes.at(i % sizes.size()), input.size() - pos);
        parser.feed(QByteArrayView(input).sliced(pos, n));
        pos += n;
    }
    HttpParseOutcome outcome;
    while (parser.hasRequest())
        outcome.requests.append(parser.takeRequest());
    outcome.failure = parser.failure();
    outcome.incomplete = parser.isMidRequest();
    return outcome;
}

bool sameRequest(const HttpRequest &a, const HttpRequest &b)
{
    return a.method == b.method && a.target == b.target && a.rawPath == b.rawPath &&
           a.path == b.path && a.rawQuery == b.rawQuery && a.queryItems == b.queryItems &&
           a.versionMinor == b.versionMinor && a.headers == b.headers && a.body == b.body &&
           a.keepAlive == b.keepAlive;
}

bool sameOutcome(const HttpParseOutcome &a, const HttpParseOutcome &b)
{
    if (a.requests.size() != b.requests.size() || a.failure != b.failure ||
        a.incomplete != b.incomplete)
        return false;
    for (qsizetype i = 0; i < a.requests.size(); ++i) {
        if (!sameRequest(a.requests.at(i), b.requests.at(i)))
            return false;
    }
    return true;
}

QStringList queryAsList(const HttpRequest &request)
{
    QStringList out;
    for (const HttpQueryItem &item : request.queryItems)
        out.append(item.key + QLatin1Char('=') + item.value);
    return out;
}

} // namespace

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private slots:
    void valid_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("query");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("keepAlive");

        QTest::newRow("GET with query")
            << QByteArray("GET /api/v1/namespaces/default/pods?limit=500&watch=true HTTP/1.1\r\n"
                          "Host: localhost\r\nAccept: application/json\r\n\r\n")
            << QByteArray("GET") << QStringLiteral("/api/v1/namespaces/default/pods")
            << QStringList{QStringLiteral("limit=500"), QStringLiteral("watch=true")}
            << QByteArray() << true;
        QTest::newRow("query decoding: plus, percent, repeated, empty, no value")
            << QByteArray("GET /x?labelSelector=app+in+%28a%2Cb%29&k=1&k=2&&flag HTTP/1.1\r\n"
                          "Host: h\r\n\r\n")
            << QByteArray("GET") << QStringLiteral("/x")
            << QStringList{QStringLiteral("labelSelector=app in (a,b)"), QStringLiteral("k=1"),
                           QStringLiteral("k=2"), QStringLiteral("flag=")}
            << QByteArray() << true;
        QTest::newRow("percent-decoded UTF-8 path")
            << QByteArray("GET /a%20b/%C3%A9 HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("GET")
            << QStringLiteral("/a b/\u00e9") << QStringList() << QByteArray() << true;
        QTest::newRow("POST with Content-Length")
            << QByteArray("POST /api/v1/namespaces HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n"
                          "Content-Type: application/json\r\n\r\n{\"a\":\"bc\"}\n")
            << QByteArray("POST") << QStringLiteral("/api/v1/namespaces") << QStringList()
            << QByteArray("{\"a\":\"bc\"}\n") << true;
        QTest::newRow("chunked body with extension and trailer")
            << QByteArray("PUT /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n"
                          "0\r\nX-Trailer: t\r\n\r\n")
            << QByteArray("PUT") << QStringLiteral("/p") << QStringList()
            << QByteArray("helloabcdefghijklmnopqrstuvwxyz") << true;
        QTest::newRow("Transfer-Encoding case-insensitive")
            << QByteArray("POST /p HTTP/1.1\r\nHost: h\r\ntransfer-encoding: Chunked\r\n\r\n"
                          "3\r\nabc\r\n0\r\n\r\n")
            << QByteArray("POST") << QStringLiteral("/p") << QStringList() << QByteArray("abc")
            << true;
        QTest::newRow("repeated identical Content-Length")
            << QByteArray("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n"
                          "Content-Length: 003\r\n\r\nabc")
            << QByteArray("POST") << QStringLiteral("/p") << QStringList() << QByteArray("abc")
            << true;
        QTest::newRow("bare LF line endings and leading empty line")
            << QByteArray("\r\nGET / HTTP/1.1\nHost: h\n\n") << QByteArray("GET")
            << QStringLiteral("/") << QStringList() << QByteArray() << true;
        QTest::newRow("Connection: close")
            << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
            << QByteArray("GET") << QStringLiteral("/") << QStringList() << QByteArray() << false;
        QTest::newRow("HTTP/1.0 closes by default, no Host needed")
            << QByteArray("GET / HTTP/1.0\r\n\r\n") << QByteArray("GET") << QStringLiteral("/")
            << QStringList() << QByteArray() << false;
        QTest::newRow("HTTP/1.0 keep-alive")
            << QByteArray("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << QByteArray("GET")
            << QStringLiteral("/") << QStringList() << QByteArray() << true;
        QTest::newRow("absolute-form target")
            << QByteArray("GET https://example.com:6443/version?x=1 HTTP/1.1\r\nHost: h\r\n\r\n")
            << QByteArray("GET") << QStringLiteral("/version") << QStringList{QStringLiteral("x=1")}
            << QByteArray() << true;
        QTest::newRow("OPTIONS *")
            << QByteArray("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("OPTIONS")
            << QStringLiteral("*") << QStringList() << QByteArray() << true;
        QTest::newRow("HTTP/1.9 is answered as 1.1")
            << QByteArray("GET / HTTP/1.9\r\nHost: h\r\n\r\n") << QByteArray("GET")
            << QStringLiteral("/") << QStringList() << QByteArray() << true;
    }

    void valid()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QStringList, query);
        QFETCH(QByteArray, body);
        QFETCH(bool, keepAlive);

        const HttpParseOutcome whole = parseHttpRequests(input);
        QVERIFY2(!whole.failure, whole.failure ? whole.failure->reason.constData() : "");
        QVERIFY(!whole.incomplete);
        QCOMPARE(whole.requests.size(), 1);
        const HttpRequest &request = whole.requests.first();
        QCOMPARE(request.method, method);
        QCOMPARE(request.path, path);
        QCOMPARE(queryAsList(request), query);
        QCOMPARE(request.body, body);
        QCOMPARE(request.keepAlive, keepAlive);

        // The same bytes in any split give the same request.
        for (const QList<int> &sizes : {QList<int>{1}, QList<int>{2, 3}, QList<int>{7, 1, 13}})
            QVERIFY(sameOutcome(feedInPieces(input, sizes), whole));
    }

    void headersAreCaseInsensitiveAndRepeatable()
    {
        const HttpParseOutcome outcome = parseHttpRequests(
            "GET / HTTP/1.1\r\nhost: h\r\nAccept: a\r\nX-Multi: 1\r\nx-multi:  2 \r\n\r\n");
        QCOMPARE(outcome.requests.size(), 1);
        const HttpHeaders &headers = outcome.requests.first().headers;
        QCOMPARE(headers.value("HOST"), QByteArray("h"));
        QCOMPARE(headers.values("X-MULTI"), (QList<QByteArray>{"1", "2"}));
        QCOMPARE(headers.combinedValue("x-multi"), QByteArray("1, 2"));
        QCOMPARE(headers.fields().at(3).name, QByteArray("x-multi")); // spelling kept
    }

    void rawQueryValuesAreKept()
    {
        const HttpParseOutcome outcome =
            parseHttpRequests("GET /p?fieldSelector=a%3Db+c&e HTTP/1.1\r\nHost: h\r\n\r\n");
        QCOMPARE(outcome.requests.size(), 1);
        const HttpRequest &request = outcome.requests.first();
        QCOMPARE(request.rawQuery, QByteArray("fieldSelector=a%3Db+c&e"));
        QCOMPARE(request.queryItems.first().rawValue, QByteArray("a%3Db+c"));
        QCOMPARE(request.queryItemValue(u"fieldSelector"), QStringLiteral("a=b c"));
        QVERIFY(request.hasQueryItem(u"e"));
        QVERIFY(!request.hasQueryItem(u"missing"));
        QCOMPARE(
            request.urlQuery().queryItemValue(QStringLiteral("fieldSelector"), QUrl::FullyDecoded),
            QStringLiteral("a=b+c"));
    }

    void pipelined()
    {
        const QByteArray input(
            "GET /one HTTP/1.1\r\nHost: h\r\n\r\n"
            "POST /two HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi"
            "GET /three HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            "1\r\nx\r\n0\r\n\r\nGET /fo");
        for (const QList<int> &sizes :
             {QList<int>{int(input.size())}, QList<int>{1}, QList<int>{5}}) {
            const HttpParseOutcome outcome = feedInPieces(input, sizes);
            QVERIFY(!outcome.failure);
            QCOMPARE(outcome.requests.size(), 3);
            QCOMPARE(outcome.requests.at(0).path, QStringLiteral("/one"));
            QCOMPARE(outcome.requests.at(1).path, QStringLiteral("/two"));
            QCOMPARE(outcome.requests.at(1).body, QByteArray("hi"));
            QCOMPARE(outcome.requests.at(2).path, QStringLiteral("/three"));
            QCOMPARE(outcome.requests.at(2).body, QByteArray("x"));
            QVERIFY(outcome.incomplete); // "GET /fo" is the start of a fourth
        }
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("requestsBefore");
        const auto row = [](const char *name, const QByteArray &input, int status, int before) {
            QTest::newRow(name) << input << status << before;
        };

        const QByteArray get("GET / HTTP/1.1\r\nHost: h\r\n");
        const QByteArray post("POST / HTTP/1.1\r\nHost: h\r\n");
        row("garbage bytes", QByteArray("\x00\x01\xfe\xff garbage\r\n\r\n", 16), 400, 0);
        row("binary without line end", QByteArray(9000, '\x01'), 414, 0);
        row("header without colon", get + "NoColonHere\r\n\r\n", 400, 0);
        row("space before colon", get + "Accept : x\r\n\r\n", 400, 0);
        row("obsolete line folding", get + "A: b\r\n c\r\n\r\n", 400, 0);
        row("NUL in header value", get + QByteArray("A: b\0c\r\n\r\n", 10), 400, 0);
        row("missing Host", QByteArray("GET / HTTP/1.1\r\n\r\n"), 400, 0);
        row("two Host headers", get + "Host: i\r\n\r\n", 400, 0);
        row("two spaces in request line", QByteArray("GET  / HTTP/1.1\r\n\r\n"), 400, 0);
        row("lowercase version", QByteArray("GET / http/1.1\r\n\r\n"), 400, 0);
        row("version with two digits", QByteArray("GET / HTTP/1.10\r\n\r\n"), 400, 0);
        row("HTTP/2.0", QByteArray("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), 505, 0);
        row("HTTP/0.9", QByteArray("GET / HTTP/0.9\r\n\r\n"), 505, 0);
        row("HTTP/2 preface", QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 505, 0);
        row("invalid method", QByteArray("G(T / HTTP/1.1\r\nHost: h\r\n\r\n"), 400, 0);
        row("relative target", QByteArray("GET foo HTTP/1.1\r\nHost: h\r\n\r\n"), 400, 0);
        row("fragment in target", QByteArray("GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n"), 400, 0);
        row("bad percent in path", QByteArray("GET /a%2 HTTP/1.1\r\nHost: h\r\n\r\n"), 400, 0);
        row("NUL via percent", QByteArray("GET /a%00 HTTP/1.1\r\nHost: h\r\n\r\n"), 400, 0);
        row("invalid UTF-8 path", QByteArray("GET /%ff HTTP/1.1\r\nHost: h\r\n\r\n"), 400, 0);
        row("bad percent in query", QByteArray("GET /?a=%zz HTTP/1.1\r\nHost: h\r\n\r\n"), 400, 0);
        row("negative Content-Length", post + "Content-Length: -1\r\n\r\n", 400, 0);
        row("plus-signed Content-Length", post + "Content-Length: +1\r\n\r\nx", 400, 0);
        row("empty Content-Length", post + "Content-Length: \r\n\r\n", 400, 0);
        row("overflowing Content-Length", post + "Content-Length: 99999999999999999999999\r\n\r\n",
            400, 0);
        row("conflicting Content-Length values", post + "Content-Length: 1, 2\r\n\r\nx", 400, 0);
        row("conflicting Content-Length headers",
            post + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nx", 400, 0);
        row("Content-Length and chunked",
            post + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, 0);
        row("Content-Length over limit", post + "Content-Length: 3145729\r\n\r\n", 413, 0);
        row("unsupported transfer coding", post + "Transfer-Encoding: gzip\r\n\r\n", 501, 0);
        row("gzip, chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501, 0);
        row("chunked twice", post + "Transfer-Encoding: chunked, chunked\r\n\r\n", 400, 0);
        row("Transfer-Encoding in HTTP/1.0",
            QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400, 0);
        row("chunk size not hex", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400, 0);
        row("chunk size overflow",
            post + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n", 400, 0);
        row("chunk over body limit", post + "Transfer-Encoding: chunked\r\n\r\n300001\r\n", 413, 0);
        row("chunk data not followed by CRLF",
            post + "Transfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n", 400, 0);
        row("request line too long",
            "GET /" + QByteArray(8 * 1024, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", 414, 0);
        row("header section too large", get + "X-Big: " + QByteArray(64 * 1024, 'b') + "\r\n\r\n",
            431, 0);
        QByteArray many = get;
        for (int i = 0; i < 100; ++i)
            many += "X-" + QByteArray::number(i) + ": v\r\n";
        row("too many headers", many + "\r\n", 431, 0);
        row("too many empty lines", QByteArray(40, '\n'), 400, 0);
        row("error after a good request", get + "\r\nGET / HTTP/3.0\r\n\r\n", 505, 1);
    }

    void errors()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, status);
        QFETCH(int, requestsBefore);
        const HttpParseOutcome whole = parseHttpRequests(input);
        QVERIFY(whole.failure.has_value());
        QCOMPARE(whole.failure->status(), status);
        QCOMPARE(whole.requests.size(), requestsBefore);
        QVERIFY(!whole.incomplete);
        QVERIFY(sameOutcome(feedInPieces(input, {1}), whole));
        QVERIFY(sameOutcome(feedInPieces(input, {3, 11}), whole));
    }

    void inputAfterFailureIsIgnored()
    {
        HttpRequestParser parser;
        parser.feed("BAD\r\n");
        QVERIFY(parser.hasFailed());
        parser.feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        QVERIFY(!parser.hasRequest());
        QCOMPARE(parser.failure()->status(), 400);
    }

    void configurableBodyLimit()
    {
        HttpParserLimits limits;
        limits.maxBodyBytes = 4;
        const QByteArray head("POST / HTTP/1.1\r\nHost: h\r\n");
        QVERIFY(
            !parseHttpRequests(QByteArray(head + "Content-Length: 4\r\n\r\nabcd"), limits).failure);
        QCOMPARE(parseHttpRequests(QByteArray(head + "Content-Length: 5\r\n\r\nabcde"), limits)
                     .failure->status(),
                 413);
        // chunked: the sum of the chunks counts
        QCOMPARE(
            parseHttpRequests(
                QByteArray(head + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\n"), limits)
                .failure->status(),
            413);
    }

    void midRequestAndExpectContinue()
    {
        HttpRequestParser parser;
        QVERIFY(!parser.isMidRequest());
        parser.feed("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n");
        QVERIFY(parser.isMidRequest());
        QVERIFY(!parser.takeExpectContinue()); // head not complete yet
        parser.feed("\r\n");
        QVERIFY(parser.takeExpectContinue());
        QVERIFY(!parser.takeExpectContinue()); // once
        parser.feed("abc");
        QVERIFY(parser.hasRequest());
        QVERIFY(!parser.isMidRequest());
        QCOMPARE(parser.takeRequest().body, QByteArray("abc"));
    }

    // A small in-process fuzz run: random and mutated inputs must never crash (ASan and
    // UBSan watch), and any split of the input must give the same outcome as the whole.
    void randomInputIsConsistent()
    {
        const QList<QByteArray> seeds{
            "GET /a?b=c HTTP/1.1\r\nHost: h\r\n\r\n",
            "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
            "PUT /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        };
        HttpParserLimits limits;
        limits.maxRequestLineBytes = 64;
        limits.maxHeaderBytes = 128;
        limits.maxHeaderCount = 5;
        limits.maxBodyBytes = 32;
        QRandomGenerator random(20240601);
        static const char alphabetBytes[] =
            "GET /?=&%+:;\r\n \t0123456789abcdefHTP.chunked-Length\x00\xff";
        const QByteArray alphabet(alphabetBytes, sizeof alphabetBytes - 1);
        for (int round = 0; round < 3000; ++round) {
            QByteArray input = seeds.at(random.bounded(int(seeds.size())));
            input += seeds.at(random.bounded(int(seeds.size())));
            const int mutations = random.bounded(6);
            for (int m = 0; m < mutations; ++m) {
                const qsizetype at = random.bounded(int(input.size()));
                switch (random.bounded(3)) {
                case 0:
                    input[at] = alphabet.at(random.bounded(int(alphabet.size())));
                    break;
                case 1:
                    input.insert(at, alphabet.at(random.bounded(int(alphabet.size()))));
                    break;
                default:
                    input.remove(at, 1);
                    break;
                }
            }
            if (round % 10 == 0) {
                input.resize(random.bounded(200));
                for (char &c : input)
                    c = char(random.bounded(256));
            }
            const HttpParseOutcome whole = parseHttpRequests(input, limits);
            const QList<int> sizes{random.bounded(1, 8), random.bounded(1, 40)};
            if (!sameOutcome(feedInPieces(input, sizes, limits), whole))
                QFAIL(qPrintable(QStringLiteral("split changes the outcome for: ") +
                                 QString::fromLatin1(input.toPercentEncoding())));
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
