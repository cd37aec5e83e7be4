#include "registry/validation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace flotilla::api {

QString FieldError::reason() const
{
    switch (type) {
    case Type::Required:
        return QStringLiteral("FieldValueRequired");
    case Type::NotSupported:
        return QStringLiteral("FieldValueNotSupported");
    case Type::Forbidden:
        return QStringLiteral("FieldValueForbidden");
    case Type::Duplicate:
        return QStringLiteral("FieldValueDuplicate");
    case Type::TooLong:
        return QStringLiteral("FieldValueTooLong");
    case Type::Invalid:
        break;
    }
    return QStringLiteral("FieldValueInvalid");
}

namespace {

QString valueText(const QJsonValue &value)
{
    if (value.isString())
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isNull() || value.isUndefined())
        return QStringLiteral("null");
    return QString::fromUtf8(value.isArray()
                                 ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

} // namespace

QString FieldError::message() const
{
    switch (type) {
    case Type::Required:
        return field + QStringLiteral(": Required value") +
               (detail.isEmpty() ? QString() : QStringLiteral(": ") + detail);
    case Type::Forbidden:
        return field + QStringLiteral(": Forbidden: ") + detail;
    case Type::NotSupported:
        return field + QStringLiteral(": Unsupported value: ") + valueText(value) +
               (detail.isEmpty() ? QString() : QStringLiteral(": ") + detail);
    case Type::Duplicate:
        return field + QStringLiteral(": Duplicate value: ") + valueText(value);
    case Type::TooLong:
        return field + QStringLiteral(": Too long: ") + detail;
    case Type::Invalid:
        break;
    }
    return field + QStringLiteral(": Invalid value: ") + valueText(value) + QStringLiteral(": ") +
           detail;
}

namespace validation {

namespace {

const QRegularExpression &labelPattern()
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    return re;
}

const QRegularExpression &qualifiedNamePattern()
{
    static const QRegularExpression re(
        QStringLiteral("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$"));
    return re;
}

} // namespace

QString dns1123Label(const QString &value)
{
    if (value.size() > 63)
        return QStringLiteral("must be no more than 63 characters");
    if (!labelPattern().match(value).hasMatch())
        return QStringLiteral("a lowercase RFC 1123 label must consist of lower case alphanumeric "
                              "characters or '-', and must start and end with an alphanumeric "
                              "character (e.g. 'my-name',  or '123-abc', regex used for validation "
                              "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
    return {};
}

QString dns1123Subdomain(const QString &value)
{
    if (value.size() > 253)
        return QStringLiteral("must be no more than 253 characters");
    static const QRegularExpression re(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    if (!re.match(value).hasMatch())
        return QStringLiteral(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            "characters, '-' or '.', and must start and end with an alphanumeric "
            "character (e.g. 'example.com', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    return {};
}

QString qualifiedName(const QString &value)
{
    QString name = value;
    const qsizetype slash = value.indexOf(QLatin1Char('/'));
    if (slash >= 0) {
        const QString prefix = value.left(slash);
        name = value.mid(slash + 1);
        if (prefix.isEmpty())
            return QStringLiteral("prefix part must be non-empty");
        if (const QString bad = dns1123Subdomain(prefix); !bad.isEmpty())
            return QStringLiteral("prefix part ") + bad;
    }
    if (name.isEmpty())
        return QStringLiteral("name part must be non-empty");
    if (name.size() > 63)
        return QStringLiteral("name part must be no more than 63 characters");
    if (!qualifiedNamePattern().match(name).hasMatch())
        return QStringLiteral(
            "name part must consist of alphanumeric characters, '-', '_' or '.', and "
            "must start and end with an alphanumeric character (e.g. 'MyName',  or "
            "'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    return {};
}

QString labelValue(const QString &value)
{
    if (value.isEmpty())
        return {};
    if (value.size() > 63)
        return QStringLiteral("must be no more than 63 characters");
    if (!qualifiedNamePattern().match(value).hasMatch())
        return QStringLiteral(
            "a valid label must be an empty string or consist of alphanumeric "
            "characters, '-', '_' or '.', and must start and end with an "
            "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
            "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    return {};
}

FieldError required(const QString &field, const QString &detail)
{
    return FieldError{FieldError::Type::Required, field, detail, QJsonValue::Undefined};
}

FieldError invalid(const QString &field, const QJsonValue &value, const QString &detail)
{
    return FieldError{FieldError::Type::Invalid, field, detail, value};
}

FieldError notSupported(const QString &field, const QJsonValue &value, const QStringList &supported)
{
    QStringList quoted;
    for (const QString &s : supported)
        quoted << QLatin1Char('"') + s + QLatin1Char('"');
    return FieldError{FieldError::Type::NotSupported, field,
                      QStringLiteral("supported values: ") + quoted.join(QStringLiteral(", ")),
                      value};
}

FieldError forbidden(const QString &field, const QString &detail)
{
    return FieldError{FieldError::Type::Forbidden, field, detail, QJsonValue::Undefined};
}

void immutable(FieldErrors &errors, const QJsonValue &now, const QJsonValue &before,
               const QString &field)
{
    if (now != before)
        errors << invalid(field, now, QStringLiteral("field is immutable"));
}

FieldErrors objectMeta(const QJsonObject &metadata, bool namespaced, bool nameIsDnsLabel)
{
    FieldErrors errors;
    const QString name = metadata.value(QLatin1String("name")).toString();
    if (name.isEmpty()) {
        if (metadata.value(QLatin1String("generateName")).toString().isEmpty())
            errors << required(QStringLiteral("metadata.name"),
                               QStringLiteral("name or generateName is required"));
    } else {
        const QString bad = nameIsDnsLabel ? dns1123Label(name) : dns1123Subdomain(name);
        if (!bad.isEmpty())
            errors << invalid(QStringLiteral("metadata.name"), name, bad);
    }
    if (!namespaced && !metadata.value(QLatin1String("namespace")).toString().isEmpty())
        errors << forbidden(QStringLiteral("metadata.namespace"),
                            QStringLiteral("not allowed on this type"));

    const QJsonObject labels = metadata.value(QLatin1String("labels")).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        if (const QString bad = qualifiedName(it.key()); !bad.isEmpty())
            errors << invalid(QStringLiteral("metadata.labels"), it.key(), bad);
        if (!it.value().isString())
            errors << invalid(QStringLiteral("metadata.labels"), it.value(),
                              QStringLiteral("must be a string"));
        else if (const QString bad = labelValue(it.value().toString()); !bad.isEmpty())
            errors << invalid(QStringLiteral("metadata.labels"), it.value(), bad);
    }
    const QJsonObject annotations = metadata.value(QLatin1String("annotations")).toObject();
    qint64 total = 0;
    for (auto it = annotations.begin(); it != annotations.end(); ++it) {
        if (const QString bad = qualifiedName(it.key().toLower()); !bad.isEmpty())
            errors << invalid(QStringLiteral("metadata.annotations"), it.key(), bad);
        total += it.key().toUtf8().size() + it.value().toString().toUtf8().size();
    }
    if (total > 256 * 1024)
        errors << FieldError{FieldError::Type::TooLong, QStringLiteral("metadata.annotations"),
                             QStringLiteral("must have at most 262144 bytes"),
                             QJsonValue::Undefined};
    const QJsonArray finalizers = metadata.value(QLatin1String("finalizers")).toArray();
    for (qsizetype i = 0; i < finalizers.size(); ++i) {
        if (const QString bad = qualifiedName(finalizers[i].toString()); !bad.isEmpty())
            errors << invalid(QStringLiteral("metadata.finalizers[%1]").arg(i), finalizers[i], bad);
    }
    return errors;
}

} // namespace validation
} // namespace flotilla::api
