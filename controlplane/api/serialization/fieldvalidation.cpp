#include "serialization/fieldvalidation.h"

#include "schema/apischema.h"
#include "serialization/decodelimits.h"
#include "serialization/strictdecoding.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace flotilla::api {

namespace {

const QLatin1String kQuantity("io.k8s.apimachinery.pkg.api.resource.Quantity");
const QLatin1String kObjectMeta("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");

bool isTopLevelTypeField(const QString &key)
{
    return key == QLatin1String("apiVersion") || key == QLatin1String("kind");
}

// "io.k8s.api.core.v1.PodSpec" -> "PodSpec", the Go struct name.
QString shortName(const QString &definition)
{
    return definition.mid(definition.lastIndexOf(QLatin1Char('.')) + 1);
}

// "io.k8s.api.core.v1.PodSpec" -> "v1.PodSpec", how Go prints the type.
QString qualifiedName(const QString &definition)
{
    const qsizetype last = definition.lastIndexOf(QLatin1Char('.'));
    if (last <= 0)
        return definition;
    const qsizetype previous = definition.lastIndexOf(QLatin1Char('.'), last - 1);
    return definition.mid(previous + 1);
}

// The Go type upstream's decode error would name for a schema site. Go reports the
// pointed-to type for pointer fields, and metav1.Time decodes through a string, so both
// come out as here.
QString goTypeName(const SchemaNode &node, int depth = 0)
{
    if (!node.isValid() || depth > 8)
        return QStringLiteral("interface {}");
    if (node.isIntOrString())
        return QStringLiteral("intstr.IntOrString");
    const QString type = node.type();
    const QString definition = node.definitionName();
    if (type == QLatin1String("string"))
        return node.format() == QLatin1String("byte") ? QStringLiteral("[]uint8")
                                                      : QStringLiteral("string");
    if (type == QLatin1String("integer")) {
        const QString format = node.format();
        if (format == QLatin1String("int32") || format == QLatin1String("int64"))
            return format;
        return QStringLiteral("int");
    }
    if (type == QLatin1String("number"))
        return QStringLiteral("float64");
    if (type == QLatin1String("boolean"))
        return QStringLiteral("bool");
    if (type == QLatin1String("array"))
        return QStringLiteral("[]") + goTypeName(node.items(), depth + 1);
    if (type == QLatin1String("object")) {
        if (node.hasProperties() && !definition.isEmpty())
            return qualifiedName(definition);
        const SchemaNode values = node.additionalProperties();
        if (values.isValid())
            return QStringLiteral("map[string]") + goTypeName(values, depth + 1);
        if (!definition.isEmpty())
            return qualifiedName(definition);
        return QStringLiteral("map[string]interface {}");
    }
    if (!definition.isEmpty())
        return qualifiedName(definition);
    return QStringLiteral("interface {}");
}

// How Go's decoder names a JSON value in "cannot unmarshal X".
QString jsonKind(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("null");
}

// Go names a number that does not fit an integer field with its literal: "number 1.5".
QString numberDescription(double number)
{
    if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) < 1e21)
        return QStringLiteral("number ") + QString::number(number, 'f', 0);
    return QStringLiteral("number ") + QString::number(number, 'g', QLocale::FloatingPointShortest);
}

bool fitsInteger(double number, const QString &format)
{
    if (!std::isfinite(number) || std::trunc(number) != number)
        return false;
    if (format == QLatin1String("int32"))
        return number >= -2147483648.0 && number <= 2147483647.0;
    // int64 and Go's int: [-2^63, 2^63).
    return number >= -9223372036854775808.0 && number < 9223372036854775808.0;
}

class Validator
{
public:
    void visit(const QJsonValue &value, const SchemaNode &node, int depth);
    FieldValidationResult result() const { return m_result; }

private:
    void visitObject(const QJsonObject &object, const SchemaNode &node, int depth);
    void visitArray(const QJsonArray &array, const SchemaNode &node, int depth);
    void visitField(const QString &key, const QJsonValue &value, const SchemaNode &child,
                    const QString &structName, int depth);
    void typeError(const QString &what, const QString &goType);
    void unknownField(const QString &key);
    void setPath(qsizetype base, const QString &key);

    FieldValidationResult m_result;
    QString m_path;         // as strict errors write it: "spec.containers[0]"
    QStringList m_goFields; // Go's error context: JSON names of struct fields, no indices
    QString m_goStruct;     // the Go struct holding the innermost field
};

void Validator::typeError(const QString &what, const QString &goType)
{
    if (m_result.typeErrors.size() >= kMaxReportedProblems) {
        m_result.truncated = true;
        return;
    }
    if (m_goFields.isEmpty()) {
        m_result.typeErrors << QStringLiteral("json: cannot unmarshal %1 into Go value of type %2")
                                   .arg(what, goType);
        return;
    }
    m_result.typeErrors << QStringLiteral("json: cannot unmarshal %1 into Go struct field %2.%3 of "
                                          "type %4")
                               .arg(what, m_goStruct, m_goFields.join(QLatin1Char('.')), goType);
}

void Validator::unknownField(const QString &key)
{
    if (m_result.unknownFields.size() >= kMaxReportedProblems) {
        m_result.truncated = true;
        return;
    }
    m_result.unknownFields << unknownFieldMessage(
        m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key);
}

