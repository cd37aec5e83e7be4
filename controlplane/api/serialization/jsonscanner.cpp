#include "serialization/jsonscanner.h"

#include "serialization/decodelimits.h"

#include <QSet>

#include <vector>

namespace flotilla::api {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

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

// Integer literal digits (no sign, no leading zeros) above 2^53?
bool exceedsExactRange(QByteArrayView digits)
{
    static const QByteArrayView limit("9007199254740992"); // 2^53
    while (digits.size() > 1 && digits.front() == '0')
        digits = digits.sliced(1);
    if (digits.size() != limit.size())
        return digits.size() > limit.size();
    return digits.compare(limit) > 0;
}

class Scanner
{
public:
    explicit Scanner(QByteArrayView json)
        : m_data(json)
    {}

    Result<QStringList> run();

private:
    enum class Expect {
        Value,        // any value
        ValueOrClose, // first element of an array, or ']'
        KeyOrClose,   // first key of an object, or '}'
        Key,          // a key after ','
        CommaOrClose, // after a value
    };

    struct Frame
    {
        bool object = false;
        qsizetype pathLength = 0; // m_path up to this container
        qsizetype index = 0;      // current array element
        QSet<QString> keys;       // keys seen so far in this object
    };

    char peek() const { return m_data.at(m_pos); }
    bool atEnd() const { return m_pos >= m_data.size(); }
    void skipSpace();
    Error malformed(const char *what) const;
    Result<void> open(bool object);
    void close();
    Result<QString> readKey();
    Result<void> skipString();
    Result<void> skipNumber();
    Result<void> skipLiteral();
    void setElementPath();

    QByteArrayView m_data;
    qsizetype m_pos = 0;
    std::vector<Frame> m_stack;
    QString m_path; // of the value being read: ".spec.containers[0]"
    QStringList m_duplicates;
};

void Scanner::skipSpace()
{
    while (!atEnd()) {
        const char c = peek();
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        ++m_pos;
    }
}

Error Scanner::malformed(const char *what) const
{
    return Error{
        ErrorCode::InvalidArgument,
        QStringLiteral("malformed JSON at offset %1: %2").arg(m_pos).arg(QLatin1String(what))};
}

Result<void> Scanner::open(bool object)
{
    if (qsizetype(m_stack.size()) >= kMaxNestingDepth) {
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("JSON nesting deeper than %1 levels at offset %2")
                         .arg(kMaxNestingDepth)
                         .arg(m_pos)};
    }
    Frame frame;
    frame.object = object;
    frame.pathLength = m_path.size();
    m_stack.push_back(std::move(frame));
    ++m_pos;
    return {};
}

void Scanner::close()
{
    m_path.truncate(m_stack.back().pathLength);
    m_stack.pop_back();
    ++m_pos;
}

void Scanner::setElementPath()
{
    const Frame &frame = m_stack.back();
    m_path.truncate(frame.pathLength);
    m_path += QLatin1Char('[') + QString::number(frame.index) + QLatin1Char(']');
}

// Unescapes a key the way QJsonDocument does (\uXXXX code units are kept as they are, so
// a surrogate pair written as two escapes equals the raw UTF-8 character) so that keys
// compare equal exactly when Qt merges them.
Result<QString> Scanner::readKey()
{
    ++m_pos; // opening quote
    QString key;
    qsizetype runStart = m_pos;
    auto flushRun = [&] {
        if (m_pos > runStart)
            key += QString::fromUtf8(m_data.sliced(runStart, m_pos - runStart));
    };
    while (!atEnd()) {
        const char c = peek();
        if (c == '"') {
            flushRun();
            ++m_pos;
            return key;
        }
        if (c != '\\') {
            ++m_pos;
            continue;
        }
        flushRun();
        if (m_pos + 1 >= m_data.size())
            break;
        const char escaped = m_data.at(m_pos + 1);
        m_pos += 2;
        switch (escaped) {
        case '"':
        case '\\':
        case '/':
            key += QLatin1Char(escaped);
            break;
        case 'b':
            key += QLatin1Char('\b');
            break;
        case 'f':
            key += QLatin1Char('\f');
            break;
        case 'n':
            key += QLatin1Char('\n');
            break;
        case 'r':
            key += QLatin1Char('\r');
            break;
        case 't':
            key += QLatin1Char('\t');
            break;
        case 'u': {
            if (m_pos + 4 > m_data.size())
                return malformed("truncated \\u escape");
            char16_t unit = 0;
            for (int i = 0; i < 4; ++i) {
                const int digit = hexValue(m_data.at(m_pos + i));
                if (digit < 0)
                    return malformed("invalid \\u escape");
                unit = char16_t(unit * 16 + digit);
            }
            m_pos += 4;
            key += QChar(unit);
            break;
        }
        default:
            return malformed("invalid escape sequence");
        }
        runStart = m_pos;
    }
    return malformed("unterminated string");
}

