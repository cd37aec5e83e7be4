#pragma once

#include <QJsonObject>
#include <QString>

// Reading and writing the metadata of an API object held as a QJsonObject.
namespace flotilla::api::meta {

QJsonObject of(const QJsonObject &object);
QString name(const QJsonObject &object);
QString namespaceOf(const QJsonObject &object);
QString resourceVersion(const QJsonObject &object);
QJsonObject labels(const QJsonObject &object);

// Replaces one metadata field (or removes it when `value` is undefined).
void set(QJsonObject &object, const QString &field, const QJsonValue &value);

// RFC 3339 in UTC with second precision, as Kubernetes writes timestamps.
QString timestamp(qint64 msSinceEpoch);
// Five characters from Kubernetes' generateName alphabet (no vowels, no look-alikes).
QString randomSuffix();

QByteArray serialize(const QJsonObject &object);

} // namespace flotilla::api::meta
