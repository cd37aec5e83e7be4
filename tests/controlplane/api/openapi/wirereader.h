#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtEndian>

#include <bit>
#include <optional>

namespace flotilla::api::testing {

// A deliberately independent protobuf wire-format reader for the tests, so the encoder
// is checked against the format rather than against its own writer.
struct WireField
{
    int number = 0;
    int wireType = 0; // 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32
    quint64 value = 0;
    QByteArray bytes;
};

inline std::optional<quint64> readVarint(const QByteArray &data, qsizetype &pos)
{
    quint64 result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= data.size())
            return std::nullopt;
        const auto byte = static_cast<quint8>(data.at(pos++));
        result |= quint64(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return result;
    }
    return std::nullopt;
}

// The fields of one message in wire order; nullopt if the bytes are not a message.
inline std::optional<QList<WireField>> parseWire(const QByteArray &data)
{
    QList<WireField> fields;
    qsizetype pos = 0;
    while (pos < data.size()) {
        const std::optional<quint64> tag = readVarint(data, pos);
        if (!tag || (*tag >> 3) == 0)
            return std::nullopt;
        WireField field;
        field.number = static_cast<int>(*tag >> 3);
        field.wireType = static_cast<int>(*tag & 7);
        if (field.wireType == 0) {
            const std::optional<quint64> value = readVarint(data, pos);
            if (!value)
                return std::nullopt;
            field.value = *value;
        } else if (field.wireType == 1 || field.wireType == 5) {
            const qsizetype width = field.wireType == 1 ? 8 : 4;
            if (pos + width > data.size())
                return std::nullopt;
            quint64 raw = 0;
            for (qsizetype i = width - 1; i >= 0; --i)
                raw = (raw << 8) | static_cast<quint8>(data.at(pos + i));
            field.value = raw;
            pos += width;
        } else if (field.wireType == 2) {
            const std::optional<quint64> length = readVarint(data, pos);
            if (!length || *length > quint64(data.size() - pos))
                return std::nullopt;
            field.bytes = data.mid(pos, qsizetype(*length));
            pos += qsizetype(*length);
        } else {
            return std::nullopt;
        }
        fields.append(field);
    }
    return fields;
}

// Read-only view of a decoded message; a missing or malformed sub-message reads as an
// empty, invalid one so that test expressions can chain without crashing.
class WireMessage
{
public:
    WireMessage() = default;
    explicit WireMessage(const QByteArray &data)
    {
        if (std::optional<QList<WireField>> fields = parseWire(data)) {
            m_fields = *fields;
            m_valid = true;
        }
    }

    bool valid() const { return m_valid; }
    const QList<WireField> &fields() const { return m_fields; }

    QList<int> numbers() const
    {
        QList<int> numbers;
        for (const WireField &field : m_fields)
            numbers.append(field.number);
        return numbers;
    }

    QList<WireField> all(int number) const
    {
        QList<WireField> found;
        for (const WireField &field : m_fields) {
            if (field.number == number)
                found.append(field);
        }
        return found;
    }

    bool has(int number) const { return !all(number).isEmpty(); }
    int count(int number) const { return int(all(number).size()); }

    QString string(int number) const
    {
        const QList<WireField> found = all(number);
        return found.isEmpty() ? QString() : QString::fromUtf8(found.first().bytes);
    }

    QStringList strings(int number) const
    {
        QStringList values;
        for (const WireField &field : all(number))
            values.append(QString::fromUtf8(field.bytes));
        return values;
    }

    // -1 when absent, so a present 0 (oneof bool false) is distinguishable.
    qint64 varint(int number) const
    {
        const QList<WireField> found = all(number);
        return found.isEmpty() ? -1 : static_cast<qint64>(found.first().value);
    }

    double doubleValue(int number) const
    {
        const QList<WireField> found = all(number);
        return found.isEmpty() ? 0.0 : std::bit_cast<double>(found.first().value);
    }

    WireMessage message(int number, int index = 0) const
    {
        const QList<WireField> found = all(number);
        return index < found.size() ? WireMessage(found.at(index).bytes) : WireMessage();
    }

    QList<WireMessage> messages(int number) const
    {
        QList<WireMessage> found;
        for (const WireField &field : all(number))
            found.append(WireMessage(field.bytes));
        return found;
    }

    // The value (field 2) of the Named* entry in field `number` whose name (field 1) is
    // `name`: gnostic's representation of a JSON map entry.
    WireMessage named(int number, const QString &name) const
    {
        for (const WireMessage &entry : messages(number)) {
            if (entry.string(1) == name)
                return entry.message(2);
        }
        return WireMessage();
    }

    QStringList names(int number) const
    {
        QStringList found;
        for (const WireMessage &entry : messages(number))
            found.append(entry.string(1));
        return found;
    }

private:
    QList<WireField> m_fields;
    bool m_valid = false;
};

} // namespace flotilla::api::testing
