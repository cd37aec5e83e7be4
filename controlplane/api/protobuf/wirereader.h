#pragma once

#include "common/result.h"

#include <QByteArrayView>
#include <QString>

namespace flotilla::api {

enum class WireType : quint8 {
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
};

// A run of encoded fields and where it starts in the request body, so that errors can
// name a byte offset a person can find with a hex dump.
struct WireChunk
{
    QByteArrayView bytes;
    qsizetype offset = 0;
};

struct WireTag
{
    int number = 0;
    WireType type = WireType::Varint;
};

// Reads the protobuf wire format from a buffer it does not own. Every read is bounds-checked
// against the end of the chunk, and a length can never reach past it, so hostile input ends
// in an Error (InvalidArgument, naming the byte offset) and never in a read out of bounds.
class WireReader
{
public:
    explicit WireReader(WireChunk chunk)
        : m_chunk(chunk)
    {}

    bool atEnd() const { return m_position >= m_chunk.bytes.size(); }
    // Offset of the next byte in the request body.
    qsizetype offset() const { return m_chunk.offset + m_position; }

    Result<WireTag> readTag();
    Result<quint64> readVarint();
    Result<quint32> readFixed32();
    Result<quint64> readFixed64();
    Result<WireChunk> readLengthDelimited();

    // Skips the value of a field this decoder does not know (newer clients send fields older
    // servers lack; protobuf's forward compatibility). Groups are skipped up to kMaxGroupDepth.
    Result<void> skip(WireType type, int number);

    static constexpr int kMaxGroupDepth = 64;

private:
    Error malformed(qsizetype at, const QString &what) const;

    WireChunk m_chunk;
    qsizetype m_position = 0;
};

} // namespace flotilla::api
