#include "protobuf/messagedecoder.h"

#include "protobuf/wellknowntypes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QMap>

#include <bit>
#include <cmath>
#include <utility>

namespace flotilla::api {

namespace {

// JSON numbers travel through Qt and the later stages as doubles; larger integers would be
// silently rounded, so they are refused (the JSON decoder does the same).
constexpr double kMaxExactInteger = double(qint64(1) << 53);
// Decoded JSON, including JSON embedded in RawExtension, stays within the nesting the JSON
// decoder accepts, so every later walker sees the same bound whatever the body's encoding.
constexpr int kMaxJsonNestingDepth = 100;

struct PathSegment
{
    QString name;         // empty for inline structs, which JSON does not show
    qsizetype index = -1; // list position
    QString key;          // map key
};

// One field value as read from the wire, before its type gives it meaning.
struct RawField
{
    int number = 0;
    WireType type = WireType::Varint;
    quint64 value = 0; // Varint, Fixed32, Fixed64
    WireChunk bytes;   // LengthDelimited
    qsizetype offset = 0;
};

struct Scalar
{
    QJsonValue value;
    bool zero = false;
};

const char *wireTypeName(WireType type)
{
    switch (type) {
    case WireType::Varint:
        return "varint";
    case WireType::Fixed64:
        return "fixed64";
    case WireType::LengthDelimited:
        return "length-delimited";
    case WireType::StartGroup:
    case WireType::EndGroup:
        return "group";
    case WireType::Fixed32:
        return "fixed32";
    }
    return "unknown";
}

WireType expectedWireType(ProtoType type)
{
    switch (type) {
    case ProtoType::Int32:
    case ProtoType::Int64:
    case ProtoType::UInt32:
    case ProtoType::UInt64:
    case ProtoType::SInt32:
    case ProtoType::SInt64:
    case ProtoType::Bool:
        return WireType::Varint;
    case ProtoType::Fixed32:
    case ProtoType::SFixed32:
    case ProtoType::Float:
        return WireType::Fixed32;
    case ProtoType::Fixed64:
    case ProtoType::SFixed64:
    case ProtoType::Double:
        return WireType::Fixed64;
    case ProtoType::String:
    case ProtoType::Bytes:
    case ProtoType::Message:
    case ProtoType::Map:
        return WireType::LengthDelimited;
    }
    return WireType::LengthDelimited;
}

class Decoder
{
public:
    Result<QJsonValue> value(const MessageDescriptor &message, const QList<WireChunk> &chunks,
                             int depth);
    Result<QJsonObject> object(const MessageDescriptor &message, const QList<WireChunk> &chunks,
                               int depth);

private:
    // Keeps m_path in step with the recursion, so an error can say where it happened.
    class PathScope
    {
    public:
        PathScope(QList<PathSegment> &path, PathSegment segment)
            : m_path(path)
        {
            m_path.append(std::move(segment));
        }
        ~PathScope() { m_path.removeLast(); }
        PathScope(const PathScope &) = delete;
        PathScope &operator=(const PathScope &) = delete;

    private:
        QList<PathSegment> &m_path;
    };

    Result<Scalar> scalar(ProtoType type, const RawField &field);
    Result<Scalar> readScalar(WireReader &reader, ProtoType type, WireType wire);
    Result<void> readPacked(ProtoType type, WireChunk packed, QJsonArray &into,
                            qsizetype firstIndex);
    Result<std::pair<QString, QJsonValue>> mapEntry(const FieldDescriptor &field, WireChunk entry,
                                                    int depth);
    Result<QJsonValue> wellKnown(const MessageDescriptor &message, const QList<WireChunk> &chunks,
                                 int depth);
    Result<QList<RawField>> rawFields(const QList<WireChunk> &chunks);
    Result<QJsonValue> embeddedJson(const RawField *raw, int depth);

    Error failure(qsizetype offset, const QString &what) const;
    Error withPath(Error error) const;
    QString pathText() const;

