#pragma once

#include <QByteArray>
#include <QString>

namespace flotilla::api {

// Appends proto3 wire-format fields to a buffer. Only what the OpenAPI v2 document
// needs: varints (bool, int64), 64-bit doubles and length-delimited strings and
// messages. A nested message is encoded into its own writer first and added with
// writeMessage, so lengths are always known up front.
//
// Scalar writers follow proto3 semantics and skip default values (empty string, false,
// 0), exactly as Go's proto.Marshal does for gnostic's generated types; writeMessage
// and the repeated-element writers always write, because message presence and list
// elements carry meaning even when empty.
class ProtobufWriter
{
public:
    void writeString(int field, const QString &value);
    void writeBool(int field, bool value);
    void writeInt64(int field, qint64 value);
    void writeDouble(int field, double value);
    void writeMessage(int field, const QByteArray &encoded);
    void writeRepeatedString(int field, const QString &value);
    // A bool inside a oneof has presence, so false is written too.
    void writeOneofBool(int field, bool value);

    const QByteArray &data() const { return m_data; }

private:
    enum WireType { Varint = 0, Fixed64 = 1, LengthDelimited = 2 };

    void writeTag(int field, WireType type);
    void writeVarint(quint64 value);
    void writeLengthDelimited(int field, const QByteArray &bytes);

    QByteArray m_data;
};

} // namespace flotilla::api
