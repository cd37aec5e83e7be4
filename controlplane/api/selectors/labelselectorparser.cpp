#include "selectors/labelselectorparser.h"

#include "selectors/labelvalidation.h"

#include <algorithm>

namespace flotilla::api {

namespace {

bool isWhitespace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\r' || c == u'\n';
}

bool isSpecialSymbol(QChar c)
{
    switch (c.unicode()) {
    case u'=':
    case u'!':
    case u'(':
    case u')':
    case u',':
    case u'>':
    case u'<':
        return true;
    default:
        return false;
    }
}

Error syntaxError(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message};
}

// "found 'x', <rest>", upstream's phrasing; the end of the input shows as ''.
QString found(QStringView literal, QLatin1String rest)
{
    return QStringLiteral("found '") + elideForMessage(literal) + QStringLiteral("', ") + rest;
}

QStringList sortedUnique(QStringList values)
{
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

} // namespace

LabelSelectorParser::LabelSelectorParser(QStringView text)
    : m_text(text)
{}

LabelSelectorParser::Item LabelSelectorParser::lex()
{
    while (m_lexPosition < m_text.size() && isWhitespace(m_text[m_lexPosition]))
        ++m_lexPosition;
    const qsizetype start = m_lexPosition;
    if (start == m_text.size())
        return {Token::EndOfString, m_text.mid(start, 0)};

    const QChar c = m_text[start];
    if (isSpecialSymbol(c)) {
        // Upstream extends a symbol while it still spells a token: only "==" and "!=".
        if ((c == u'=' || c == u'!') && start + 1 < m_text.size() && m_text[start + 1] == u'=') {
            m_lexPosition += 2;
            return {c == u'=' ? Token::DoubleEquals : Token::NotEquals, m_text.mid(start, 2)};
        }
        ++m_lexPosition;
        const QStringView literal = m_text.mid(start, 1);
        switch (c.unicode()) {
        case u'=':
            return {Token::Equals, literal};
        case u'!':
            return {Token::DoesNotExist, literal};
        case u'(':
            return {Token::OpenPar, literal};
        case u')':
            return {Token::ClosedPar, literal};
        case u',':
            return {Token::Comma, literal};
        case u'>':
            return {Token::GreaterThan, literal};
        default:
            return {Token::LessThan, literal};
        }
    }

    while (m_lexPosition < m_text.size() && !isSpecialSymbol(m_text[m_lexPosition]) &&
           !isWhitespace(m_text[m_lexPosition]))
        ++m_lexPosition;
    const QStringView literal = m_text.mid(start, m_lexPosition - start);
    if (literal == u"in")
        return {Token::In, literal};
    if (literal == u"notin")
        return {Token::NotIn, literal};
    return {Token::Identifier, literal};
}

LabelSelectorParser::Item LabelSelectorParser::lookahead(Context context) const
{
    // The token list always ends with EndOfString; never look past it.
    Item item = m_items[std::min(m_position, m_items.size() - 1)];
    if (context == Context::Values && (item.token == Token::In || item.token == Token::NotIn))
        item.token = Token::Identifier;
    return item;
}

LabelSelectorParser::Item LabelSelectorParser::consume(Context context)
{
    const Item item = lookahead(context);
    if (m_position < m_items.size() - 1)
        ++m_position;
    return item;
}

Result<QList<LabelRequirement>> LabelSelectorParser::parse()
{
    m_items.clear();
    m_position = 0;
    m_lexPosition = 0;
    for (;;) {
        m_items.append(lex());
        if (m_items.back().token == Token::EndOfString)
            break;
    }

    QList<LabelRequirement> requirements;
    for (;;) {
        const Item next = lookahead(Context::Values);
        switch (next.token) {
        case Token::Identifier:
        case Token::DoesNotExist: {
            auto requirement = parseRequirement();
            if (!requirement.ok()) {
                return syntaxError(QStringLiteral("unable to parse requirement: ") +
                                   requirement.error().message);
            }
            requirements.append(std::move(requirement).value());
            const Item after = consume(Context::Values);
            if (after.token == Token::EndOfString)
                return requirements;
            if (after.token != Token::Comma) {
                return syntaxError(
                    found(after.literal, QLatin1String("expected: ',' or 'end of string'")));
            }
            const Item following = lookahead(Context::Values);
            if (following.token != Token::Identifier && following.token != Token::DoesNotExist) {
                return syntaxError(
                    found(following.literal, QLatin1String("expected: identifier after ','")));
            }
            break;
        }
        case Token::EndOfString:
            return requirements;
        default:
            return syntaxError(
                found(next.literal, QLatin1String("expected: !, identifier, or 'end of string'")));
        }
    }
}

