#include "registry/kinds/printing.h"

#include <QDateTime>
#include <QStringList>

namespace flotilla::api::printing {

QString humanDuration(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    if (seconds < -1)
        return QStringLiteral("<invalid>");
    if (seconds < 0)
        return QStringLiteral("0s");
    if (seconds < 60 * 2)
        return QStringLiteral("%1s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 10) {
        const qint64 s = seconds % 60;
        return s == 0 ? QStringLiteral("%1m").arg(minutes)
                      : QStringLiteral("%1m%2s").arg(minutes).arg(s);
    }
    if (minutes < 60 * 3)
        return QStringLiteral("%1m").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 8) {
        const qint64 m = minutes % 60;
        return m == 0 ? QStringLiteral("%1h").arg(hours)
                      : QStringLiteral("%1h%2m").arg(hours).arg(m);
    }
    if (hours < 48)
        return QStringLiteral("%1h").arg(hours);
    if (hours < 24 * 8) {
        const qint64 h = hours % 24;
        return h == 0 ? QStringLiteral("%1d").arg(hours / 24)
                      : QStringLiteral("%1d%2h").arg(hours / 24).arg(h);
    }
    if (hours < 24 * 365 * 2)
        return QStringLiteral("%1d").arg(hours / 24);
    if (hours < 24 * 365 * 8) {
        const qint64 d = (hours / 24) % 365;
        return d == 0 ? QStringLiteral("%1y").arg(hours / 24 / 365)
                      : QStringLiteral("%1y%2d").arg(hours / 24 / 365).arg(d);
    }
    return QStringLiteral("%1y").arg(hours / 24 / 365);
}

QString ageOf(const QString &rfc3339, qint64 nowMs)
{
    const QDateTime created = QDateTime::fromString(rfc3339, Qt::ISODate);
    if (!created.isValid())
        return QStringLiteral("<unknown>");
    return humanDuration(nowMs - created.toMSecsSinceEpoch());
}

QString age(const QJsonObject &object, qint64 nowMs)
{
    return ageOf(object.value(QLatin1String("metadata"))
                     .toObject()
                     .value(QLatin1String("creationTimestamp"))
                     .toString(),
                 nowMs);
}

QString name(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata"))
        .toObject()
        .value(QLatin1String("name"))
        .toString();
}

QJsonObject spec(const QJsonObject &object)
{
    return object.value(QLatin1String("spec")).toObject();
}

QJsonObject status(const QJsonObject &object)
{
    return object.value(QLatin1String("status")).toObject();
}

QString orNone(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("<none>") : text;
}

namespace {

QString joinContainerField(const QJsonObject &podSpec, QLatin1String field)
{
    QStringList values;
    for (const QJsonValue &c : podSpec.value(QLatin1String("containers")).toArray())
        values << c.toObject().value(field).toString();
    return values.join(QLatin1Char(','));
}

} // namespace

QString containerNames(const QJsonObject &podSpec)
{
    return joinContainerField(podSpec, QLatin1String("name"));
}

QString containerImages(const QJsonObject &podSpec)
{
    return joinContainerField(podSpec, QLatin1String("image"));
}

QString labelsText(const QJsonObject &labels)
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it) // QJsonObject iterates sorted
        parts << it.key() + QLatin1Char('=') + it.value().toString();
    return parts.join(QLatin1Char(','));
}

QString selectorText(const QJsonObject &selector)
{
    QStringList parts;
    const QString labels = labelsText(selector.value(QLatin1String("matchLabels")).toObject());
    if (!labels.isEmpty())
        parts << labels;
    for (const QJsonValue &e : selector.value(QLatin1String("matchExpressions")).toArray()) {
        const QJsonObject expr = e.toObject();
        const QString key = expr.value(QLatin1String("key")).toString();
        const QString op = expr.value(QLatin1String("operator")).toString();
        QStringList values;
        for (const QJsonValue &v : expr.value(QLatin1String("values")).toArray())
            values << v.toString();
        if (op == QLatin1String("In"))
            parts << key + QStringLiteral(" in (") + values.join(QLatin1Char(',')) +
                         QLatin1Char(')');
        else if (op == QLatin1String("NotIn"))
            parts << key + QStringLiteral(" notin (") + values.join(QLatin1Char(',')) +
                         QLatin1Char(')');
        else if (op == QLatin1String("Exists"))
            parts << key;
        else if (op == QLatin1String("DoesNotExist"))
            parts << QLatin1Char('!') + key;
    }
    return parts.join(QLatin1Char(','));
}

} // namespace flotilla::api::printing
