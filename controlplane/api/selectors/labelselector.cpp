#include "selectors/labelselector.h"

#include "selectors/labelselectorparser.h"

#include <QJsonArray>
#include <QStringList>

#include <algorithm>

namespace flotilla::api {

namespace {

Error invalid(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message};
}

std::optional<SelectorOperator> expressionOperator(const QString &name)
{
    // metav1.LabelSelectorOperator: exactly these four spellings.
    if (name == QLatin1String("In"))
        return SelectorOperator::In;
    if (name == QLatin1String("NotIn"))
        return SelectorOperator::NotIn;
    if (name == QLatin1String("Exists"))
        return SelectorOperator::Exists;
    if (name == QLatin1String("DoesNotExist"))
        return SelectorOperator::DoesNotExist;
    return std::nullopt;
}

Result<LabelRequirement> expressionFromJson(const QJsonValue &value, qsizetype index)
{
    const QString where = QStringLiteral("matchExpressions[%1]").arg(index);
    if (!value.isObject())
        return invalid(where + QStringLiteral(" must be an object"));
    const QJsonObject expression = value.toObject();

    const QJsonValue key = expression.value(QLatin1String("key"));
    if (!key.isString() && !key.isUndefined() && !key.isNull())
        return invalid(where + QStringLiteral(".key must be a string"));
    const QJsonValue operatorValue = expression.value(QLatin1String("operator"));
    if (!operatorValue.isString() && !operatorValue.isUndefined() && !operatorValue.isNull())
        return invalid(where + QStringLiteral(".operator must be a string"));
    const std::optional<SelectorOperator> op = expressionOperator(operatorValue.toString());
    if (!op) {
        return invalid(where + QStringLiteral(".operator: \"") +
                       elideForMessage(operatorValue.toString()) +
                       QStringLiteral("\" is not a valid label selector operator"));
    }

    QStringList values;
    const QJsonValue valuesValue = expression.value(QLatin1String("values"));
    if (!valuesValue.isUndefined() && !valuesValue.isNull()) {
        if (!valuesValue.isArray())
            return invalid(where + QStringLiteral(".values must be an array of strings"));
        const QJsonArray array = valuesValue.toArray();
        values.reserve(array.size());
        for (const QJsonValue &v : array) {
            if (!v.isString())
                return invalid(where + QStringLiteral(".values must be an array of strings"));
            values.append(v.toString());
        }
    }

    auto requirement = LabelRequirement::create(key.toString(), *op, std::move(values));
    if (!requirement.ok())
        return invalid(where + QStringLiteral(": ") + requirement.error().message);
    return requirement;
}

} // namespace

LabelSelector::LabelSelector(QList<LabelRequirement> requirements)
    : m_requirements(std::move(requirements))
{
    // Stable, so requirements on the same key keep their order and toString() round-trips.
    std::stable_sort(
        m_requirements.begin(), m_requirements.end(),
        [](const LabelRequirement &a, const LabelRequirement &b) { return a.key() < b.key(); });
}

Result<LabelSelector> LabelSelector::parse(const QString &text)
{
    if (text.size() > maxSelectorLength) {
        return invalid(QStringLiteral("label selector is too long: %1 characters, at most %2 "
                                      "are accepted")
                           .arg(text.size())
                           .arg(maxSelectorLength));
    }
    auto requirements = LabelSelectorParser(text).parse();
    if (!requirements.ok())
        return requirements.error();
    return LabelSelector(std::move(requirements).value());
}

Result<LabelSelector> LabelSelector::fromJson(const QJsonObject &selector)
{
    QList<LabelRequirement> requirements;

    const QJsonValue matchLabels = selector.value(QLatin1String("matchLabels"));
    if (!matchLabels.isUndefined() && !matchLabels.isNull()) {
        if (!matchLabels.isObject())
            return invalid(QStringLiteral("matchLabels must be an object of strings"));
        const QJsonObject labels = matchLabels.toObject();
        for (auto it = labels.constBegin(); it != labels.constEnd(); ++it) {
            if (!it->isString()) {
                return invalid(QStringLiteral("matchLabels.") + elideForMessage(it.key()) +
                               QStringLiteral(" must be a string"));
            }
            auto requirement =
                LabelRequirement::create(it.key(), SelectorOperator::Equals, {it->toString()});
            if (!requirement.ok())
                return invalid(QStringLiteral("matchLabels: ") + requirement.error().message);
            requirements.append(std::move(requirement).value());
        }
    }

    const QJsonValue matchExpressions = selector.value(QLatin1String("matchExpressions"));
    if (!matchExpressions.isUndefined() && !matchExpressions.isNull()) {
        if (!matchExpressions.isArray())
            return invalid(QStringLiteral("matchExpressions must be an array"));
        const QJsonArray expressions = matchExpressions.toArray();
        for (qsizetype i = 0; i < expressions.size(); ++i) {
            auto requirement = expressionFromJson(expressions.at(i), i);
            if (!requirement.ok())
                return requirement.error();
            requirements.append(std::move(requirement).value());
        }
    }
    return LabelSelector(std::move(requirements));
}

bool LabelSelector::matches(const QJsonObject &labels) const
{
    return std::all_of(m_requirements.cbegin(), m_requirements.cend(),
                       [&labels](const LabelRequirement &requirement) {
                           const auto it = labels.constFind(requirement.key());
                           if (it == labels.constEnd())
                               return requirement.matches(std::nullopt);
                           const QString value = it->toString();
                           return requirement.matches(QStringView(value));
                       });
}

bool LabelSelector::matches(const QHash<QString, QString> &labels) const
{
    return std::all_of(m_requirements.cbegin(), m_requirements.cend(),
                       [&labels](const LabelRequirement &requirement) {
                           const auto it = labels.constFind(requirement.key());
                           if (it == labels.constEnd())
                               return requirement.matches(std::nullopt);
                           return requirement.matches(QStringView(*it));
                       });
}

std::optional<QString> LabelSelector::exactMatch(const QString &key) const
{
    // As upstream, only the first requirement on the key is consulted.
    for (const LabelRequirement &requirement : m_requirements) {
        if (requirement.key() != key)
            continue;
        switch (requirement.op()) {
        case SelectorOperator::Equals:
        case SelectorOperator::DoubleEquals:
        case SelectorOperator::In:
            if (requirement.values().size() == 1)
                return requirement.values().front();
            return std::nullopt;
        default:
            return std::nullopt;
        }
    }
    return std::nullopt;
}

QString LabelSelector::toString() const
{
    QStringList parts;
    parts.reserve(m_requirements.size());
    for (const LabelRequirement &requirement : m_requirements)
        parts.append(requirement.toString());
    return parts.join(QLatin1Char(','));
}

} // namespace flotilla::api
