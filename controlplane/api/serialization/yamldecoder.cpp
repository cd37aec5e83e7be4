#include "serialization/yamldecoder.h"

#include "serialization/decodelimits.h"
#include "serialization/yamlscalar.h"
#include "serialization/yamltree.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flotilla::api {

namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

QString position(const YamlNode &node)
{
    if (node.line < 0)
        return QString();
    return QStringLiteral(" (line %1, column %2)").arg(node.line + 1).arg(node.column + 1);
}

const char *kindName(YamlScalar::Kind kind)
{
    switch (kind) {
    case YamlScalar::Kind::Null:
        return "null";
    case YamlScalar::Kind::Bool:
        return "bool";
    case YamlScalar::Kind::Integer:
        return "int";
    case YamlScalar::Kind::Float:
        return "float";
    case YamlScalar::Kind::String:
        break;
    }
    return "str";
}

// Turns parsed documents into JSON values the way sigs.k8s.io/yaml does. What a document
// expands to is known before conversion starts (YamlNode::values and chars), so budgets
// are checked up front; aliased collections are converted once and shared.
class YamlConverter
{
public:
    YamlConverter(qint64 valueBudget, qint64 charBudget)
        : m_valueBudget(valueBudget)
        , m_charBudget(charBudget)
    {}

    Result<DecodedJson> convertDocument(const YamlDocument &document);

private:
    struct Entry
    {
        QString key;
        QJsonValue value;
    };

    const YamlNode &node(qsizetype index) const { return m_document->nodes[size_t(index)]; }
    qsizetype resolveAlias(qsizetype index) const
    {
        const YamlNode &n = node(index);
        return n.kind == YamlNode::Kind::Alias ? n.target : index;
    }
    QJsonValue convert(qsizetype index, int depth);
    QJsonValue convertScalar(const YamlNode &scalarNode);
    QJsonValue convertSequence(const YamlNode &sequence, int depth);
    QJsonValue convertMapping(const YamlNode &mapping, int depth);
    bool collectMergeSources(qsizetype value, std::vector<qsizetype> &sources);
    std::optional<QString> keyString(const YamlNode &key);
    bool resolve(const YamlNode &scalarNode, YamlScalar &scalar, QString &text);
    void fail(const QString &message, const YamlNode &at);
    QString where() const { return m_path.isEmpty() ? QStringLiteral("the top level") : m_path; }

    const qint64 m_valueBudget;
    const qint64 m_charBudget;
    qint64 m_values = 0; // across all documents of a stream
    qint64 m_chars = 0;
    const YamlDocument *m_document = nullptr;
    std::vector<std::optional<QJsonValue>> m_converted; // anchored collections, by index
    QString m_path; // of the node being converted: ".spec.containers[0]"
    QStringList m_duplicates;
    std::optional<Error> m_error;
};

Result<DecodedJson> YamlConverter::convertDocument(const YamlDocument &document)
{
    const YamlNode &root = document.nodes[size_t(document.root)];
    m_values = std::min(m_values + root.values, kYamlExpansionCap);
    m_chars = std::min(m_chars + root.chars, kYamlExpansionCap);
    if (m_values > m_valueBudget) {
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("YAML expands to more than %1 values once anchors and aliases "
                                    "are resolved; refusing to expand it")
                         .arg(m_valueBudget)};
    }
    if (m_chars > m_charBudget) {
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("YAML expands to more than %1 characters once anchors and "
                                    "aliases are resolved; refusing to expand it")
                         .arg(m_charBudget)};
    }
    m_document = &document;
    m_converted.assign(document.nodes.size(), std::nullopt);
    m_path.clear();
    m_duplicates.clear();
    QJsonValue value = convert(document.root, 1);
    if (m_error)
        return *m_error;
    return DecodedJson{std::move(value), m_duplicates};
}

void YamlConverter::fail(const QString &message, const YamlNode &at)
{
    if (!m_error)
        m_error = Error{ErrorCode::InvalidArgument, message + position(at)};
}

