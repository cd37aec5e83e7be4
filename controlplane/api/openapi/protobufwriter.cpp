#include "openapi/protobufwriter.h"

#include <QtEndian>

#include <bit>

namespace flotilla::api {

void ProtobufWriter::writeString(int field, const QString &value)
{
    if (!value.isEmpty())
        writeLengthDelimited(field, value.toUtf8());
}

void ProtobufWriter::writeBool(int field, bool value)
{
    if (!value)
        return;
    writeTag(field, Varint);
    writeVarint(1);
}

void ProtobufWriter::writeInt64(int field, qint64 value)
{
    if (value == 0)
        return;
    writeTag(field, Varint);
    // int64 (not sint64): negative values are sign-extended to ten bytes on the wire.
    writeVarint(static_cast<quint64>(value));
}

void ProtobufWriter::writeDouble(int field, double value)
{
    // Negative zero is not the default value; proto3 compares bit patterns.
    if (std::bit_cast<quint64>(value) == 0)
        return;
    writeTag(field, Fixed64);
    const quint64 little = qToLittleEndian(std::bit_cast<quint64>(value));
    m_data.append(reinterpret_cast<const char *>(&little), sizeof little);
}

void ProtobufWriter::writeMessage(int field, const QByteArray &encoded)
{
    writeLengthDelimited(field, encoded);
}

void ProtobufWriter::writeRepeatedString(int field, const QString &value)
{
    writeLengthDelimited(field, value.toUtf8());
}

void ProtobufWriter::writeOneofBool(int field, bool value)
{
    writeTag(field, Varint);
    writeVarint(value ? 1 : 0);
}

void ProtobufWriter::writeTag(int field, WireType type)
{
    writeVarint((static_cast<quint64>(field) << 3) | type);
}

void ProtobufWriter::writeVarint(quint64 value)
{
    while (value >= 0x80) {
        m_data.append(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    m_data.append(static_cast<char>(value));
}

void ProtobufWriter::writeLengthDelimited(int field, const QByteArray &bytes)
{
    writeTag(field, LengthDelimited);
    writeVarint(static_cast<quint64>(bytes.size()));
    m_data.append(bytes);
}

} // namespace flotilla::api
