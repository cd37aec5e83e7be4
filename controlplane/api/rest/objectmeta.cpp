#include "rest/objectmeta.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace flotilla::api::meta {

QJsonObject of(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject();
}

QString name(const QJsonObject &object)
{
    return of(object).value(QLatin1String("name")).toString();
}

QString namespaceOf(const QJsonObject &object)
{
    return of(object).value(QLatin1String("namespace")).toString();
}

QString resourceVersion(const QJsonObject &object)
{
    return of(object).value(QLatin1String("resourceVersion")).toString();
}

QJsonObject labels(const QJsonObject &object)
{
    return of(object).value(QLatin1String("labels")).toObject();
}

void set(QJsonObject &object, const QString &field, const QJsonValue &value)
{
    QJsonObject metadata = of(object);
    if (value.isUndefined())
        metadata.remove(field);
    else
        metadata.insert(field, value);
    object.insert(QLatin1String("metadata"), metadata);
}

QString timestamp(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch - msSinceEpoch % 1000, Qt::UTC)
        .toString(Qt::ISODate);
}

QString randomSuffix()
{
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    QString suffix;
    for (int i = 0; i < 5; ++i)
        suffix +=
            QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]);
    return suffix;
}

QByteArray serialize(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace flotilla::api::meta
