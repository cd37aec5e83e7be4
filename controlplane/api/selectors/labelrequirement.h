#pragma once

#include "common/result.h"
#include "selectors/selection.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace flotilla::api {

// One term of a label selector: a key, an operator and its values (upstream
// labels.Requirement). Always valid: the only way to make one is create().
class LabelRequirement
{
public:
    // Validates as upstream's NewRequirement: the key; the value count for the operator
    // (In/NotIn at least one, =/==/!=/>/< exactly one, Exists/DoesNotExist none); each
    // value; and, for > and <, that the value is an integer. Errors are InvalidArgument.
    static Result<LabelRequirement> create(const QString &key, SelectorOperator op,
                                           QStringList values);

    const QString &key() const { return m_key; }
    SelectorOperator op() const { return m_op; }
    const QStringList &values() const { return m_values; }

    // `value` is the object's label for key(), or nullopt when it has none. As upstream,
    // != and notin match an object without the label; =, ==, in, > and < do not.
    bool matches(std::optional<QStringView> value) const;

    // Upstream's Requirement.String(): "k=v", "k!=v", "k in (a,b)" with the values
    // sorted, "k", "!k", "k>3".
    QString toString() const;

private:
    LabelRequirement(QString key, SelectorOperator op, QStringList values);

    QString m_key;
    SelectorOperator m_op = SelectorOperator::Exists;
    QStringList m_values;
};

} // namespace flotilla::api