    QList<PathSegment> m_path;
};

QString Decoder::pathText() const
{
    QString text;
    for (const PathSegment &segment : m_path) {
        if (!segment.name.isEmpty())
            text += QLatin1Char('.') + segment.name;
        if (segment.index >= 0)
            text += QLatin1Char('[') + QString::number(segment.index) + QLatin1Char(']');
        if (!segment.key.isNull())
            text += QLatin1Char('[') + segment.key + QLatin1Char(']');
    }
    return text;
}

Error Decoder::withPath(Error error) const
{
    const QString path = pathText();
    if (!path.isEmpty())
        error.message += QStringLiteral(" (in %1)").arg(path);
    return error;
}

Error Decoder::failure(qsizetype offset, const QString &what) const
{
    return withPath(
        Error{ErrorCode::InvalidArgument,
              QStringLiteral("malformed protobuf at byte %1: %2").arg(offset).arg(what)});
}

Result<Scalar> Decoder::scalar(ProtoType type, const RawField &field)
{
    const quint64 v = field.value;
    const auto integer = [&](double number) -> Result<Scalar> {
        if (std::fabs(number) > kMaxExactInteger) {
            return failure(field.offset, QStringLiteral("integer %1 is too large for JSON to "
                                                        "carry exactly")
                                             .arg(number, 0, 'f', 0));
        }
        return Scalar{QJsonValue(number), number == 0};
    };
    const auto real = [&](double number) -> Result<Scalar> {
        if (!std::isfinite(number))
            return failure(field.offset, QStringLiteral("JSON cannot carry NaN or infinity"));
        return Scalar{QJsonValue(number), number == 0};
    };
    switch (type) {
    case ProtoType::Int32: // Go's int32(v): the low 32 bits of a sign-extended varint
        return integer(double(qint32(quint32(v))));
    case ProtoType::Int64:
        return integer(double(qint64(v)));
    case ProtoType::UInt32:
        return integer(double(quint32(v)));
    case ProtoType::UInt64:
        return integer(double(v));
    case ProtoType::SInt32: {
        const auto u = quint32(v);
        return integer(double(qint32(u >> 1) ^ -qint32(u & 1)));
    }
    case ProtoType::SInt64:
        return integer(double(qint64(v >> 1) ^ -qint64(v & 1)));
    case ProtoType::Bool:
        return Scalar{QJsonValue(v != 0), v == 0};
    case ProtoType::Fixed32:
        return integer(double(quint32(v)));
    case ProtoType::SFixed32:
        return integer(double(qint32(quint32(v))));
    case ProtoType::Fixed64:
        return integer(double(v));
    case ProtoType::SFixed64:
        return integer(double(qint64(v)));
    case ProtoType::Float:
        return real(double(std::bit_cast<float>(quint32(v))));
    case ProtoType::Double:
        return real(std::bit_cast<double>(v));
    case ProtoType::String:
        // Go keeps invalid UTF-8 and its JSON encoder writes U+FFFD for it, as fromUtf8 does.
        return Scalar{QJsonValue(QString::fromUtf8(field.bytes.bytes)),
                      field.bytes.bytes.isEmpty()};
    case ProtoType::Bytes:
        return Scalar{QJsonValue(QString::fromLatin1(field.bytes.bytes.toByteArray().toBase64())),
                      field.bytes.bytes.isEmpty()};
    case ProtoType::Message:
    case ProtoType::Map:
        break;
    }
    return Error{ErrorCode::Internal, QStringLiteral("not a scalar type")};
}

Result<Scalar> Decoder::readScalar(WireReader &reader, ProtoType type, WireType wire)
{
    RawField field;
    field.type = wire;
    field.offset = reader.offset();
    switch (wire) {
    case WireType::Varint: {
        Result<quint64> v = reader.readVarint();
        if (!v)
            return withPath(v.error());
        field.value = *v;
        break;
    }
    case WireType::Fixed32: {
        Result<quint32> v = reader.readFixed32();
        if (!v)
            return withPath(v.error());
        field.value = *v;
        break;
    }
    case WireType::Fixed64: {
        Result<quint64> v = reader.readFixed64();
        if (!v)
            return withPath(v.error());
        field.value = *v;
        break;
    }
    case WireType::LengthDelimited: {
        Result<WireChunk> v = reader.readLengthDelimited();
        if (!v)
            return withPath(v.error());
        field.bytes = *v;
        break;
    }
    case WireType::StartGroup:
    case WireType::EndGroup:
        return failure(field.offset, QStringLiteral("unexpected group"));
    }
    return scalar(type, field);
}

Result<void> Decoder::readPacked(ProtoType type, WireChunk packed, QJsonArray &into,
                                 qsizetype firstIndex)
{
    const WireType wire = expectedWireType(type);
    WireReader reader(packed);
    while (!reader.atEnd()) {
        PathScope scope(m_path, PathSegment{QString(), firstIndex + into.size(), QString()});
        Result<Scalar> element = readScalar(reader, type, wire);
        if (!element)
            return element.error();
        into.append(element->value);
    }
    return {};
}

Result<std::pair<QString, QJsonValue>> Decoder::mapEntry(const FieldDescriptor &field,
                                                         WireChunk entry, int depth)
{
    // A map entry is a message {1: key, 2: value}; either may be absent (then zero).
    std::optional<RawField> key;
    QList<WireChunk> valueChunks;
    std::optional<RawField> value;
    WireReader reader(entry);
    while (!reader.atEnd()) {
        const qsizetype offset = reader.offset();
        Result<WireTag> tag = reader.readTag();
        if (!tag)
            return withPath(tag.error());
        if (tag->number != 1 && tag->number != 2) {
            if (Result<void> skipped = reader.skip(tag->type, tag->number); !skipped)
                return withPath(skipped.error());
            continue;
        }
        const ProtoType type = tag->number == 1 ? field.mapKey : field.mapValue;
        if (tag->type != expectedWireType(type)) {
            return failure(offset, QStringLiteral("map %1 has wire type %2, expected %3")
                                       .arg(QLatin1String(tag->number == 1 ? "key" : "value"),
                                            QLatin1String(wireTypeName(tag->type)),
                                            QLatin1String(wireTypeName(expectedWireType(type)))));
        }
        RawField raw;
        raw.number = tag->number;
        raw.type = tag->type;
        raw.offset = reader.offset();
        if (tag->type == WireType::LengthDelimited) {
            Result<WireChunk> bytes = reader.readLengthDelimited();
            if (!bytes)
                return withPath(bytes.error());
            raw.bytes = *bytes;
        } else if (tag->type == WireType::Varint) {
            Result<quint64> v = reader.readVarint();
            if (!v)
                return withPath(v.error());
            raw.value = *v;
        } else if (tag->type == WireType::Fixed32) {
            Result<quint32> v = reader.readFixed32();
            if (!v)
                return withPath(v.error());
            raw.value = *v;
        } else {
            Result<quint64> v = reader.readFixed64();
            if (!v)
                return withPath(v.error());
            raw.value = *v;
        }
        if (tag->number == 1) {
            key = raw;
        } else if (type == ProtoType::Message) {
            valueChunks.append(raw.bytes); // a message value sent twice merges
        } else {
            value = raw;
        }
    }

    QString keyText;
    if (key) {
        Result<Scalar> decodedKey = scalar(field.mapKey, *key);
        if (!decodedKey)
            return decodedKey.error();
        // Go's JSON encoder writes integer map keys as decimal strings.
        if (decodedKey->value.isString())
            keyText = decodedKey->value.toString();
        else if (decodedKey->value.isBool())
            keyText = QLatin1String(decodedKey->value.toBool() ? "true" : "false");
        else
            keyText = QString::number(qint64(decodedKey->value.toDouble()));
    } else {
        keyText = field.mapKey == ProtoType::String ? QString() : QStringLiteral("0");
    }

    PathScope scope(m_path, PathSegment{QString(), -1, keyText});
    if (field.mapValue == ProtoType::Message) {
        Result<QJsonValue> decoded = this->value(*field.message, valueChunks, depth + 1);
        if (!decoded)
            return decoded.error();
        return std::pair(keyText, *decoded);
    }
    if (!value) {
        // gogo writes no value for a nil []byte, which Go's JSON encoder writes as null.
        if (field.mapValue == ProtoType::Bytes)
            return std::pair(keyText, QJsonValue(QJsonValue::Null));
        RawField zero;
        zero.type = expectedWireType(field.mapValue);
        zero.offset = entry.offset;
        Result<Scalar> decoded = scalar(field.mapValue, zero);
        if (!decoded)
            return decoded.error();
        return std::pair(keyText, decoded->value);
    }
    Result<Scalar> decoded = scalar(field.mapValue, *value);
    if (!decoded)
        return decoded.error();
    return std::pair(keyText, decoded->value);
}

Result<QList<RawField>> Decoder::rawFields(const QList<WireChunk> &chunks)
{
    QList<RawField> fields;
    for (const WireChunk &chunk : chunks) {
        WireReader reader(chunk);
        while (!reader.atEnd()) {
            RawField field;
            field.offset = reader.offset();
            Result<WireTag> tag = reader.readTag();
            if (!tag)
                return withPath(tag.error());
            field.number = tag->number;
            field.type = tag->type;
            switch (tag->type) {
            case WireType::Varint: {
                Result<quint64> v = reader.readVarint();
                if (!v)
                    return withPath(v.error());
                field.value = *v;
                break;
            }
            case WireType::Fixed32: {
                Result<quint32> v = reader.readFixed32();
                if (!v)
                    return withPath(v.error());
                field.value = *v;
                break;
            }
            case WireType::Fixed64: {
                Result<quint64> v = reader.readFixed64();
                if (!v)
                    return withPath(v.error());
                field.value = *v;
                break;
            }
            case WireType::LengthDelimited: {
                Result<WireChunk> v = reader.readLengthDelimited();
                if (!v)
                    return withPath(v.error());
                field.bytes = *v;
                break;
            }
            case WireType::StartGroup:
            case WireType::EndGroup:
                if (Result<void> skipped = reader.skip(tag->type, tag->number); !skipped)
                    return withPath(skipped.error());
                continue;
            }
            fields.append(field);
        }
    }
    return fields;
}

Result<QJsonValue> Decoder::embeddedJson(const RawField *raw, int depth)
{
    // Go writes a nil Raw as null; an empty one cannot be written at all, null is closest.
    if (!raw || raw->bytes.bytes.isEmpty())
        return QJsonValue(QJsonValue::Null);

    // Nesting is checked before parsing so that the decoded tree stays within what later
    // stages accept (the JSON decoder's kMaxNestingDepth).
    const int allowed = kMaxJsonNestingDepth - 2 * depth;
    int nesting = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : raw->bytes.bytes) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++nesting > allowed) {
                return failure(raw->offset, QStringLiteral("embedded JSON nested deeper than "
                                                           "%1 levels")
                                                .arg(kMaxJsonNestingDepth));
            }
        } else if (c == '}' || c == ']') {
            --nesting;
        }
    }

    // Wrapped in an array so that scalars parse too (QJsonDocument takes arrays and objects).
    QByteArray wrapped;
    wrapped.reserve(raw->bytes.bytes.size() + 2);
    wrapped.append('[').append(raw->bytes.bytes).append(']');
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &parseError);
    if (parseError.error != QJsonParseError::NoError || document.array().size() != 1) {
        return failure(raw->offset, QStringLiteral("the embedded object is not JSON (%1)")
                                        .arg(parseError.error != QJsonParseError::NoError
                                                 ? parseError.errorString()
                                                 : QStringLiteral("several values")));
    }
    return document.array().first();
}

