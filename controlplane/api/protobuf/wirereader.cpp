#include "protobuf/wirereader.h"

namespace flotilla::api {

namespace {

// The largest field number protobuf allows (2^29 - 1).
constexpr quint64 kMaxFieldNumber = (quint64(1) << 29) - 1;

} // namespace

Error WireReader::malformed(qsizetype at, const QString &what) const
{
    return Error{
        ErrorCode::InvalidArgument,
        QStringLiteral("malformed protobuf at byte %1: %2").arg(m_chunk.offset + at).arg(what)};
}

Result<quint64> WireReader::readVarint()
{
    const qsizetype start = m_position;
    quint64 value = 0;
    // At most 10 bytes carry 64 bits; bits beyond them are dropped, as Go's decoder does.
    for (int shift = 0; shift < 70; shift += 7) {
        if (m_position >= m_chunk.bytes.size())
            return malformed(start, QStringLiteral("truncated varint"));
        const auto byte = quint8(m_chunk.bytes[m_position++]);
        if (shift < 64)
            value |= quint64(byte & 0x7f) << shift;
        if (byte < 0x80)
            return value;
    }
    return malformed(start, QStringLiteral("varint longer than 10 bytes"));
}

Result<WireTag> WireReader::readTag()
{
    const qsizetype start = m_position;
    Result<quint64> key = readVarint();
    if (!key)
        return key.error();
    const quint64 number = *key >> 3;
    const quint64 type = *key & 7;
    if (number == 0 || number > kMaxFieldNumber)
        return malformed(start, QStringLiteral("invalid field number %1").arg(number));
    if (type > quint64(WireType::Fixed32))
        return malformed(start, QStringLiteral("invalid wire type %1").arg(type));
    return WireTag{int(number), WireType(type)};
}

Result<quint32> WireReader::readFixed32()
{
    if (m_chunk.bytes.size() - m_position < 4)
        return malformed(m_position, QStringLiteral("truncated fixed32"));
    quint32 value = 0;
    for (int i = 3; i >= 0; --i)
        value = (value << 8) | quint8(m_chunk.bytes[m_position + i]);
    m_position += 4;
    return value;
}

Result<quint64> WireReader::readFixed64()
{
    if (m_chunk.bytes.size() - m_position < 8)
        return malformed(m_position, QStringLiteral("truncated fixed64"));
    quint64 value = 0;
    for (int i = 7; i >= 0; --i)
        value = (value << 8) | quint8(m_chunk.bytes[m_position + i]);
    m_position += 8;
    return value;
}

Result<WireChunk> WireReader::readLengthDelimited()
{
    const qsizetype start = m_position;
    Result<quint64> length = readVarint();
    if (!length)
        return length.error();
    // Compared as unsigned so that a huge length cannot wrap into a small one.
    const auto remaining = quint64(m_chunk.bytes.size() - m_position);
    if (*length > remaining) {
        return malformed(start, QStringLiteral("length %1 runs past the end of the data (%2 "
                                               "bytes left)")
                                    .arg(*length)
                                    .arg(remaining));
    }
    const WireChunk value{m_chunk.bytes.sliced(m_position, qsizetype(*length)),
                          m_chunk.offset + m_position};
    m_position += qsizetype(*length);
    return value;
}

Result<void> WireReader::skip(WireType type, int number)
{
    switch (type) {
    case WireType::Varint:
        if (Result<quint64> value = readVarint(); !value)
            return value.error();
        return {};
    case WireType::Fixed64:
        if (Result<quint64> value = readFixed64(); !value)
            return value.error();
        return {};
    case WireType::Fixed32:
        if (Result<quint32> value = readFixed32(); !value)
            return value.error();
        return {};
    case WireType::LengthDelimited:
        if (Result<WireChunk> value = readLengthDelimited(); !value)
            return value.error();
        return {};
    case WireType::EndGroup:
        return malformed(m_position,
                         QStringLiteral("end of group %1 without its start").arg(number));
    case WireType::StartGroup:
        break;
    }
    // A group (deprecated, unused by Kubernetes) runs to the end-group tag of the same
    // number; nested groups are counted without recursion.
    const qsizetype start = m_position;
    int depth = 1;
    while (depth > 0) {
        if (atEnd())
            return malformed(start, QStringLiteral("group %1 is not closed").arg(number));
        Result<WireTag> tag = readTag();
        if (!tag)
            return tag.error();
        if (tag->type == WireType::StartGroup) {
            if (++depth > kMaxGroupDepth)
                return malformed(start, QStringLiteral("groups nested too deeply"));
        } else if (tag->type == WireType::EndGroup) {
            --depth;
        } else if (Result<void> skipped = skip(tag->type, tag->number); !skipped) {
            return skipped;
        }
    }
    return {};
}

} // namespace flotilla::api
