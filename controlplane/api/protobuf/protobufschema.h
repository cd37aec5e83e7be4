#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>

namespace flotilla::api {

enum class ProtoType {
    Double,
    Float,
    Int32,
    Int64,
    UInt32,
    UInt64,
    SInt32,
    SInt64,
    Fixed32,
    Fixed64,
    SFixed32,
    SFixed64,
    Bool,
    String,
    Bytes,
    Message,
    Map,
};

// Messages whose JSON form is not an object of their fields: Kubernetes gives these Go
// types their own MarshalJSON.
enum class WellKnownType {
    None,
    Time,         // meta/v1 Time: RFC 3339, whole seconds
    MicroTime,    // meta/v1 MicroTime: RFC 3339 with microseconds
    Duration,     // meta/v1 Duration: Go duration string ("1h0m0s")
    Quantity,     // resource.Quantity: its string
    IntOrString,  // intstr.IntOrString: a number or a string
    RawExtension, // runtime.RawExtension: the embedded JSON itself
    FieldsV1,     // meta/v1 FieldsV1 (managedFields): the embedded JSON itself
    StringList,   // named []string types (meta/v1 Verbs, ExtraValue): a JSON array
};

struct MessageDescriptor;

struct FieldDescriptor
{
    int number = 0;
    QString jsonName;
    ProtoType type = ProtoType::String;
    bool repeated = false;
    // The Go field is a pointer, so it is on the wire only when set and a zero value is
    // meaningful (replicas: 0). Non-pointer scalars are always on the wire and their zero
    // values are dropped, as Go's JSON encoder does with omitempty.
    bool nullable = false;
    // A non-pointer scalar the JSON marks required: it has no omitempty, so Go's JSON
    // encoder writes its zero value too (PodDisruptionBudgetStatus.currentHealthy: 0).
    bool required = false;
    // An embedded Go struct (`json:",inline"`): its fields join the parent's JSON object.
    bool inlined = false;
    ProtoType mapKey = ProtoType::String;       // Map fields only
    ProtoType mapValue = ProtoType::String;     // Map fields only
    const MessageDescriptor *message = nullptr; // Message fields and message-valued maps
};

struct MessageDescriptor
{
    QString fullName; // "k8s.io.api.core.v1.ConfigMap"
    WellKnownType wellKnown = WellKnownType::None;
    QList<FieldDescriptor> fields; // sorted by number

    const FieldDescriptor *field(int number) const;
};

// The Kubernetes protobuf messages (field numbers, JSON names, types), loaded from the data
// vendored by scripts/import-protobuf-fields.py.
class ProtobufSchema final
{
public:
    // Parses a protobuf-fields.json document (message full name -> list of fields).
    static Result<std::shared_ptr<const ProtobufSchema>> fromJson(const QByteArray &json);
    // The data compiled into this binary; loaded once, on first use.
    static const ProtobufSchema &builtin();

    // Null when the message is not in the data.
    const MessageDescriptor *message(const QString &fullName) const;
    qsizetype messageCount() const { return m_messages.size(); }

private:
    // shared_ptr keeps each descriptor's address stable while the hash grows; fields point
    // at their message types.
    QHash<QString, std::shared_ptr<MessageDescriptor>> m_messages;
};

} // namespace flotilla::api
