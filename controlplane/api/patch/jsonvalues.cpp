#include "patch/jsonvalues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <vector>

namespace flotilla::api {

QString jsonIdentity(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("z");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("t") : QStringLiteral("f");
    case QJsonValue::Double: {
        // Integers stay exact beyond 2^53 (Qt keeps them as qint64); other numbers are
        // printed with enough digits to round-trip.
        const double d = value.toDouble();
        const qint64 i = value.toInteger();
        if (static_cast<double>(i) == d)
            return QStringLiteral("i") + QString::number(i);
        return QStringLiteral("d") + QString::number(d, 'g', 17);
    }
    case QJsonValue::String:
        return QStringLiteral("s") + value.toString();
    case QJsonValue::Array:
        return QStringLiteral("a") +
               QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        // QJsonObject keeps its keys sorted, so the serialisation is canonical.
        return QStringLiteral("o") +
               QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("u");
}

QString describeJson(const QJsonValue &value)
{
    constexpr qsizetype kMaxLength = 120;
    QString text;
    if (value.isObject())
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    else if (value.isArray())
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    else
        text = QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
                   .mid(1)
                   .chopped(1);
    if (text.size() > kMaxLength)
        text = text.left(kMaxLength) + QStringLiteral("…");
    return text;
}

JsonExtent measureJson(const QJsonValue &value, qint64 valueLimit, int depthLimit)
{
    JsonExtent extent;
    std::vector<std::pair<QJsonValue, int>> pending{{value, 0}};
    while (!pending.empty()) {
        auto [current, level] = std::move(pending.back());
        pending.pop_back();
        ++extent.values;
        if (extent.values > valueLimit) {
            extent.exceeded = true;
            return extent;
        }
        if (!current.isObject() && !current.isArray())
            continue;
        extent.depth = std::max(extent.depth, level + 1);
        if (extent.depth > depthLimit) {
            extent.exceeded = true;
            return extent;
        }
        // Refuse before queueing a huge container's children, not after.
        const qint64 children =
            current.isObject() ? current.toObject().size() : current.toArray().size();
        if (extent.values + static_cast<qint64>(pending.size()) + children > valueLimit) {
            extent.exceeded = true;
            return extent;
        }
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            for (auto it = object.constBegin(); it != object.constEnd(); ++it)
                pending.emplace_back(it.value(), level + 1);
        } else {
            for (const QJsonValue &item : current.toArray())
                pending.emplace_back(item, level + 1);
        }
    }
    return extent;
}

} // namespace flotilla::api
