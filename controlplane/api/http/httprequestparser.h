#pragma once

#include "api/http/httpparsefailure.h"
#include "api/http/httprequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <deque>
#include <optional>

namespace flotilla::http {

struct HttpParserLimits
{
    qsizetype maxRequestLineBytes = 8 * 1024; // over it: 414
    qsizetype maxHeaderBytes = 64 * 1024;     // header section (and trailers): 431
    qsizetype maxHeaderCount = 100;           // fields (and trailer fields): 431
    qint64 maxBodyBytes = 3 * 1024 * 1024;    // declared or de-chunked: 413
};

// Turns the bytes of one connection into requests, incrementally: feed() takes any
// split of the stream (one byte at a time works) and parses every request that is
// complete, so pipelined requests queue up in order. The first error is final: the
// connection's framing can no longer be trusted, so later input is ignored.
//
// Memory stays bounded by the limits: a line is never buffered beyond its limit, and
// body bytes go straight into the request being built.
class HttpRequestParser
{
public:
    explicit HttpRequestParser(const HttpParserLimits &limits = {});

    void feed(QByteArrayView bytes);

    bool hasRequest() const { return !m_ready.empty(); }
    qsizetype pendingRequestCount() const { return qsizetype(m_ready.size()); }
    HttpRequest takeRequest();

    bool hasFailed() const { return m_failure.has_value(); }
    const std::optional<HttpParseFailure> &failure() const { return m_failure; }

    // Bytes of a request that is not complete yet have arrived (what the slow-client
    // timeout watches).
    bool isMidRequest() const;
    // True once after a request head with `Expect: 100-continue` whose body has not
    // fully arrived; the server then sends "100 Continue".
    bool takeExpectContinue();

    const HttpParserLimits &limits() const { return m_limits; }

private:
    enum class State { RequestLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers };
    enum class LineStatus { Line, NeedMore, TooLong };

    void parse();
    bool step(); // false when more input is needed or parsing failed
    LineStatus nextLine(qsizetype limit, QByteArrayView &line);
    bool fail(HttpParseError error, const char *reason);
    bool parseRequestLine(QByteArrayView line);
    bool parseTarget(QByteArrayView target);
    bool parseHeaderLine(QByteArrayView line, bool trailer);
    bool finishHead();
    bool parseChunkSize(QByteArrayView line);
    void completeRequest();
    void compact();

    HttpParserLimits m_limits;
    QByteArray m_buffer;
    qsizetype m_pos = 0;      // first unconsumed byte
    qsizetype m_scanFrom = 0; // where the search for the next LF resumes
    State m_state = State::RequestLine;
    int m_emptyLinesSkipped = 0;
    qsizetype m_headerBytes = 0;
    qsizetype m_headerCount = 0;
    qint64 m_bodyRemaining = 0; // in Body: bytes still to read; in ChunkData: of this chunk
    bool m_expectContinue = false;
    HttpRequest m_current;
    std::deque<HttpRequest> m_ready;
    std::optional<HttpParseFailure> m_failure;
};

// Everything one connection's input yields, in one call: the entry point for a fuzzer
// (`LLVMFuzzerTestOneInput` can pass its bytes straight in) and for tests.
struct HttpParseOutcome
{
    QList<HttpRequest> requests;
    std::optional<HttpParseFailure> failure;
    bool incomplete = false; // input ended inside a request
};

HttpParseOutcome parseHttpRequests(QByteArrayView bytes, const HttpParserLimits &limits = {});

} // namespace flotilla::http
