#include "selectors/labelrequirement.h"

#include "selectors/labelvalidation.h"

#include <algorithm>
#include <limits>

namespace flotilla::api {

namespace {

// strconv.ParseInt(s, 10, 64): optional sign, at least one digit, no overflow.
std::optional<qint64> parseInt64(QStringView s)
{
    qsizetype i = 0;
    bool negative = false;
    if (!s.isEmpty() && (s[0] == u'+' || s[0] == u'-')) {
        negative = s[0] == u'-';
        ++i;
    }
    if (i == s.size())
        return std::nullopt;
    // Accumulate as a negative number: its range is one larger, so INT64_MIN parses.
    constexpr qint64 min = std::numeric_limits<qint64>::min();
    qint64 result = 0;
    for (; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        if (c < u'0' || c > u'9')
            return std::nullopt;
        const int digit = c - u'0';
        if (result < (min + digit) / 10)
            return std::nullopt;
        result = result * 10 - digit;
    }
    if (!negative) {
        if (result == min)
            return std::nullopt;
        result = -result;
    }
    return result;
}

QString operatorName(SelectorOperator op)
{
    switch (op) {
    case SelectorOperator::Equals:
        return QStringLiteral("=");
    case SelectorOperator::DoubleEquals:
        return QStringLiteral("==");
    case SelectorOperator::NotEquals:
        return QStringLiteral("!=");
    case SelectorOperator::In:
        return QStringLiteral("in");
    case SelectorOperator::NotIn:
        return QStringLiteral("notin");
    case SelectorOperator::Exists:
        return QStringLiteral("exists");
    case SelectorOperator::DoesNotExist:
        return QStringLiteral("!");
    case SelectorOperator::GreaterThan:
        return QStringLiteral("gt");
    case SelectorOperator::LessThan:
        return QStringLiteral("lt");
    }
    return QString();
}

} // namespace

LabelRequirement::LabelRequirement(QString key, SelectorOperator op, QStringList values)
    : m_key(std::move(key))
    , m_op(op)
    , m_values(std::move(values))
{}

Result<LabelRequirement> LabelRequirement::create(const QString &key, SelectorOperator op,
                                                  QStringList values)
{
    if (auto valid = validateLabelKey(key); !valid.ok())
        return valid.error();

    QString countProblem;
    switch (op) {
    case SelectorOperator::In:
    case SelectorOperator::NotIn:
        if (values.isEmpty())
            countProblem = QStringLiteral("for 'in', 'notin' operators, values set can't be empty");
        break;
    case SelectorOperator::Equals:
    case SelectorOperator::DoubleEquals:
    case SelectorOperator::NotEquals:
        if (values.size() != 1)
            countProblem = QStringLiteral("exact-match compatibility requires one single value");
        break;
    case SelectorOperator::Exists:
    case SelectorOperator::DoesNotExist:
        if (!values.isEmpty())
            countProblem = QStringLiteral("values set must be empty for exists and does not exist");
        break;
    case SelectorOperator::GreaterThan:
    case SelectorOperator::LessThan:
        if (values.size() != 1)
            countProblem =
                QStringLiteral("for 'Gt', 'Lt' operators, exactly one value is required");
        else if (!parseInt64(values.front()))
            countProblem = QStringLiteral("for 'Gt', 'Lt' operators, the value must be an "
                                          "integer, not \"") +
                           elideForMessage(values.front()) + QLatin1Char('"');
        break;
    }
    if (!countProblem.isEmpty()) {
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("invalid values for key \"") + elideForMessage(key) +
                         QStringLiteral("\" (operator '") + operatorName(op) +
                         QStringLiteral("'): ") + countProblem};
    }
    for (const QString &value : std::as_const(values)) {
        if (auto valid = validateLabelValue(key, value); !valid.ok())
            return valid.error();
    }
    return LabelRequirement(key, op, std::move(values));
}

bool LabelRequirement::matches(std::optional<QStringView> value) const
{
    const auto hasValue = [this](QStringView v) {
        return std::any_of(m_values.cbegin(), m_values.cend(),
                           [v](const QString &candidate) { return candidate == v; });
    };
    switch (m_op) {
    case SelectorOperator::Equals:
    case SelectorOperator::DoubleEquals:
    case SelectorOperator::In:
        return value && hasValue(*value);
    case SelectorOperator::NotEquals:
    case SelectorOperator::NotIn:
        return !value || !hasValue(*value);
    case SelectorOperator::Exists:
        return value.has_value();
    case SelectorOperator::DoesNotExist:
        return !value;
    case SelectorOperator::GreaterThan:
    case SelectorOperator::LessThan: {
        if (!value || m_values.size() != 1)
            return false;
        const std::optional<qint64> actual = parseInt64(*value);
        const std::optional<qint64> bound = parseInt64(m_values.front());
        if (!actual || !bound)
            return false;
        return m_op == SelectorOperator::GreaterThan ? *actual > *bound : *actual < *bound;
    }
    }
    return false;
}

QString LabelRequirement::toString() const
{
    QString out;
    if (m_op == SelectorOperator::DoesNotExist)
        out += QLatin1Char('!');
    out += m_key;
    switch (m_op) {
    case SelectorOperator::Exists:
    case SelectorOperator::DoesNotExist:
        return out;
    case SelectorOperator::Equals:
        out += QLatin1Char('=');
        break;
    case SelectorOperator::DoubleEquals:
        out += QLatin1String("==");
        break;
    case SelectorOperator::NotEquals:
        out += QLatin1String("!=");
        break;
    case SelectorOperator::GreaterThan:
        out += QLatin1Char('>');
        break;
    case SelectorOperator::LessThan:
        out += QLatin1Char('<');
        break;
    case SelectorOperator::In:
        out += QLatin1String(" in (");
        break;
    case SelectorOperator::NotIn:
        out += QLatin1String(" notin (");
        break;
    }
    // Sorted on output only, as upstream: the stored order is what the caller gave.
    QStringList sorted = m_values;
    std::sort(sorted.begin(), sorted.end());
    out += sorted.join(QLatin1Char(','));
    if (m_op == SelectorOperator::In || m_op == SelectorOperator::NotIn)
        out += QLatin1Char(')');
    return out;
}

} // namespace flotilla::api