QJsonValue YamlConverter::convert(qsizetype index, int depth)
{
    if (m_error)
        return {};
    index = resolveAlias(index);
    const YamlNode &n = node(index);
    switch (n.kind) {
    case YamlNode::Kind::Scalar:
        return convertScalar(n);
    case YamlNode::Kind::Sequence:
    case YamlNode::Kind::Mapping:
        break;
    case YamlNode::Kind::Null:
    case YamlNode::Kind::Alias:
        return QJsonValue(QJsonValue::Null);
    }
    // The nesting this collection brings is known: refuse it where it starts.
    if (depth + n.depth - 1 > kMaxNestingDepth) {
        fail(QStringLiteral("YAML nesting deeper than %1 levels at %2")
                 .arg(kMaxNestingDepth)
                 .arg(where()),
             n);
        return {};
    }
    if (m_converted[size_t(index)])
        return *m_converted[size_t(index)];
    QJsonValue value =
        n.kind == YamlNode::Kind::Sequence ? convertSequence(n, depth) : convertMapping(n, depth);
    // An alias of it elsewhere shares the result (its repeated keys are reported once).
    if (n.anchored && !m_error)
        m_converted[size_t(index)] = value;
    return value;
}

// What a scalar means: untagged plain scalars resolve by YAML 1.1 rules, quoted ones and
// !!str are strings, !!int/!!float/!!bool/!!null must resolve to what they claim (go-yaml:
// "cannot decode !!str `abc` as a !!int"), unknown tags leave the text as a string.
bool YamlConverter::resolve(const YamlNode &scalarNode, YamlScalar &scalar, QString &text)
{
    const std::string &tag = scalarNode.tag;
    const std::string &value = scalarNode.value;
    scalar = YamlScalar();
    if (tag == "?") {
        scalar = resolvePlainYamlScalar(value);
    } else if (std::string_view(tag).substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix) {
        const std::string_view type = std::string_view(tag).substr(kCoreTagPrefix.size());
        if (type == "binary") {
            // go-yaml decodes !!binary into a string of the decoded bytes.
            QByteArray encoded = QByteArray::fromStdString(value);
            encoded.replace('\n', QByteArray()).replace('\r', QByteArray());
            auto decoded =
                QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded) {
                fail(QStringLiteral("!!binary value at %1 is not valid base64").arg(where()),
                     scalarNode);
                return false;
            }
            text = QString::fromUtf8(*decoded);
            return true;
        }
        if (type == "int" || type == "float" || type == "bool" || type == "null") {
            scalar = resolvePlainYamlScalar(value);
            const char *resolved = kindName(scalar.kind);
            if (type == "float" && scalar.kind == YamlScalar::Kind::Integer) {
                scalar.kind = YamlScalar::Kind::Float;
                scalar.number =
                    scalar.negative ? -double(scalar.magnitude) : double(scalar.magnitude);
            } else if (type != std::string_view(resolved)) {
                fail(QStringLiteral("cannot decode !!%1 `%2` as a !!%3 at %4")
                         .arg(QLatin1String(resolved), QString::fromStdString(value),
                              QLatin1String(type.data(), qsizetype(type.size())), where()),
                     scalarNode);
                return false;
            }
        }
    }
    if (scalar.kind == YamlScalar::Kind::String)
        text = QString::fromStdString(value);
    return true;
}

QJsonValue YamlConverter::convertScalar(const YamlNode &scalarNode)
{
    YamlScalar scalar;
    QString text;
    if (!resolve(scalarNode, scalar, text))
        return {};
    switch (scalar.kind) {
    case YamlScalar::Kind::Null:
        return QJsonValue(QJsonValue::Null);
    case YamlScalar::Kind::Bool:
        return QJsonValue(scalar.boolean);
    case YamlScalar::Kind::Integer:
        // Same rule as for JSON bodies: refuse what a double would silently round.
        if (scalar.magnitude > quint64(kMaxExactInteger)) {
            fail(QStringLiteral("integer %1 at %2 is out of range: only integers up to 2^53 "
                                "(9007199254740992) in magnitude are supported")
                     .arg(QString::fromStdString(scalarNode.value), where()),
                 scalarNode);
            return {};
        }
        return QJsonValue(scalar.negative ? -qint64(scalar.magnitude) : qint64(scalar.magnitude));
    case YamlScalar::Kind::Float:
        if (!std::isfinite(scalar.number)) {
            fail(QStringLiteral("%1 at %2 is not a finite number, which JSON cannot represent; "
                                "quote it to make it a string")
                     .arg(QString::fromStdString(scalarNode.value), where()),
                 scalarNode);
            return {};
        }
        return QJsonValue(scalar.number);
    case YamlScalar::Kind::String:
        break;
    }
    return QJsonValue(text);
}

