#include "patch/jsonpointer.h"

namespace flotilla::api {

namespace {

// Unescapes one reference token; "~" must be followed by 0 or 1 (RFC 6901 section 3).
std::optional<QString> unescape(QStringView token)
{
    QString out;
    out.reserve(token.size());
    for (qsizetype i = 0; i < token.size(); ++i) {
        const QChar c = token.at(i);
        if (c != QLatin1Char('~')) {
            out.append(c);
            continue;
        }
        if (i + 1 >= token.size())
            return std::nullopt;
        const QChar next = token.at(++i);
        if (next == QLatin1Char('0'))
            out.append(QLatin1Char('~'));
        else if (next == QLatin1Char('1'))
            out.append(QLatin1Char('/'));
        else
            return std::nullopt;
    }
    return out;
}

} // namespace

Result<JsonPointer> JsonPointer::parse(const QString &text)
{
    if (text.isEmpty())
        return JsonPointer(text, {});
    if (!text.startsWith(QLatin1Char('/'))) {
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("invalid JSON pointer \"%1\": it must be empty or start "
                                    "with \"/\"")
                         .arg(text)};
    }
    QStringList tokens;
    for (const QStringView raw : QStringView(text).mid(1).split(QLatin1Char('/'))) {
        std::optional<QString> token = unescape(raw);
        if (!token) {
            return Error{ErrorCode::InvalidArgument,
                         QStringLiteral("invalid JSON pointer \"%1\": \"~\" must be followed "
                                        "by 0 or 1")
                             .arg(text)};
        }
        tokens.append(std::move(*token));
    }
    return JsonPointer(text, std::move(tokens));
}

bool JsonPointer::isProperPrefixOf(const JsonPointer &other) const
{
    if (m_tokens.size() >= other.m_tokens.size())
        return false;
    for (qsizetype i = 0; i < m_tokens.size(); ++i) {
        if (m_tokens.at(i) != other.m_tokens.at(i))
            return false;
    }
    return true;
}

std::optional<qsizetype> JsonPointer::arrayIndex(const QString &token)
{
    // 15 digits keep the value far from overflow; no JSON array gets that long anyway.
    if (token.isEmpty() || token.size() > 15)
        return std::nullopt;
    if (token.size() > 1 && token.front() == QLatin1Char('0'))
        return std::nullopt;
    qsizetype value = 0;
    for (const QChar c : token) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

} // namespace flotilla::api
