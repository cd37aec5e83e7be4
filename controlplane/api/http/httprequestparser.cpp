#include "api/http/httprequestparser.h"

#include <QStringDecoder>

#include <limits>

namespace flotilla::http {

namespace {

// RFC 9112 lets a server skip empty lines before a request; a few are plenty.
constexpr int maxLeadingEmptyLines = 16;
// A chunk-size line is a hex number plus optional extensions, which nobody needs long.
constexpr qsizetype maxChunkSizeLineBytes = 4096;

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

// Strict percent-decoding to UTF-8: a stray '%', a NUL or bytes that are not UTF-8
// make the request malformed rather than silently becoming something else.
std::optional<QString> decodeComponent(QByteArrayView raw, bool plusIsSpace)
{
    QByteArray bytes;
    bytes.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '%') {
            if (i + 2 >= raw.size())
                return std::nullopt;
            const int hi = hexValue(raw[i + 1]);
            const int lo = hexValue(raw[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            bytes.append(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (plusIsSpace && c == '+') {
            bytes.append(' ');
        } else {
            bytes.append(c);
        }
    }
    if (bytes.contains('\0'))
        return std::nullopt;
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

// Content-Length: 1*DIGIT. Anything else (sign, space inside, empty) is malformed, and
// so is a number too large for qint64: Go's server answers both with 400 as well.
enum class LengthParse { Ok, Invalid, Overflow };
LengthParse parseLength(QByteArrayView text, qint64 &out)
{
    if (text.isEmpty())
        return LengthParse::Invalid;
    for (char c : text) {
        if (!isDigit(c))
            return LengthParse::Invalid;
    }
    while (text.size() > 1 && text.front() == '0')
        text = text.sliced(1);
    if (text.size() > 18)
        return LengthParse::Overflow;
    qint64 value = 0;
    for (char c : text)
        value = value * 10 + (c - '0');
    out = value;
    return LengthParse::Ok;
}

} // namespace

HttpRequestParser::HttpRequestParser(const HttpParserLimits &limits)
    : m_limits(limits)
{}

void HttpRequestParser::feed(QByteArrayView bytes)
{
    if (m_failure || bytes.isEmpty())
        return;
    m_buffer.append(bytes.data(), bytes.size());
    parse();
}

HttpRequest HttpRequestParser::takeRequest()
{
    if (m_ready.empty())
        return {};
    HttpRequest request = std::move(m_ready.front());
    m_ready.pop_front();
    return request;
}

bool HttpRequestParser::isMidRequest() const
{
    return !m_failure &&
           (m_state != State::RequestLine || m_pos < m_buffer.size() || m_emptyLinesSkipped > 0);
}

bool HttpRequestParser::takeExpectContinue()
{
    return std::exchange(m_expectContinue, false);
}

void HttpRequestParser::parse()
{
    while (step()) {
    }
    if (m_failure) {
        m_buffer.clear();
        m_pos = 0;
        m_scanFrom = 0;
        return;
    }
    compact();
}

void HttpRequestParser::compact()
{
    if (m_pos == 0)
        return;
    if (m_pos == m_buffer.size()) {
        m_buffer.clear();
    } else if (m_pos >= 4096 && m_pos * 2 >= m_buffer.size()) {
        m_buffer.remove(0, m_pos);
    } else {
        return; // moving the tail costs more than it frees
    }
    m_scanFrom -= m_pos;
    m_pos = 0;
}

HttpRequestParser::LineStatus HttpRequestParser::nextLine(qsizetype limit, QByteArrayView &line)
{
    const qsizetype available = m_buffer.size() - m_pos;
    const qsizetype lf = m_buffer.indexOf('\n', m_scanFrom);
    if (lf < 0) {
        m_scanFrom = m_buffer.size();
        // + 1: the CR of a CRLF whose LF is still on its way
        return available > limit + 1 ? LineStatus::TooLong : LineStatus::NeedMore;
    }
    QByteArrayView candidate(m_buffer.constData() + m_pos, lf - m_pos);
    // A bare LF ends a line too (RFC 9112 §2.2 allows it); the CR is optional.
    if (candidate.endsWith('\r'))
        candidate.chop(1);
    if (candidate.size() > limit)
        return LineStatus::TooLong;
    m_pos = lf + 1;
    m_scanFrom = m_pos;
    line = candidate;
    return LineStatus::Line;
}

bool HttpRequestParser::fail(HttpParseError error, const char *reason)
{
    if (!m_failure)
        m_failure = HttpParseFailure{error, QByteArray(reason)};
    return false;
}

bool HttpRequestParser::step()
{
    if (m_failure)
        return false;
    switch (m_state) {
    case State::RequestLine: {
        QByteArrayView line;
        switch (nextLine(m_limits.maxRequestLineBytes, line)) {
        case LineStatus::NeedMore:
            return false;
        case LineStatus::TooLong:
            return fail(HttpParseError::UriTooLong, "request line too long");
        case LineStatus::Line:
            break;
        }
        if (line.isEmpty()) {
            if (++m_emptyLinesSkipped > maxLeadingEmptyLines)
                return fail(HttpParseError::BadRequest, "too many empty lines before request");
            return true;
        }
        if (!parseRequestLine(line))
            return false;
        m_state = State::Headers;
        return true;
    }
    case State::Headers:
    case State::Trailers: {
        const bool trailer = m_state == State::Trailers;
        const qsizetype before = m_pos;
        QByteArrayView line;
        switch (nextLine(m_limits.maxHeaderBytes - m_headerBytes, line)) {
        case LineStatus::NeedMore:
            return false;
        case LineStatus::TooLong:
            return fail(HttpParseError::HeaderFieldsTooLarge, "header section too large");
        case LineStatus::Line:
            break;
        }
        m_headerBytes += m_pos - before;
        if (m_headerBytes > m_limits.maxHeaderBytes)
            return fail(HttpParseError::HeaderFieldsTooLarge, "header section too large");
        if (line.isEmpty()) {
            if (trailer) {
                completeRequest();
                return true;
            }
            return finishHead();
        }
        if (++m_headerCount > m_limits.maxHeaderCount)
            return fail(HttpParseError::HeaderFieldsTooLarge, "too many header fields");
        return parseHeaderLine(line, trailer);
    }
    case State::Body:
    case State::ChunkData: {
        const qsizetype available = m_buffer.size() - m_pos;
        if (available == 0)
            return false;
        const qsizetype n = qsizetype(qMin<qint64>(available, m_bodyRemaining));
        m_current.body.append(m_buffer.constData() + m_pos, n);
        m_pos += n;
        m_scanFrom = m_pos;
        m_bodyRemaining -= n;
        if (m_bodyRemaining == 0) {
            if (m_state == State::Body)
                completeRequest();
            else
                m_state = State::ChunkDataEnd;
        }
        return true;
    }
    case State::ChunkSize: {
        QByteArrayView line;
        switch (nextLine(maxChunkSizeLineBytes, line)) {
        case LineStatus::NeedMore:
            return false;
        case LineStatus::TooLong:
            return fail(HttpParseError::BadRequest, "chunk size line too long");
        case LineStatus::Line:
            break;
        }
        return parseChunkSize(line);
    }
    case State::ChunkDataEnd: {
        QByteArrayView line;
        switch (nextLine(0, line)) {
        case LineStatus::NeedMore:
            return false;
        case LineStatus::TooLong:
            return fail(HttpParseError::BadRequest, "chunk data not followed by CRLF");
        case LineStatus::Line:
            break;
        }
        m_state = State::ChunkSize;
        return true;
    }
    }
    return false;
}

bool HttpRequestParser::parseRequestLine(QByteArrayView line)
{
    // method SP request-target SP HTTP-version, single spaces (RFC 9112 §3)
    const qsizetype sp1 = line.indexOf(' ');
    if (sp1 <= 0)
        return fail(HttpParseError::BadRequest, "malformed request line");
    const qsizetype sp2 = line.indexOf(' ', sp1 + 1);
    if (sp2 < 0)
        return fail(HttpParseError::BadRequest, "malformed request line");
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (!HttpHeaders::isToken(method))
        return fail(HttpParseError::BadRequest, "invalid method");
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' ||
        !isDigit(version[5]) || !isDigit(version[7]))
        return fail(HttpParseError::BadRequest, "malformed HTTP version");
    if (version[5] != '1')
        return fail(HttpParseError::VersionNotSupported,
                    "only HTTP/1.0 and HTTP/1.1 are supported");
    // A higher 1.x minor is answered as 1.1, the highest we speak (RFC 9110 §6.2).
    m_current.versionMinor = version[7] == '0' ? 0 : 1;
    m_current.method = method.toByteArray();
    return parseTarget(target);
}

bool HttpRequestParser::parseTarget(QByteArrayView target)
{
    if (target.isEmpty())
        return fail(HttpParseError::BadRequest, "empty request target");
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return fail(HttpParseError::BadRequest, "invalid character in request target");
    }
    m_current.target = target.toByteArray();
    if (target == QByteArrayView("*")) {
        if (m_current.method != "OPTIONS")
            return fail(HttpParseError::BadRequest, "'*' target is only for OPTIONS");
        m_current.rawPath = m_current.target;
        m_current.path = QStringLiteral("*");
        return true;
    }

    QByteArrayView pathAndQuery;
    if (target.startsWith('/')) {
        pathAndQuery = target;
    } else {
        // absolute-form, which RFC 9112 §3.2.2 says servers must accept
        const qsizetype schemeEnd = target.indexOf("://");
        if (schemeEnd <= 0)
            return fail(HttpParseError::BadRequest, "unsupported request target form");
        const QByteArrayView scheme = target.first(schemeEnd);
        if (!HttpHeaders::namesEqual(scheme, "http") && !HttpHeaders::namesEqual(scheme, "https"))
            return fail(HttpParseError::BadRequest, "unsupported scheme in request target");
        const QByteArrayView rest = target.sliced(schemeEnd + 3);
        qsizetype end = 0;
        while (end < rest.size() && rest[end] != '/' && rest[end] != '?')
            ++end;
        if (end == 0)
            return fail(HttpParseError::BadRequest, "request target without authority");
        pathAndQuery = rest.sliced(end);
    }
    if (pathAndQuery.contains('#'))
        return fail(HttpParseError::BadRequest, "fragment in request target");

    const qsizetype question = pathAndQuery.indexOf('?');
    QByteArrayView rawPath = question < 0 ? pathAndQuery : pathAndQuery.first(question);
    const QByteArrayView rawQuery =
        question < 0 ? QByteArrayView() : pathAndQuery.sliced(question + 1);
    m_current.rawPath = rawPath.isEmpty() ? QByteArray("/") : rawPath.toByteArray();
    m_current.rawQuery = rawQuery.toByteArray();

    std::optional<QString> path = decodeComponent(m_current.rawPath, false);
    if (!path)
        return fail(HttpParseError::BadRequest, "malformed percent-encoding in path");
    m_current.path = std::move(*path);

    qsizetype start = 0;
    while (start <= rawQuery.size() && !rawQuery.isEmpty()) {
        qsizetype amp = rawQuery.indexOf('&', start);
        if (amp < 0)
            amp = rawQuery.size();
        const QByteArrayView pair = rawQuery.sliced(start, amp - start);
        start = amp + 1;
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        const QByteArrayView rawKey = eq < 0 ? pair : pair.first(eq);
        const QByteArrayView rawValue = eq < 0 ? QByteArrayView() : pair.sliced(eq + 1);
        std::optional<QString> key = decodeComponent(rawKey, true);
        std::optional<QString> value = decodeComponent(rawValue, true);
        if (!key || !value)
            return fail(HttpParseError::BadRequest, "malformed percent-encoding in query");
        m_current.queryItems.append(HttpQueryItem{std::move(*key), std::move(*value),
                                                  rawKey.toByteArray(), rawValue.toByteArray()});
    }
    return true;
}

bool HttpRequestParser::parseHeaderLine(QByteArrayView line, bool trailer)
{
    if (line.front() == ' ' || line.front() == '\t')
        return fail(HttpParseError::BadRequest, "obsolete header line folding");
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return fail(HttpParseError::BadRequest, "header field without colon");
    const QByteArrayView name = line.first(colon);
    // "Name : value" is refused too: RFC 9112 §5.1 forbids space before the colon
    // because proxies disagree about it (request smuggling).
    if (!HttpHeaders::isToken(name))
        return fail(HttpParseError::BadRequest, "invalid header field name");
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    if (!HttpHeaders::isValidValue(value))
        return fail(HttpParseError::BadRequest, "invalid header field value");
    // Trailer fields are checked for well-formedness but dropped: nothing in the
    // Kubernetes API uses them, and merging them would let a body rewrite the head.
    if (!trailer)
        m_current.headers.add(name.toByteArray(), value.toByteArray());
    return true;
}

bool HttpRequestParser::finishHead()
{
    const HttpHeaders &headers = m_current.headers;
    const bool http11 = m_current.versionMinor == 1;

    const qsizetype hosts = headers.count("Host");
    if (hosts > 1 || (hosts == 0 && http11))
        return fail(HttpParseError::BadRequest, "HTTP/1.1 request needs exactly one Host header");

    const bool close = headers.hasToken("Connection", "close");
    m_current.keepAlive = !close && (http11 || headers.hasToken("Connection", "keep-alive"));
    const bool expectContinue = http11 && headers.hasToken("Expect", "100-continue");

    const bool hasTransferEncoding = headers.contains("Transfer-Encoding");
    const bool hasContentLength = headers.contains("Content-Length");
    if (hasTransferEncoding) {
        // Both framings at once is the classic request-smuggling vector: refuse it.
        if (hasContentLength)
            return fail(HttpParseError::BadRequest, "both Content-Length and Transfer-Encoding");
        if (!http11)
            return fail(HttpParseError::BadRequest, "Transfer-Encoding in an HTTP/1.0 request");
        int chunked = 0;
        int codings = 0;
        bool other = false;
        for (const QByteArray &value : headers.values("Transfer-Encoding")) {
            for (const QByteArray &element : value.split(',')) {
                const QByteArrayView coding = trimmed(element);
                if (coding.isEmpty())
                    continue;
                ++codings;
                if (HttpHeaders::namesEqual(coding, "chunked"))
                    ++chunked;
                else
                    other = true;
            }
        }
        if (codings == 0)
            return fail(HttpParseError::BadRequest, "empty Transfer-Encoding");
        if (other)
            return fail(HttpParseError::NotImplemented, "unsupported transfer coding");
        if (chunked > 1)
            return fail(HttpParseError::BadRequest, "chunked applied more than once");
        m_state = State::ChunkSize;
        m_expectContinue = expectContinue;
        return true;
    }

    if (hasContentLength) {
        std::optional<qint64> length;
        for (const QByteArray &value : headers.values("Content-Length")) {
            for (const QByteArray &element : value.split(',')) {
                qint64 parsed = 0;
                switch (parseLength(trimmed(element), parsed)) {
                case LengthParse::Invalid:
                    return fail(HttpParseError::BadRequest, "invalid Content-Length");
                case LengthParse::Overflow:
                    return fail(HttpParseError::BadRequest, "Content-Length out of range");
                case LengthParse::Ok:
                    break;
                }
                if (length && *length != parsed)
                    return fail(HttpParseError::BadRequest, "conflicting Content-Length values");
                length = parsed;
            }
        }
        if (!length)
            return fail(HttpParseError::BadRequest, "invalid Content-Length");
        if (*length > m_limits.maxBodyBytes)
            return fail(HttpParseError::ContentTooLarge, "request body too large");
        if (*length > 0) {
            m_bodyRemaining = *length;
            m_state = State::Body;
            m_expectContinue = expectContinue;
            return true;
        }
    }
    completeRequest();
    return true;
}

bool HttpRequestParser::parseChunkSize(QByteArrayView line)
{
    qint64 size = 0;
    qsizetype i = 0;
    for (; i < line.size(); ++i) {
        const int digit = hexValue(line[i]);
        if (digit < 0)
            break;
        if (size > (std::numeric_limits<qint64>::max() >> 4))
            return fail(HttpParseError::BadRequest, "chunk size out of range");
        size = size * 16 + digit;
    }
    if (i == 0)
        return fail(HttpParseError::BadRequest, "invalid chunk size");
    // chunk-ext: BWS ";" ... — accepted and ignored, but it must not hide controls.
    const QByteArrayView rest = trimmed(line.sliced(i));
    if (!rest.isEmpty() && (rest.front() != ';' || !HttpHeaders::isValidValue(rest)))
        return fail(HttpParseError::BadRequest, "invalid chunk size");
    if (size > m_limits.maxBodyBytes - m_current.body.size())
        return fail(HttpParseError::ContentTooLarge, "request body too large");
    if (size == 0) {
        m_state = State::Trailers;
        return true;
    }
    m_bodyRemaining = size;
    m_state = State::ChunkData;
    return true;
}

void HttpRequestParser::completeRequest()
{
    m_ready.push_back(std::move(m_current));
    m_current = HttpRequest{};
    m_state = State::RequestLine;
    m_emptyLinesSkipped = 0;
    m_headerBytes = 0;
    m_headerCount = 0;
    m_bodyRemaining = 0;
    m_expectContinue = false;
}

HttpParseOutcome parseHttpRequests(QByteArrayView bytes, const HttpParserLimits &limits)
{
    HttpRequestParser parser(limits);
    parser.feed(bytes);
    HttpParseOutcome outcome;
    while (parser.hasRequest())
        outcome.requests.append(parser.takeRequest());
    outcome.failure = parser.failure();
    outcome.incomplete = parser.isMidRequest();
    return outcome;
}

} // namespace flotilla::http