Result<QJsonValue> Decoder::wellKnown(const MessageDescriptor &message,
                                      const QList<WireChunk> &chunks, int depth)
{
    Result<QList<RawField>> fields = rawFields(chunks);
    if (!fields)
        return fields.error();
    const qsizetype offset = chunks.isEmpty() ? 0 : chunks.first().offset;
    // The last occurrence of a field wins, as in protobuf; a wrong wire type is an error.
    const auto last = [&](int number, WireType type) -> Result<const RawField *> {
        const RawField *found = nullptr;
        for (const RawField &field : *fields) {
            if (field.number != number)
                continue;
            if (field.type != type) {
                return failure(field.offset,
                               QStringLiteral("field %1 of %2 has wire type %3, "
                                              "expected %4")
                                   .arg(number)
                                   .arg(message.fullName, QLatin1String(wireTypeName(field.type)),
                                        QLatin1String(wireTypeName(type))));
            }
            found = &field;
        }
        return found;
    };
    const auto varint = [&](int number) -> Result<quint64> {
        Result<const RawField *> field = last(number, WireType::Varint);
        if (!field)
            return field.error();
        return *field ? (*field)->value : 0;
    };
    const auto text = [&](int number) -> Result<std::optional<QString>> {
        Result<const RawField *> field = last(number, WireType::LengthDelimited);
        if (!field)
            return field.error();
        if (!*field)
            return std::optional<QString>();
        return std::optional<QString>(QString::fromUtf8((*field)->bytes.bytes));
    };

    switch (message.wellKnown) {
    case WellKnownType::Time:
    case WellKnownType::MicroTime: {
        // {1: seconds, 2: nanos}. An empty message is Go's zero time, written as null.
        bool empty = true;
        for (const WireChunk &chunk : chunks)
            empty = empty && chunk.bytes.isEmpty();
        Result<quint64> seconds = varint(1);
        if (!seconds)
            return seconds.error();
        Result<quint64> nanos = varint(2);
        if (!nanos)
            return nanos.error();
        const auto unixSeconds = qint64(*seconds);
        const bool micro = message.wellKnown == WellKnownType::MicroTime;
        // metav1.Time keeps whole seconds only (its Unmarshal drops nanos).
        const qint32 fraction = micro ? qint32(quint32(*nanos)) : 0;
        if (empty || (unixSeconds == kGoZeroTimeUnixSeconds && fraction == 0))
            return QJsonValue(QJsonValue::Null);
        const std::optional<QString> formatted =
            micro ? formatRfc3339Micro(unixSeconds, fraction) : formatRfc3339(unixSeconds);
        if (!formatted) {
            return failure(
                offset,
                QStringLiteral("time %1 s is outside the years 0000-9999").arg(unixSeconds));
        }
        return QJsonValue(*formatted);
    }
    case WellKnownType::Duration: {
        Result<quint64> nanoseconds = varint(1);
        if (!nanoseconds)
            return nanoseconds.error();
        return QJsonValue(formatGoDuration(qint64(*nanoseconds)));
    }
    case WellKnownType::Quantity: {
        Result<std::optional<QString>> quantity = text(1);
        if (!quantity)
            return quantity.error();
        // A zero Quantity marshals as "0".
        return QJsonValue(quantity->value_or(QStringLiteral("0")));
    }
    case WellKnownType::IntOrString: {
        Result<quint64> type = varint(1);
        if (!type)
            return type.error();
        Result<quint64> intVal = varint(2);
        if (!intVal)
            return intVal.error();
        Result<std::optional<QString>> strVal = text(3);
        if (!strVal)
            return strVal.error();
        if (*type == 0)
            return QJsonValue(double(qint32(quint32(*intVal))));
        if (*type == 1)
            return QJsonValue(strVal->value_or(QString()));
        return failure(offset, QStringLiteral("IntOrString type %1 is neither 0 (int) nor 1 "
                                              "(string)")
                                   .arg(qint64(*type)));
    }
    case WellKnownType::RawExtension:
    case WellKnownType::FieldsV1: {
        Result<const RawField *> raw = last(1, WireType::LengthDelimited);
        if (!raw)
            return raw.error();
        return embeddedJson(*raw, depth);
    }
    case WellKnownType::StringList: {
        QJsonArray items;
        for (const RawField &field : *fields) {
            if (field.number != 1)
                continue;
            if (field.type != WireType::LengthDelimited)
                return failure(field.offset, QStringLiteral("list item is not a string"));
            items.append(QString::fromUtf8(field.bytes.bytes));
        }
        // A nil Go slice marshals as null.
        return items.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(items);
    }
    case WellKnownType::None:
        break;
    }
    return Error{ErrorCode::Internal, QStringLiteral("not a well-known type")};
}

