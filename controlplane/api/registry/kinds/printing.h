#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Helpers for server-side printing (Table cells), matching what kubectl shows.
namespace flotilla::api::printing {

// kubectl's age format (apimachinery's HumanDuration): "45s", "3m20s", "5h", "12d", "2y30d".
QString humanDuration(qint64 ms);
// Age of an object: time since metadata.creationTimestamp, or "<unknown>".
QString age(const QJsonObject &object, qint64 nowMs);
QString ageOf(const QString &rfc3339, qint64 nowMs);

QString name(const QJsonObject &object);
QJsonObject spec(const QJsonObject &object);
QJsonObject status(const QJsonObject &object);
// "<none>" for empty text, as kubectl prints it.
QString orNone(const QString &text);
// Comma-joined container names and images of a pod spec.
QString containerNames(const QJsonObject &podSpec);
QString containerImages(const QJsonObject &podSpec);
// A label selector object (matchLabels/matchExpressions) in its string form.
QString selectorText(const QJsonObject &selector);
// A map of labels ("a=b,c=d", sorted).
QString labelsText(const QJsonObject &labels);

} // namespace flotilla::api::printing
