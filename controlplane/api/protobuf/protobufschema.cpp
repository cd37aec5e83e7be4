#include "protobuf/protobufschema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <optional>

namespace flotilla::api {

namespace {

// The largest field number protobuf allows (2^29 - 1).
constexpr int kMaxFieldNumber = (1 << 29) - 1;

std::optional<ProtoType> scalarType(const QString &name)
{
    static const QHash<QString, ProtoType> types = {
        {QStringLiteral("double"), ProtoType::Double},
        {QStringLiteral("float"), ProtoType::Float},
        {QStringLiteral("int32"), ProtoType::Int32},
        {QStringLiteral("int64"), ProtoType::Int64},
        {QStringLiteral("uint32"), ProtoType::UInt32},
        {QStringLiteral("uint64"), ProtoType::UInt64},
        {QStringLiteral("sint32"), ProtoType::SInt32},
        {QStringLiteral("sint64"), ProtoType::SInt64},
        {QStringLiteral("fixed32"), ProtoType::Fixed32},
        {QStringLiteral("fixed64"), ProtoType::Fixed64},
        {QStringLiteral("sfixed32"), ProtoType::SFixed32},
        {QStringLiteral("sfixed64"), ProtoType::SFixed64},
        {QStringLiteral("bool"), ProtoType::Bool},
        {QStringLiteral("string"), ProtoType::String},
        {QStringLiteral("bytes"), ProtoType::Bytes},
    };
    const auto it = types.constFind(name);
    if (it == types.constEnd())
        return std::nullopt;
    return *it;
}

WellKnownType wellKnownType(const QString &fullName)
{
    static const QHash<QString, WellKnownType> types = {
        {QStringLiteral("k8s.io.apimachinery.pkg.apis.meta.v1.Time"), WellKnownType::Time},
        {QStringLiteral("k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime"),
         WellKnownType::MicroTime},
        {QStringLiteral("k8s.io.apimachinery.pkg.apis.meta.v1.Duration"), WellKnownType::Duration},
        {QStringLiteral("k8s.io.apimachinery.pkg.api.resource.Quantity"), WellKnownType::Quantity},
        {QStringLiteral("k8s.io.apimachinery.pkg.util.intstr.IntOrString"),
         WellKnownType::IntOrString},
        {QStringLiteral("k8s.io.apimachinery.pkg.runtime.RawExtension"),
         WellKnownType::RawExtension},
        {QStringLiteral("k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1"), WellKnownType::FieldsV1},
        {QStringLiteral("k8s.io.apimachinery.pkg.apis.meta.v1.Verbs"), WellKnownType::StringList},
    };
    if (const auto it = types.constFind(fullName); it != types.constEnd())
        return *it;
    // `type ExtraValue []string` in authentication, authorization and certificates: Go
    // named slices that go-to-protobuf wraps in a message with one `items` field.
    if (fullName.startsWith(QLatin1String("k8s.io.api.")) &&
        fullName.endsWith(QLatin1String(".ExtraValue")))
        return WellKnownType::StringList;
    return WellKnownType::None;
}

Error corrupt(const QString &message, const QString &what)
{
    return Error{ErrorCode::Corrupt, QStringLiteral("protobuf field data: %1: %2; re-run "
                                                    "scripts/import-protobuf-fields.py")
                                         .arg(message, what)};
}

} // namespace

const FieldDescriptor *MessageDescriptor::field(int number) const
{
    const auto it = std::lower_bound(
        fields.cbegin(), fields.cend(), number,
        [](const FieldDescriptor &field, int wanted) { return field.number < wanted; });
    return it != fields.cend() && it->number == number ? &*it : nullptr;
}

Result<std::shared_ptr<const ProtobufSchema>> ProtobufSchema::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return Error{ErrorCode::Corrupt,
                     QStringLiteral("protobuf field data is not a JSON object: %1")
                         .arg(parseError.errorString())};
    }
    const QJsonObject root = document.object();

    auto schema = std::make_shared<ProtobufSchema>();
    // Two passes: every descriptor exists before fields point at their message types.
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        auto message = std::make_shared<MessageDescriptor>();
        message->fullName = it.key();
        message->wellKnown = wellKnownType(it.key());
        schema->m_messages.insert(it.key(), message);
    }
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        MessageDescriptor &message = *schema->m_messages.value(it.key());
        const QJsonArray fields = it.value().toArray();
        for (const QJsonValue &value : fields) {
            const QJsonObject object = value.toObject();
            FieldDescriptor field;
            field.number = object.value(QLatin1String("number")).toInt();
            const QString name = object.value(QLatin1String("name")).toString();
            field.jsonName = object.value(QLatin1String("jsonName")).toString(name);
            field.repeated =
                object.value(QLatin1String("label")).toString() == QLatin1String("repeated");
            field.nullable = object.value(QLatin1String("nullable")).toBool();
            field.inlined = object.value(QLatin1String("inline")).toBool();
            field.required = object.value(QLatin1String("required")).toBool();
            if (field.number <= 0 || field.number > kMaxFieldNumber || field.jsonName.isEmpty())
                return corrupt(it.key(), QStringLiteral("a field without a valid number or name"));

            const QString type = object.value(QLatin1String("type")).toString();
            const QString messageType = object.value(QLatin1String("messageType")).toString();
            bool needsMessage = false;
            if (type == QLatin1String("message")) {
                field.type = ProtoType::Message;
                needsMessage = true;
            } else if (type == QLatin1String("map")) {
                field.type = ProtoType::Map;
                field.repeated = true;
                const std::optional<ProtoType> key =
                    scalarType(object.value(QLatin1String("mapKey")).toString());
                const QString mapValue = object.value(QLatin1String("mapValue")).toString();
                // Protobuf allows integral, bool and string keys only.
                if (!key || *key == ProtoType::Bytes || *key == ProtoType::Double ||
                    *key == ProtoType::Float)
                    return corrupt(it.key(), QStringLiteral("map %1 has no valid key").arg(name));
                field.mapKey = *key;
                if (mapValue == QLatin1String("message")) {
                    field.mapValue = ProtoType::Message;
                    needsMessage = true;
                } else if (const std::optional<ProtoType> scalar = scalarType(mapValue)) {
                    field.mapValue = *scalar;
                } else {
                    return corrupt(it.key(), QStringLiteral("map %1 has no valid value").arg(name));
                }
            } else if (const std::optional<ProtoType> scalar = scalarType(type)) {
                field.type = *scalar;
            } else {
                return corrupt(it.key(),
                               QStringLiteral("field %1 has unknown type \"%2\"").arg(name, type));
            }
            if (needsMessage) {
                const auto target = schema->m_messages.constFind(messageType);
                if (target == schema->m_messages.constEnd()) {
                    return corrupt(it.key(), QStringLiteral("field %1 refers to unknown message "
                                                            "\"%2\"")
                                                 .arg(name, messageType));
                }
                field.message = target->get();
            }
            if (field.inlined && (field.type != ProtoType::Message || field.repeated))
                return corrupt(it.key(),
                               QStringLiteral("inline field %1 is no single message").arg(name));
            message.fields.append(field);
        }
        std::sort(
            message.fields.begin(), message.fields.end(),
            [](const FieldDescriptor &a, const FieldDescriptor &b) { return a.number < b.number; });
        const auto duplicate =
            std::adjacent_find(message.fields.cbegin(), message.fields.cend(),
                               [](const FieldDescriptor &a, const FieldDescriptor &b) {
                                   return a.number == b.number;
                               });
        if (duplicate != message.fields.cend())
            return corrupt(it.key(),
                           QStringLiteral("field number %1 twice").arg(duplicate->number));
    }
    return std::shared_ptr<const ProtobufSchema>(std::move(schema));
}

const ProtobufSchema &ProtobufSchema::builtin()
{
    static const std::shared_ptr<const ProtobufSchema> schema = [] {
        QFile file(QStringLiteral(":/flotilla/protobuf/protobuf-fields.json"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("the protobuf field data resource is missing from this build");
        auto loaded = fromJson(file.readAll());
        if (!loaded) {
            qFatal("the built-in protobuf field data is unreadable: %s",
                   qPrintable(loaded.error().message));
        }
        return *loaded;
    }();
    return *schema;
}

const MessageDescriptor *ProtobufSchema::message(const QString &fullName) const
{
    const auto it = m_messages.constFind(fullName);
    return it == m_messages.constEnd() ? nullptr : it->get();
}

} // namespace flotilla::api