Result<QJsonValue> Decoder::value(const MessageDescriptor &message, const QList<WireChunk> &chunks,
                                  int depth)
{
    if (depth > kMaxProtobufNestingDepth) {
        return failure(
            chunks.isEmpty() ? 0 : chunks.first().offset,
            QStringLiteral("messages nested deeper than %1 levels").arg(kMaxProtobufNestingDepth));
    }
    if (message.wellKnown != WellKnownType::None)
        return wellKnown(message, chunks, depth);
    Result<QJsonObject> decoded = object(message, chunks, depth);
    if (!decoded)
        return decoded.error();
    return QJsonValue(*decoded);
}

Result<QJsonObject> Decoder::object(const MessageDescriptor &message,
                                    const QList<WireChunk> &chunks, int depth)
{
    if (depth > kMaxProtobufNestingDepth) {
        return failure(
            chunks.isEmpty() ? 0 : chunks.first().offset,
            QStringLiteral("messages nested deeper than %1 levels").arg(kMaxProtobufNestingDepth));
    }
    // Collected per field number (QMap: output in field order, which keeps inline structs
    // ahead of the fields that override them), then turned into JSON once all chunks are read.
    QMap<int, Scalar> scalars;
    QMap<int, QJsonArray> lists;
    QMap<int, QJsonObject> maps;
    QMap<int, QList<WireChunk>> messages;

    for (const WireChunk &chunk : chunks) {
        WireReader reader(chunk);
        while (!reader.atEnd()) {
            const qsizetype offset = reader.offset();
            Result<WireTag> tag = reader.readTag();
            if (!tag)
                return withPath(tag.error());
            const FieldDescriptor *field = message.field(tag->number);
            if (!field) {
                if (Result<void> skipped = reader.skip(tag->type, tag->number); !skipped)
                    return withPath(skipped.error());
                continue;
            }
            PathScope scope(
                m_path, PathSegment{field->inlined ? QString() : field->jsonName, -1, QString()});
            const WireType expected = expectedWireType(field->type);
            const bool packed = field->repeated && tag->type == WireType::LengthDelimited &&
                                expected != WireType::LengthDelimited;
            if (tag->type != expected && !packed) {
                return failure(offset, QStringLiteral("wire type %1 does not fit this %2 field")
                                           .arg(QLatin1String(wireTypeName(tag->type)),
                                                QLatin1String(wireTypeName(expected))));
            }

            if (field->type == ProtoType::Map) {
                Result<WireChunk> entry = reader.readLengthDelimited();
                if (!entry)
                    return withPath(entry.error());
                Result<std::pair<QString, QJsonValue>> decoded = mapEntry(*field, *entry, depth);
                if (!decoded)
                    return decoded.error();
                maps[field->number].insert(decoded->first, decoded->second); // last one wins
            } else if (field->type == ProtoType::Message) {
                Result<WireChunk> bytes = reader.readLengthDelimited();
                if (!bytes)
                    return withPath(bytes.error());
                if (field->repeated) {
                    QJsonArray &list = lists[field->number];
                    PathScope element(m_path, PathSegment{QString(), list.size(), QString()});
                    Result<QJsonValue> decoded = value(*field->message, {*bytes}, depth + 1);
                    if (!decoded)
                        return decoded.error();
                    list.append(*decoded);
                } else {
                    messages[field->number].append(*bytes);
                }
            } else if (packed) {
                Result<WireChunk> bytes = reader.readLengthDelimited();
                if (!bytes)
                    return withPath(bytes.error());
                QJsonArray &list = lists[field->number];
                if (Result<void> read = readPacked(field->type, *bytes, list, 0); !read)
                    return read.error();
            } else if (field->repeated) {
                QJsonArray &list = lists[field->number];
                PathScope element(m_path, PathSegment{QString(), list.size(), QString()});
                Result<Scalar> decoded = readScalar(reader, field->type, tag->type);
                if (!decoded)
                    return decoded.error();
                list.append(decoded->value);
            } else {
                Result<Scalar> decoded = readScalar(reader, field->type, tag->type);
                if (!decoded)
                    return decoded.error();
                scalars.insert(field->number, *decoded); // the last one wins
            }
        }
    }

    QJsonObject result;
    QMap<QString, QJsonValue> own; // written after the inline structs, so that they win
    for (auto it = messages.cbegin(); it != messages.cend(); ++it) {
        const FieldDescriptor &field = *message.field(it.key());
        PathScope scope(m_path,
                        PathSegment{field.inlined ? QString() : field.jsonName, -1, QString()});
        Result<QJsonValue> decoded = value(*field.message, it.value(), depth + 1);
        if (!decoded)
            return decoded.error();
        if (field.inlined) {
            const QJsonObject inner = decoded->toObject();
            for (auto member = inner.constBegin(); member != inner.constEnd(); ++member)
                result.insert(member.key(), member.value());
        } else {
            own.insert(field.jsonName, *decoded);
        }
    }
    for (auto it = scalars.cbegin(); it != scalars.cend(); ++it) {
        const FieldDescriptor &field = *message.field(it.key());
        if (field.nullable || field.required || !it->zero)
            own.insert(field.jsonName, it->value);
    }
    for (auto it = lists.cbegin(); it != lists.cend(); ++it) {
        if (!it->isEmpty()) // an empty packed run leaves the Go slice nil: omitted
            own.insert(message.field(it.key())->jsonName, *it);
    }
    for (auto it = maps.cbegin(); it != maps.cend(); ++it)
        own.insert(message.field(it.key())->jsonName, *it);
    for (auto it = own.cbegin(); it != own.cend(); ++it)
        result.insert(it.key(), it.value());
    return result;
}

} // namespace

Result<QJsonObject> decodeProtobufMessage(const MessageDescriptor &message, WireChunk bytes)
{
    if (message.wellKnown != WellKnownType::None) {
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("%1 is not an object type").arg(message.fullName)};
    }
    Decoder decoder;
    return decoder.object(message, {bytes}, 0);
}

} // namespace flotilla::api