QJsonValue YamlConverter::convertSequence(const YamlNode &sequence, int depth)
{
    const qsizetype base = m_path.size();
    QJsonArray array;
    qsizetype index = 0;
    for (const qsizetype child : sequence.children) {
        m_path.truncate(base);
        m_path += QLatin1Char('[') + QString::number(index++) + QLatin1Char(']');
        array.append(convert(child, depth + 1));
        if (m_error)
            return {};
    }
    m_path.truncate(base);
    return array;
}

// JSON keys are strings: sigs.k8s.io/yaml turns int, float and bool keys into their text
// (80 -> "80", yes -> "true") and refuses the rest.
std::optional<QString> YamlConverter::keyString(const YamlNode &key)
{
    if (key.kind != YamlNode::Kind::Scalar) {
        const char *what = key.kind == YamlNode::Kind::Mapping    ? "a mapping"
                           : key.kind == YamlNode::Kind::Sequence ? "a list"
                                                                  : "null";
        fail(QStringLiteral("a mapping key at %1 is %2; JSON object keys must be strings")
                 .arg(where(), QLatin1String(what)),
             key);
        return std::nullopt;
    }
    YamlScalar scalar;
    QString text;
    if (!resolve(key, scalar, text))
        return std::nullopt;
    switch (scalar.kind) {
    case YamlScalar::Kind::String:
        return text;
    case YamlScalar::Kind::Bool:
        return scalar.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case YamlScalar::Kind::Float:
        return yamlFloatKeyString(scalar.number);
    case YamlScalar::Kind::Integer:
        if (scalar.negative || scalar.magnitude <= quint64(std::numeric_limits<qint64>::max())) {
            return (scalar.negative ? QStringLiteral("-") : QString()) +
                   QString::number(scalar.magnitude);
        }
        break; // an uint64 key: sigs.k8s.io/yaml refuses it too
    case YamlScalar::Kind::Null:
        break;
    }
    fail(QStringLiteral("mapping key `%1` at %2 cannot be a JSON object key")
             .arg(QString::fromStdString(key.value), where()),
         key);
    return std::nullopt;
}

bool YamlConverter::collectMergeSources(qsizetype value, std::vector<qsizetype> &sources)
{
    const YamlNode &n = node(resolveAlias(value));
    if (n.kind == YamlNode::Kind::Mapping) {
        sources.push_back(resolveAlias(value));
        return true;
    }
    if (n.kind == YamlNode::Kind::Sequence) {
        const bool allMappings =
            std::all_of(n.children.begin(), n.children.end(), [this](qsizetype child) {
                return node(resolveAlias(child)).kind == YamlNode::Kind::Mapping;
            });
        if (allMappings) {
            for (const qsizetype child : n.children)
                sources.push_back(resolveAlias(child));
            return true;
        }
    }
    fail(
        QStringLiteral("the << merge key at %1 needs a mapping or a list of mappings").arg(where()),
        n);
    return false;
}

