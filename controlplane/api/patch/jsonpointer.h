#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace flotilla::api {

// An RFC 6901 JSON Pointer, parsed into its unescaped reference tokens. "" is the whole
// document; "/" is the member named "" of the root object.
class JsonPointer
{
public:
    static Result<JsonPointer> parse(const QString &text);

    const QStringList &tokens() const { return m_tokens; }
    bool isRoot() const { return m_tokens.isEmpty(); }
    QString toString() const { return m_text; }

    // True when `other` points strictly inside the value this pointer names.
    bool isProperPrefixOf(const JsonPointer &other) const;

    // The array index a token denotes: "0" or digits without a leading zero. "-" (the
    // element after the last) and anything else, including negative numbers, are not
    // indexes.
    static std::optional<qsizetype> arrayIndex(const QString &token);

private:
    JsonPointer(QString text, QStringList tokens)
        : m_text(std::move(text))
        , m_tokens(std::move(tokens))
    {}

    QString m_text;
    QStringList m_tokens;
};

} // namespace flotilla::api
