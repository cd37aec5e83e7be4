#pragma once

#include "registry/resourcetype.h"
#include "rest/apierror.h"
#include "selectors/fieldselector.h"
#include "selectors/labelselector.h"

#include <QJsonObject>

#include <variant>

namespace flotilla::api {

// The label and field selectors of a list or watch, checked against what the kind
// supports (metadata.name, metadata.namespace and the kind's own field selectors).
class ListSelection
{
public:
    static std::variant<ListSelection, ApiError>
    parse(const ResourceType &type, const QString &labelSelector, const QString &fieldSelector);

    bool matches(const QJsonObject &object) const;
    bool isEverything() const { return m_labels.isEmpty() && m_fields.isEmpty(); }
    // A metadata.name=X requirement, to narrow a scan to one key.
    std::optional<QString> exactName() const
    {
        return m_fields.exactMatch(QStringLiteral("metadata.name"));
    }

private:
    const ResourceType *m_type = nullptr;
    LabelSelector m_labels;
    FieldSelector m_fields;
};

// Continue tokens: opaque to clients; they carry the list's revision and last key.
QString encodeContinue(qint64 revision, const QByteArray &lastKey);
std::optional<std::pair<qint64, QByteArray>> decodeContinue(const QString &token);

} // namespace flotilla::api
