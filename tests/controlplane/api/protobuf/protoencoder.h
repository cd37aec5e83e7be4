#pragma once

// A tiny protobuf encoder for test fixtures, deliberately independent of the decoder under
// test: each fixture spells out the field numbers of upstream's generated.proto at the
// point of use, so a wrong number in the vendored data shows up as a test failure.

#include <QByteArray>
#include <QList>

class ProtoMessage
{
public:
    static QByteArray varintBytes(quint64 value)
    {
        QByteArray out;
        while (value >= 0x80) {
            out.append(char((value & 0x7f) | 0x80));
            value >>= 7;
        }
        out.append(char(value));
        return out;
    }

    // int32/int64/bool/enum; negative numbers take 10 bytes (sign-extended), as Go writes them.
    ProtoMessage &varint(int field, qint64 value)
    {
        tag(field, 0);
        m_bytes += varintBytes(quint64(value));
        return *this;
    }
    ProtoMessage &boolean(int field, bool value) { return varint(field, value ? 1 : 0); }
    ProtoMessage &bytes(int field, const QByteArray &value)
    {
        tag(field, 2);
        m_bytes += varintBytes(quint64(value.size()));
        m_bytes += value;
        return *this;
    }
    ProtoMessage &string(int field, const QByteArray &value) { return bytes(field, value); }
    ProtoMessage &message(int field, const ProtoMessage &value)
    {
        return bytes(field, value.m_bytes);
    }
    // A map entry: a message {1: key, 2: value}.
    ProtoMessage &mapEntry(int field, const QByteArray &key, const QByteArray &value)
    {
        return message(field, ProtoMessage().string(1, key).bytes(2, value));
    }
    ProtoMessage &mapEntry(int field, const QByteArray &key, const ProtoMessage &value)
    {
        return message(field, ProtoMessage().string(1, key).message(2, value));
    }
    ProtoMessage &packed(int field, const QList<qint64> &values)
    {
        QByteArray payload;
        for (qint64 value : values)
            payload += varintBytes(quint64(value));
        return bytes(field, payload);
    }
    ProtoMessage &fixed32(int field, quint32 value)
    {
        tag(field, 5);
        for (int i = 0; i < 4; ++i)
            m_bytes.append(char(value >> (8 * i)));
        return *this;
    }
    ProtoMessage &fixed64(int field, quint64 value)
    {
        tag(field, 1);
        for (int i = 0; i < 8; ++i)
            m_bytes.append(char(value >> (8 * i)));
        return *this;
    }
    ProtoMessage &group(int field, const ProtoMessage &content)
    {
        tag(field, 3);
        m_bytes += content.m_bytes;
        tag(field, 4);
        return *this;
    }
    ProtoMessage &raw(const QByteArray &bytes)
    {
        m_bytes += bytes;
        return *this;
    }

    const QByteArray &encoded() const { return m_bytes; }

private:
    void tag(int field, int wireType)
    {
        m_bytes += varintBytes(quint64(field) << 3 | quint64(wireType));
    }

    QByteArray m_bytes;
};

// The body kubectl sends: "k8s\0" and a runtime.Unknown {1: typeMeta {1: apiVersion,
// 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}. gogo writes the two (non-pointer)
// strings even when empty, so the fixture does too.
inline QByteArray kubernetesBody(const QByteArray &apiVersion, const QByteArray &kind,
                                 const ProtoMessage &object,
                                 const QByteArray &contentEncoding = QByteArray(),
                                 const QByteArray &contentType = QByteArray())
{
    ProtoMessage unknown;
    unknown.message(1, ProtoMessage().string(1, apiVersion).string(2, kind))
        .bytes(2, object.encoded())
        .string(3, contentEncoding)
        .string(4, contentType);
    return QByteArray("k8s\0", 4) + unknown.encoded();
}

// meta/v1 ObjectMeta as gogo writes it for a new object: every non-pointer field, the
// empty ones included, and an empty creationTimestamp (Go's zero time).
// {1 name, 2 generateName, 3 namespace, 4 selfLink, 5 uid, 6 resourceVersion,
//  7 generation, 8 creationTimestamp, 11 labels, 12 annotations}
inline ProtoMessage objectMeta(const QByteArray &name, const QByteArray &ns = QByteArray())
{
    return ProtoMessage()
        .string(1, name)
        .string(2, QByteArray())
        .string(3, ns)
        .string(4, QByteArray())
        .string(5, QByteArray())
        .string(6, QByteArray())
        .varint(7, 0)
        .message(8, ProtoMessage());
}