void Validator::setPath(qsizetype base, const QString &key)
{
    m_path.truncate(base);
    if (base > 0)
        m_path += QLatin1Char('.');
    m_path += key;
}

void Validator::visit(const QJsonValue &value, const SchemaNode &node, int depth)
{
    // Null decodes into anything in Go (it leaves the field unset); the decoders refuse
    // deeper input, the depth check only guards hand-built values.
    if (!node.isValid() || value.isNull() || value.isUndefined() || depth > kMaxNestingDepth + 1)
        return;

    if (node.isIntOrString()) {
        if (value.isDouble() && !fitsInteger(value.toDouble(), QStringLiteral("int32")))
            typeError(numberDescription(value.toDouble()), goTypeName(node));
        else if (!value.isDouble() && !value.isString())
            typeError(jsonKind(value), goTypeName(node));
        return;
    }

    const QString type = node.type();
    if (type.isEmpty()) {
        // Untyped: anything goes (apiextensions JSON), except a Quantity, which is a
        // string or a number.
        if (node.definitionName() == kQuantity) {
            if (!value.isString() && !value.isDouble())
                typeError(jsonKind(value), goTypeName(node));
        } else if (node.hasProperties() && value.isObject()) {
            visitObject(value.toObject(), node, depth);
        }
        return;
    }

    bool matches = false;
    if (type == QLatin1String("object"))
        matches = value.isObject();
    else if (type == QLatin1String("array"))
        matches = value.isArray();
    else if (type == QLatin1String("string"))
        matches = value.isString();
    else if (type == QLatin1String("integer") || type == QLatin1String("number"))
        matches = value.isDouble();
    else if (type == QLatin1String("boolean"))
        matches = value.isBool();
    else
        matches = true; // a type this code does not know: do not guess
    if (!matches) {
        typeError(jsonKind(value), goTypeName(node));
        return;
    }

    if (type == QLatin1String("object"))
        visitObject(value.toObject(), node, depth);
    else if (type == QLatin1String("array"))
        visitArray(value.toArray(), node, depth);
    else if (type == QLatin1String("integer") && !fitsInteger(value.toDouble(), node.format()))
        typeError(numberDescription(value.toDouble()), goTypeName(node));
}

void Validator::visitArray(const QJsonArray &array, const SchemaNode &node, int depth)
{
    const SchemaNode items = node.items();
    if (!items.isValid())
        return;
    const qsizetype base = m_path.size();
    qsizetype index = 0;
    for (const QJsonValue &item : array) {
        m_path.truncate(base);
        m_path += QLatin1Char('[') + QString::number(index++) + QLatin1Char(']');
        visit(item, items, depth + 1);
    }
    m_path.truncate(base);
}

void Validator::visitField(const QString &key, const QJsonValue &value, const SchemaNode &child,
                           const QString &structName, int depth)
{
    const QString outerStruct = m_goStruct;
    m_goStruct = structName;
    m_goFields.push_back(key);
    visit(value, child, depth + 1);
    m_goFields.pop_back();
    m_goStruct = outerStruct;
}

void Validator::visitObject(const QJsonObject &object, const SchemaNode &node, int depth)
{
    const bool topLevel = depth == 1;
    const bool embedded = node.isEmbeddedResource();
    const bool preserveUnknown = node.preservesUnknownFields();
    const SchemaNode mapValues = node.additionalProperties();
    // An object schema with neither properties nor a value schema is free-form
    // (RawExtension, FieldsV1): Go keeps its raw JSON without looking inside.
    if (!embedded && !node.hasProperties() && !mapValues.isValid())
        return;

    const QString structName =
        node.definitionName().isEmpty() ? m_goStruct : shortName(node.definitionName());
    const qsizetype base = m_path.size();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString &key = it.key();
        SchemaNode child = node.property(key);
        if (!child.isValid() && embedded) {
            // An embedded object is a whole resource: its type fields and metadata are
            // checked as such, the rest is up to the resource.
            if (isTopLevelTypeField(key)) {
                if (!it.value().isString() && !it.value().isNull()) {
                    setPath(base, key);
                    const QString outerStruct = m_goStruct;
                    m_goStruct = structName;
                    m_goFields.push_back(key);
                    typeError(jsonKind(it.value()), QStringLiteral("string"));
                    m_goFields.pop_back();
                    m_goStruct = outerStruct;
                }
                continue;
            }
            if (key != QLatin1String("metadata"))
                continue;
            child = ApiSchema::builtin().node(kObjectMeta);
        }
        if (child.isValid()) {
            setPath(base, key);
            visitField(key, it.value(), child, structName, depth);
            continue;
        }
        if (topLevel && isTopLevelTypeField(key))
            continue;
        if (mapValues.isValid()) {
            // Map values keep Go's error context: the key is not a struct field.
            setPath(base, key);
            visit(it.value(), mapValues, depth + 1);
            continue;
        }
        if (preserveUnknown)
            continue;
        m_path.truncate(base);
        unknownField(key);
    }
    m_path.truncate(base);
}

} // namespace

FieldValidationResult validateFields(const QJsonValue &object, const SchemaNode &schema)
{
    Validator validator;
    validator.visit(object, schema, 1);
    return validator.result();
}

} // namespace flotilla::api