Result<LabelRequirement> LabelSelectorParser::parseRequirement()
{
    auto keyAndOperator = parseKeyAndInferOperator();
    if (!keyAndOperator.ok())
        return keyAndOperator.error();
    const QString &key = keyAndOperator->key;
    if (keyAndOperator->op)
        return LabelRequirement::create(key, *keyAndOperator->op, {});

    auto op = parseOperator();
    if (!op.ok())
        return op.error();
    auto values = (*op == SelectorOperator::In || *op == SelectorOperator::NotIn)
                      ? parseValues()
                      : parseExactValue();
    if (!values.ok())
        return values.error();
    return LabelRequirement::create(key, *op, sortedUnique(std::move(values).value()));
}

Result<LabelSelectorParser::KeyAndOperator> LabelSelectorParser::parseKeyAndInferOperator()
{
    KeyAndOperator result;
    Item item = consume(Context::Values);
    if (item.token == Token::DoesNotExist) {
        result.op = SelectorOperator::DoesNotExist;
        item = consume(Context::Values);
    }
    if (item.token != Token::Identifier)
        return syntaxError(found(item.literal, QLatin1String("expected: identifier")));
    // The key is checked before the operator, as upstream, so "a/b/c=x" reports the key.
    if (auto valid = validateLabelKey(item.literal); !valid.ok())
        return valid.error();
    result.key = item.literal.toString();
    const Token next = lookahead(Context::Values).token;
    if ((next == Token::EndOfString || next == Token::Comma) && !result.op)
        result.op = SelectorOperator::Exists;
    return result;
}

Result<SelectorOperator> LabelSelectorParser::parseOperator()
{
    const Item item = consume(Context::KeyAndOperator);
    switch (item.token) {
    case Token::In:
        return SelectorOperator::In;
    case Token::NotIn:
        return SelectorOperator::NotIn;
    case Token::Equals:
        return SelectorOperator::Equals;
    case Token::DoubleEquals:
        return SelectorOperator::DoubleEquals;
    case Token::NotEquals:
        return SelectorOperator::NotEquals;
    case Token::GreaterThan:
        return SelectorOperator::GreaterThan;
    case Token::LessThan:
        return SelectorOperator::LessThan;
    default:
        return syntaxError(
            found(item.literal, QLatin1String("expected: in, notin, =, ==, !=, gt, lt")));
    }
}

Result<QStringList> LabelSelectorParser::parseValues()
{
    const Item open = consume(Context::Values);
    if (open.token != Token::OpenPar)
        return syntaxError(found(open.literal, QLatin1String("expected: '('")));
    const Item first = lookahead(Context::Values);
    switch (first.token) {
    case Token::Identifier:
    case Token::Comma: {
        auto values = parseIdentifiersList();
        if (!values.ok())
            return values;
        const Item close = consume(Context::Values);
        if (close.token != Token::ClosedPar)
            return syntaxError(found(close.literal, QLatin1String("expected: ')'")));
        return values;
    }
    case Token::ClosedPar:
        // "()" is the set holding the empty value, as upstream: "a in ()" selects a="".
        consume(Context::Values);
        return QStringList{QString()};
    default:
        return syntaxError(found(first.literal, QLatin1String("expected: ',', ')' or identifier")));
    }
}

// A comma-separated list of possibly empty values, with upstream's exact handling of
// empty ones (including its rejection of "(a,,)" and "(,,)").
Result<QStringList> LabelSelectorParser::parseIdentifiersList()
{
    QStringList values;
    for (;;) {
        const Item item = consume(Context::Values);
        switch (item.token) {
        case Token::Identifier: {
            values.append(item.literal.toString());
            const Item next = lookahead(Context::Values);
            if (next.token == Token::Comma)
                continue;
            if (next.token == Token::ClosedPar)
                return values;
            return syntaxError(found(next.literal, QLatin1String("expected: ',' or ')'")));
        }
        case Token::Comma: {
            if (values.isEmpty())
                values.append(QString()); // "(,"
            const Item next = lookahead(Context::Values);
            if (next.token == Token::ClosedPar) {
                values.append(QString()); // ",)"
                return values;
            }
            if (next.token == Token::Comma) {
                consume(Context::Values);
                values.append(QString()); // ",,"
            }
            break;
        }
        default:
            return syntaxError(found(item.literal, QLatin1String("expected: ',', or identifier")));
        }
    }
}

Result<QStringList> LabelSelectorParser::parseExactValue()
{
    const Item next = lookahead(Context::Values);
    if (next.token == Token::EndOfString || next.token == Token::Comma)
        return QStringList{QString()}; // "a=" selects the empty value
    const Item item = consume(Context::Values);
    if (item.token == Token::Identifier)
        return QStringList{item.literal.toString()};
    return syntaxError(found(item.literal, QLatin1String("expected: identifier")));
}

} // namespace flotilla::api
