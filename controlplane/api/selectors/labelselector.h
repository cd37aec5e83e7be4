#pragma once

#include "common/result.h"
#include "selectors/labelrequirement.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace flotilla::api {

// A label selector with upstream semantics (k8s.io/apimachinery/pkg/labels): an AND of
// requirements, kept sorted by key. A default-constructed selector is empty and matches
// everything. (Upstream's "nothing" selector, from an absent metav1.LabelSelector, is the
// caller's business: this type only represents selectors that exist.)
class LabelSelector
{
public:
    LabelSelector() = default;

    // The string syntax of `?labelSelector=` and `kubectl -l`: "a=b", "a==b", "a!=b",
    // "a in (x,y)", "a notin (x,y)", "a", "!a", "a>1", "a<1", comma-separated. Empty or
    // blank text is the empty selector. Errors are InvalidArgument with upstream's
    // wording, e.g. "unable to parse requirement: found '(', expected: identifier".
    // Text longer than maxSelectorLength is refused unread.
    static Result<LabelSelector> parse(const QString &text);

    // A metav1.LabelSelector: {"matchLabels": {k: v}, "matchExpressions": [{"key",
    // "operator": In|NotIn|Exists|DoesNotExist, "values": [...]}]}, as upstream's
    // LabelSelectorAsSelector. {} is the empty selector, which matches everything.
    static Result<LabelSelector> fromJson(const QJsonObject &selector);

    // `labels` is an object's metadata.labels map. A non-string value (which a valid
    // object cannot have) counts as present with the empty value.
    bool matches(const QJsonObject &labels) const;
    bool matches(const QHash<QString, QString> &labels) const;

    bool isEmpty() const { return m_requirements.isEmpty(); }
    const QList<LabelRequirement> &requirements() const { return m_requirements; }

    // Upstream's RequiresExactMatch: the single value an =, == or single-valued `in`
    // requirement on `key` demands, so a caller can narrow a lookup by it.
    std::optional<QString> exactMatch(const QString &key) const;

    // Canonical form, as upstream's String(): requirements by key, values sorted, joined
    // by ','. Parsing it gives back an equal selector.
    QString toString() const;

private:
    explicit LabelSelector(QList<LabelRequirement> requirements);

    QList<LabelRequirement> m_requirements;
};

} // namespace flotilla::api