QJsonValue YamlConverter::convertMapping(const YamlNode &mapping, int depth)
{
    const qsizetype base = m_path.size();
    std::vector<Entry> entries;
    QHash<QString, size_t> indexOf;
    std::vector<qsizetype> mergeSources;
    for (size_t i = 0; i + 1 < mapping.children.size(); i += 2) {
        const YamlNode &key = node(resolveAlias(mapping.children[i]));
        const qsizetype value = mapping.children[i + 1];
        m_path.truncate(base);
        if (key.kind == YamlNode::Kind::Scalar && key.value == "<<" &&
            (key.tag == "?" || key.tag == std::string(kCoreTagPrefix) + "merge")) {
            if (!collectMergeSources(value, mergeSources))
                return {};
            continue;
        }
        const std::optional<QString> name = keyString(key);
        if (!name)
            return {};
        m_path += QLatin1Char('.') + *name;
        QJsonValue converted = convert(value, depth + 1);
        if (m_error)
            return {};
        const auto found = indexOf.constFind(*name);
        if (found != indexOf.constEnd()) {
            // The last occurrence wins, as in go-yaml's non-strict mode.
            if (m_duplicates.size() < kMaxReportedProblems && !m_duplicates.contains(m_path))
                m_duplicates << m_path;
            entries[*found].value = std::move(converted);
        } else {
            indexOf.insert(*name, entries.size());
            entries.push_back({*name, std::move(converted)});
        }
    }
    m_path.truncate(base);
    // Merged keys fill in only what the mapping does not set itself, and earlier sources
    // win over later ones (the YAML merge key rules).
    for (const qsizetype source : mergeSources) {
        const QJsonObject merged = convert(source, depth).toObject();
        if (m_error)
            return {};
        for (auto it = merged.begin(); it != merged.end(); ++it) {
            if (!indexOf.contains(it.key())) {
                indexOf.insert(it.key(), entries.size());
                entries.push_back({it.key(), it.value()});
            }
        }
        m_path.truncate(base);
    }
    // QJsonObject keeps its keys sorted; inserting in that order appends instead of
    // shifting, which keeps large mappings linear.
    std::sort(entries.begin(), entries.end(),
              [](const Entry &a, const Entry &b) { return a.key < b.key; });
    QJsonObject object;
    for (Entry &entry : entries)
        object.insert(entry.key, entry.value);
    return object;
}

} // namespace

Result<QList<DecodedJson>> decodeYamlDocuments(const QByteArray &body)
{
    Result<std::vector<YamlDocument>> documents = parseYamlStream(body);
    if (!documents)
        return documents.error();

    // Budgets only alias expansion can reach: without aliases a stream yields at most a
    // couple of values and one character per input byte.
    YamlConverter converter(std::max<qint64>(kMaxYamlValues, 2 * qint64(body.size())),
                            std::max<qint64>(kMaxYamlExpandedChars, body.size()));
    QList<DecodedJson> decoded;
    for (size_t i = 0; i < documents->size(); ++i) {
        const YamlDocument &document = documents->at(i);
        if (document.root < 0 || document.nodes[size_t(document.root)].kind == YamlNode::Kind::Null)
            continue; // "---" with nothing (or only comments, or null) after it
        Result<DecodedJson> converted = converter.convertDocument(document);
        if (!converted) {
            Error error = converted.error();
            if (documents->size() > 1)
                error.message = QStringLiteral("document %1: ").arg(i + 1) + error.message;
            return error;
        }
        decoded << std::move(converted.value());
    }
    return decoded;
}

Result<DecodedJson> decodeYaml(const QByteArray &body)
{
    Result<QList<DecodedJson>> documents = decodeYamlDocuments(body);
    if (!documents)
        return documents.error();
    if (documents->size() > 1) {
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("the YAML body holds %1 documents; send one object per request")
                         .arg(documents->size())};
    }
    if (documents->isEmpty())
        return DecodedJson{QJsonValue(QJsonValue::Null), {}};
    return std::move(documents->first());
}

Result<QList<QJsonValue>> decodeYamlStream(const QByteArray &body)
{
    Result<QList<DecodedJson>> documents = decodeYamlDocuments(body);
    if (!documents)
        return documents.error();
    QList<QJsonValue> values;
    values.reserve(documents->size());
    for (DecodedJson &document : documents.value())
        values << std::move(document.value);
    return values;
}

} // namespace flotilla::api
