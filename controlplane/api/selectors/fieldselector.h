#pragma once

#include "common/result.h"
#include "selectors/fieldrequirement.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace flotilla::api {

// A field selector with upstream semantics (k8s.io/apimachinery/pkg/fields): an AND of
// "field=value", "field==value" and "field!=value" terms. A default-constructed selector
// is empty and matches everything.
//
// Which fields exist is not this type's business: the caller checks requirements()
// against the fields its resource supports and answers the rest with upstream's
// "field label not supported: <field>".
class FieldSelector
{
public:
    using FieldLookup = std::function<std::optional<QString>(const QString &field)>;

    FieldSelector() = default;

    // The syntax of `?fieldSelector=`: comma-separated terms; in a value, ',', '=' and '\'
    // are written "\,", "\=" and "\\" (any other escape, or a bare ',' or '=' in a value,
    // is an error). Empty terms are skipped ("a=b," is "a=b"). Fields are taken verbatim,
    // including spaces, as upstream. Terms are kept in the order upstream sorts them
    // (by their text). Errors are InvalidArgument; text longer than maxSelectorLength is
    // refused unread.
    static Result<FieldSelector> parse(const QString &text);

    // `fieldValue` gives the object's value of a field. As upstream, a field the object
    // lacks reads as "": "spec.nodeName=" selects unscheduled pods, and "x!=v" selects
    // objects without x.
    bool matches(const FieldLookup &fieldValue) const;
    bool matches(const QHash<QString, QString> &fields) const;

    QList<FieldRequirement> requirements() const { return m_requirements; }
    bool isEmpty() const { return m_requirements.isEmpty(); }

    // The value an =/== term on `field` demands (the first such term), so a caller can
    // narrow e.g. a metadata.name lookup; nullopt if there is none.
    std::optional<QString> exactMatch(const QString &field) const;

    // Upstream's String(): "field=value" / "field!=value" with values escaped, joined by ','.
    QString toString() const;

    // fields.EscapeValue / UnescapeValue.
    static QString escapeValue(QStringView value);
    static Result<QString> unescapeValue(QStringView escaped);

private:
    explicit FieldSelector(QList<FieldRequirement> requirements);

    QList<FieldRequirement> m_requirements;
};

} // namespace flotilla::api
