#include "rest/listselection.h"

#include "rest/objectmeta.h"

#include <QJsonDocument>

namespace flotilla::api {

std::variant<ListSelection, ApiError> ListSelection::parse(const ResourceType &type,
                                                           const QString &labelSelector,
                                                           const QString &fieldSelector)
{
    ListSelection selection;
    selection.m_type = &type;
    auto labels = LabelSelector::parse(labelSelector);
    if (!labels)
        return ApiError::badRequest(QStringLiteral("unable to parse requirement: ") +
                                    labels.error().message);
    selection.m_labels = *labels;
    auto fields = FieldSelector::parse(fieldSelector);
    if (!fields)
        return ApiError::badRequest(fields.error().message);
    for (const FieldRequirement &requirement : fields->requirements()) {
        const QString &field = requirement.field;
        if (field != QLatin1String("metadata.name") &&
            field != QLatin1String("metadata.namespace") && !type.traits->fieldSelector(field))
            return ApiError::badRequest(QStringLiteral("field label not supported: ") + field);
    }
    selection.m_fields = *fields;
    return selection;
}

bool ListSelection::matches(const QJsonObject &object) const
{
    if (!m_labels.isEmpty() && !m_labels.matches(meta::labels(object)))
        return false;
    if (m_fields.isEmpty())
        return true;
    return m_fields.matches([this, &object](const QString &field) -> std::optional<QString> {
        if (field == QLatin1String("metadata.name"))
            return meta::name(object);
        if (field == QLatin1String("metadata.namespace"))
            return meta::namespaceOf(object);
        if (const auto getter = m_type->traits->fieldSelector(field))
            return (*getter)(object);
        return std::nullopt;
    });
}

QString encodeContinue(qint64 revision, const QByteArray &lastKey)
{
    const QJsonObject token{{QStringLiteral("v"), QStringLiteral("meta.k8s.io/v1")},
                            {QStringLiteral("rv"), revision},
                            {QStringLiteral("start"), QString::fromUtf8(lastKey)}};
    return QString::fromLatin1(QJsonDocument(token)
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(QByteArray::Base64UrlEncoding));
}

std::optional<std::pair<qint64, QByteArray>> decodeContinue(const QString &token)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(*decoded).object();
    const qint64 revision = qint64(object.value(QLatin1String("rv")).toDouble());
    const QString start = object.value(QLatin1String("start")).toString();
    if (object.value(QLatin1String("v")).toString() != QLatin1String("meta.k8s.io/v1") ||
        revision <= 0 || start.isEmpty())
        return std::nullopt;
    return std::make_pair(revision, start.toUtf8());
}

} // namespace flotilla::api
