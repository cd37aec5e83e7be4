#include "selectors/fieldselector.h"

#include <QStringList>

#include <algorithm>

namespace flotilla::api {

namespace {

Error invalid(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message};
}

// The comma-separated terms; a backslash-escaped comma is data and stays in its term,
// backslash included (upstream's splitTerms).
QList<QStringView> splitTerms(QStringView text)
{
    QList<QStringView> terms;
    if (text.isEmpty())
        return terms;
    qsizetype start = 0;
    bool escaped = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (escaped)
            escaped = false;
        else if (text[i] == u'\\')
            escaped = true;
        else if (text[i] == u',') {
            terms.append(text.mid(start, i - start));
            start = i + 1;
        }
    }
    terms.append(text.mid(start));
    return terms;
}

struct SplitTerm
{
    QStringView field;
    SelectorOperator op = SelectorOperator::Equals;
    QStringView rawValue;
};

// The first operator in the term splits it; "!=" and "==" are tried before "=" at each
// position so that neither leaves a stray character behind (upstream's splitTerm).
std::optional<SplitTerm> splitTerm(QStringView term)
{
    for (qsizetype i = 0; i < term.size(); ++i) {
        const QStringView rest = term.mid(i);
        if (rest.startsWith(u"!="))
            return SplitTerm{term.left(i), SelectorOperator::NotEquals, rest.mid(2)};
        if (rest.startsWith(u"=="))
            return SplitTerm{term.left(i), SelectorOperator::Equals, rest.mid(2)};
        if (rest.startsWith(u'='))
            return SplitTerm{term.left(i), SelectorOperator::Equals, rest.mid(1)};
    }
    return std::nullopt;
}

} // namespace

FieldSelector::FieldSelector(QList<FieldRequirement> requirements)
    : m_requirements(std::move(requirements))
{}

Result<FieldSelector> FieldSelector::parse(const QString &text)
{
    if (text.size() > maxSelectorLength) {
        return invalid(QStringLiteral("field selector is too long: %1 characters, at most %2 "
                                      "are accepted")
                           .arg(text.size())
                           .arg(maxSelectorLength));
    }
    QList<QStringView> terms = splitTerms(text);
    // Upstream sorts the raw terms; keeping its order keeps toString() and exactMatch()
    // identical to what a real API server reports.
    std::sort(terms.begin(), terms.end());

    QList<FieldRequirement> requirements;
    requirements.reserve(terms.size());
    for (const QStringView term : std::as_const(terms)) {
        if (term.isEmpty())
            continue;
        const std::optional<SplitTerm> split = splitTerm(term);
        if (!split) {
            return invalid(QStringLiteral("invalid selector: '") + elideForMessage(text) +
                           QStringLiteral("'; can't understand '") + elideForMessage(term) +
                           QLatin1Char('\''));
        }
        auto value = unescapeValue(split->rawValue);
        if (!value.ok())
            return value.error();
        requirements.append({split->field.toString(), split->op, std::move(value).value()});
    }
    return FieldSelector(std::move(requirements));
}

bool FieldSelector::matches(const FieldLookup &fieldValue) const
{
    return std::all_of(m_requirements.cbegin(), m_requirements.cend(),
                       [&fieldValue](const FieldRequirement &requirement) {
                           const QString actual = fieldValue(requirement.field).value_or(QString());
                           const bool equal = actual == requirement.value;
                           return requirement.op == SelectorOperator::NotEquals ? !equal : equal;
                       });
}

bool FieldSelector::matches(const QHash<QString, QString> &fields) const
{
    return matches([&fields](const QString &field) -> std::optional<QString> {
        const auto it = fields.constFind(field);
        if (it == fields.constEnd())
            return std::nullopt;
        return *it;
    });
}

std::optional<QString> FieldSelector::exactMatch(const QString &field) const
{
    for (const FieldRequirement &requirement : m_requirements) {
        if (requirement.field == field && requirement.op == SelectorOperator::Equals)
            return requirement.value;
    }
    return std::nullopt;
}

QString FieldSelector::toString() const
{
    QStringList terms;
    terms.reserve(m_requirements.size());
    for (const FieldRequirement &requirement : m_requirements) {
        const QLatin1String op = requirement.op == SelectorOperator::NotEquals ? QLatin1String("!=")
                                                                               : QLatin1String("=");
        terms.append(requirement.field + op + escapeValue(requirement.value));
    }
    return terms.join(QLatin1Char(','));
}

QString FieldSelector::escapeValue(QStringView value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        if (c == u'\\' || c == u',' || c == u'=')
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

Result<QString> FieldSelector::unescapeValue(QStringView escaped)
{
    QString out;
    out.reserve(escaped.size());
    for (qsizetype i = 0; i < escaped.size(); ++i) {
        const QChar c = escaped[i];
        if (c == u',' || c == u'=') {
            return invalid(QStringLiteral("invalid field selector: unescaped character in "
                                          "value: '") +
                           c + QLatin1Char('\''));
        }
        if (c != u'\\') {
            out += c;
            continue;
        }
        if (i + 1 == escaped.size()) // a value may not end in the middle of an escape
            return invalid(QStringLiteral("invalid field selector: invalid escape sequence: \\"));
        const QChar next = escaped[++i];
        if (next != u'\\' && next != u',' && next != u'=') {
            // Show a whole character even when it is a surrogate pair.
            const qsizetype length = next.isHighSurrogate() && i + 1 < escaped.size() ? 2 : 1;
            return invalid(QStringLiteral("invalid field selector: invalid escape sequence: \\") +
                           escaped.mid(i, length));
        }
        out += next;
    }
    return out;
}

} // namespace flotilla::api
