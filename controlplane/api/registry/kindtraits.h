#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace flotilla::api {

// One error about one field, as Kubernetes reports them in a 422 Invalid Status:
// `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
struct FieldError
{
    enum class Type { Required, Invalid, NotSupported, Forbidden, Duplicate, TooLong };
    Type type = Type::Invalid;
    QString field; // "spec.template.spec.containers[0].name"
    QString detail;
    QJsonValue value = QJsonValue::Undefined;

    QString reason() const; // "FieldValueRequired", "FieldValueInvalid", …
    QString message() const;
};
using FieldErrors = QList<FieldError>;

struct TableColumn
{
    QString name;
    QString type;     // "string", "integer", "date"
    QString format;   // "name" for the NAME column
    int priority = 0; // 0: always shown; 1: only with -o wide
    QString description;
};

// The facts about a kind that upstream keeps in code rather than in the API schema:
// short names and categories (discovery), server-side printing (Table columns),
// defaulting, validation, field selectors, and how status and generation behave.
// One instance per kind, defined in registry/kinds/<kind>.cpp.
struct KindTraits
{
    QString group;
    QString kind;
    QStringList shortNames;
    QStringList categories;

    // Columns after NAME (NAME is always first; AGE is added where upstream has it).
    QList<TableColumn> columns;
    std::function<QJsonArray(const QJsonObject &object, qint64 nowMs)> cells;

    std::function<void(QJsonObject &object)> defaults;
    // `old` is null on create. Metadata is validated generically elsewhere.
    std::function<FieldErrors(const QJsonObject &object, const QJsonObject *old)> validate;

    // Field selectors beyond metadata.name and metadata.namespace: name → value getter.
    QList<std::pair<QString, std::function<QString(const QJsonObject &)>>> fieldSelectors;

    bool nameIsDnsLabel = false; // else a DNS-1123 subdomain
    bool specTracksGeneration = true;
    bool clearStatusOnCreate = true; // when the kind has a status subresource

    std::optional<std::function<QString(const QJsonObject &)>>
    fieldSelector(const QString &name) const
    {
        for (const auto &[field, getter] : fieldSelectors) {
            if (field == name)
                return getter;
        }
        return std::nullopt;
    }
};

// Every built-in kind's traits (registry/kinds/*.cpp); null if the kind is not served.
const KindTraits *builtinKindTraits(const QString &group, const QString &kind);
QList<const KindTraits *> allBuiltinKindTraits();

} // namespace flotilla::api