Result<void> Scanner::skipString()
{
    ++m_pos; // opening quote
    while (!atEnd()) {
        const char c = peek();
        if (c == '"') {
            ++m_pos;
            return {};
        }
        m_pos += (c == '\\') ? 2 : 1;
    }
    return malformed("unterminated string");
}

Result<void> Scanner::skipNumber()
{
    const qsizetype start = m_pos;
    if (peek() == '-')
        ++m_pos;
    const qsizetype digitsStart = m_pos;
    while (!atEnd() && isDigit(peek()))
        ++m_pos;
    if (m_pos == digitsStart)
        return malformed("illegal number");
    const QByteArrayView integerDigits = m_data.sliced(digitsStart, m_pos - digitsStart);
    bool integer = true;
    if (!atEnd() && peek() == '.') {
        integer = false;
        ++m_pos;
        const qsizetype fractionStart = m_pos;
        while (!atEnd() && isDigit(peek()))
            ++m_pos;
        if (m_pos == fractionStart)
            return malformed("illegal number");
    }
    if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
        integer = false;
        ++m_pos;
        if (!atEnd() && (peek() == '+' || peek() == '-'))
            ++m_pos;
        const qsizetype exponentStart = m_pos;
        while (!atEnd() && isDigit(peek()))
            ++m_pos;
        if (m_pos == exponentStart)
            return malformed("illegal number");
    }
    // Fractions and exponents are floating point by nature; only integer literals promise
    // exactness, and a double would silently round those beyond 2^53.
    if (integer && exceedsExactRange(integerDigits)) {
        const QString where = m_path.isEmpty() ? QStringLiteral("the top level") : m_path;
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("integer %1 at %2 is out of range: only integers up to "
                                    "2^53 (9007199254740992) in magnitude are supported")
                         .arg(QString::fromLatin1(m_data.sliced(start, m_pos - start)), where)};
    }
    return {};
}

Result<void> Scanner::skipLiteral()
{
    for (const char *literal : {"true", "false", "null"}) {
        const QByteArrayView word(literal);
        if (m_data.sliced(m_pos).startsWith(word)) {
            m_pos += word.size();
            return {};
        }
    }
    return malformed("illegal value");
}

Result<QStringList> Scanner::run()
{
    // QJsonDocument accepts a UTF-8 byte order mark; so must the scanner.
    if (m_data.startsWith("\xEF\xBB\xBF"))
        m_pos = 3;
    Expect expect = Expect::Value;
    bool done = false;
    while (!done) {
        skipSpace();
        if (atEnd())
            return malformed("unexpected end of input");
        const char c = peek();
        Result<void> step;
        switch (expect) {
        case Expect::ValueOrClose:
            if (c == ']') {
                close();
                expect = Expect::CommaOrClose;
                break;
            }
            [[fallthrough]];
        case Expect::Value:
            expect = Expect::CommaOrClose;
            if (c == '{') {
                step = open(true);
                expect = Expect::KeyOrClose;
            } else if (c == '[') {
                step = open(false);
                if (step.ok())
                    setElementPath();
                expect = Expect::ValueOrClose;
            } else if (c == '"') {
                step = skipString();
            } else if (c == '-' || isDigit(c)) {
                step = skipNumber();
            } else {
                step = skipLiteral();
            }
            break;
        case Expect::KeyOrClose:
            if (c == '}') {
                close();
                expect = Expect::CommaOrClose;
                break;
            }
            [[fallthrough]];
        case Expect::Key: {
            if (c != '"')
                return malformed("expected a key string");
            Result<QString> key = readKey();
            if (!key)
                return key.error();
            skipSpace();
            if (atEnd() || peek() != ':')
                return malformed("expected ':' after a key");
            ++m_pos;
            Frame &frame = m_stack.back();
            m_path.truncate(frame.pathLength);
            m_path += QLatin1Char('.') + key.value();
            if (frame.keys.contains(key.value())) {
                if (m_duplicates.size() < kMaxReportedProblems && !m_duplicates.contains(m_path))
                    m_duplicates << m_path;
            } else {
                frame.keys.insert(key.value());
            }
            expect = Expect::Value;
            break;
        }
        case Expect::CommaOrClose:
            if (m_stack.empty())
                return malformed("garbage at the end of the document");
            if (m_stack.back().object) {
                if (c == ',') {
                    ++m_pos;
                    expect = Expect::Key;
                } else if (c == '}') {
                    close();
                } else {
                    return malformed("expected ',' or '}'");
                }
            } else {
                if (c == ',') {
                    ++m_pos;
                    ++m_stack.back().index;
                    setElementPath();
                    expect = Expect::Value;
                } else if (c == ']') {
                    close();
                } else {
                    return malformed("expected ',' or ']'");
                }
            }
            break;
        }
        if (!step)
            return step.error();
        if (m_stack.empty() && expect == Expect::CommaOrClose)
            done = true;
    }
    skipSpace();
    if (!atEnd())
        return malformed("garbage at the end of the document");
    return m_duplicates;
}

} // namespace

Result<QStringList> scanJsonStructure(QByteArrayView json)
{
    return Scanner(json).run();
}

} // namespace flotilla::api
