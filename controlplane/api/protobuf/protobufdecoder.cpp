#include "protobuf/protobufdecoder.h"

#include "protobuf/messagedecoder.h"
#include "protobuf/protobufschema.h"
#include "protobuf/wirereader.h"

#include <QHash>

#include <algorithm>
#include <functional>
#include <optional>

namespace flotilla::api {

namespace {

constexpr char kMagic[] = {'k', '8', 's', '\0'};
constexpr qsizetype kMagicSize = sizeof(kMagic);

Error invalid(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message};
}

// The runtime.Unknown envelope: {1: typeMeta {1: apiVersion, 2: kind}, 2: raw,
// 3: contentEncoding, 4: contentType}.
struct Envelope
{
    QString apiVersion;
    QString kind;
    WireChunk raw;
    QString contentEncoding;
    QString contentType;
};

// Reads the length-delimited fields of a message the envelope consists of; other wire
// types are skipped (unknown fields), as are unknown numbers.
Result<void> readStrings(WireChunk message,
                         const std::function<void(int number, WireChunk value)> &take)
{
    WireReader reader(message);
    while (!reader.atEnd()) {
        Result<WireTag> tag = reader.readTag();
        if (!tag)
            return tag.error();
        if (tag->type != WireType::LengthDelimited) {
            if (Result<void> skipped = reader.skip(tag->type, tag->number); !skipped)
                return skipped;
            continue;
        }
        Result<WireChunk> value = reader.readLengthDelimited();
        if (!value)
            return value.error();
        take(tag->number, *value);
    }
    return {};
}

Result<Envelope> readEnvelope(const QByteArray &body)
{
    Envelope envelope;
    const WireChunk unknown{QByteArrayView(body).sliced(kMagicSize), kMagicSize};
    std::optional<Error> nested;
    Result<void> read = readStrings(unknown, [&](int number, WireChunk value) {
        const QString text = QString::fromUtf8(value.bytes);
        switch (number) {
        case 1: {
            Result<void> typeMeta = readStrings(value, [&](int inner, WireChunk field) {
                if (inner == 1)
                    envelope.apiVersion = QString::fromUtf8(field.bytes);
                else if (inner == 2)
                    envelope.kind = QString::fromUtf8(field.bytes);
            });
            if (!typeMeta && !nested)
                nested = typeMeta.error();
            break;
        }
        case 2:
            envelope.raw = value;
            break;
        case 3:
            envelope.contentEncoding = text;
            break;
        case 4:
            envelope.contentType = text;
            break;
        default:
            break;
        }
    });
    if (!read)
        return read.error();
    if (nested)
        return *nested;
    return envelope;
}

} // namespace

bool hasKubernetesProtobufMagic(const QByteArray &body)
{
    return body.size() >= kMagicSize &&
           QByteArrayView(body).first(kMagicSize) == QByteArrayView(kMagic, kMagicSize);
}

QString protobufMessageName(const QString &apiVersion, const QString &kind)
{
    // Group -> the Go package (and so the proto package) under k8s.io/api; listed rather
    // than derived, so that a custom group such as "apps.example.com" maps to nothing.
    static const QHash<QString, QString> packages = {
        {QString(), QStringLiteral("core")},
        {QStringLiteral("admission.k8s.io"), QStringLiteral("admission")},
        {QStringLiteral("admissionregistration.k8s.io"), QStringLiteral("admissionregistration")},
        {QStringLiteral("apidiscovery.k8s.io"), QStringLiteral("apidiscovery")},
        {QStringLiteral("apps"), QStringLiteral("apps")},
        {QStringLiteral("authentication.k8s.io"), QStringLiteral("authentication")},
        {QStringLiteral("authorization.k8s.io"), QStringLiteral("authorization")},
        {QStringLiteral("autoscaling"), QStringLiteral("autoscaling")},
        {QStringLiteral("batch"), QStringLiteral("batch")},
        {QStringLiteral("certificates.k8s.io"), QStringLiteral("certificates")},
        {QStringLiteral("coordination.k8s.io"), QStringLiteral("coordination")},
        {QStringLiteral("discovery.k8s.io"), QStringLiteral("discovery")},
        {QStringLiteral("events.k8s.io"), QStringLiteral("events")},
        {QStringLiteral("extensions"), QStringLiteral("extensions")},
        {QStringLiteral("flowcontrol.apiserver.k8s.io"), QStringLiteral("flowcontrol")},
        {QStringLiteral("imagepolicy.k8s.io"), QStringLiteral("imagepolicy")},
        {QStringLiteral("internal.apiserver.k8s.io"), QStringLiteral("apiserverinternal")},
        {QStringLiteral("networking.k8s.io"), QStringLiteral("networking")},
        {QStringLiteral("node.k8s.io"), QStringLiteral("node")},
        {QStringLiteral("policy"), QStringLiteral("policy")},
        {QStringLiteral("rbac.authorization.k8s.io"), QStringLiteral("rbac")},
        {QStringLiteral("resource.k8s.io"), QStringLiteral("resource")},
        {QStringLiteral("scheduling.k8s.io"), QStringLiteral("scheduling")},
        {QStringLiteral("storage.k8s.io"), QStringLiteral("storage")},
        {QStringLiteral("storagemigration.k8s.io"), QStringLiteral("storagemigration")},
    };
    const qsizetype slash = apiVersion.indexOf(QLatin1Char('/'));
    const QString group = slash < 0 ? QString() : apiVersion.left(slash);
    const QString version = slash < 0 ? apiVersion : apiVersion.mid(slash + 1);
    // Both become parts of a dotted name: nothing else may slip into it.
    const auto isIdentifier = [](const QString &text) {
        return !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](QChar c) {
            return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                   (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                   (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
        });
    };
    if (!isIdentifier(version) || !isIdentifier(kind))
        return {};
    if (group == QLatin1String("meta.k8s.io"))
        return QString(QStringLiteral("k8s.io.apimachinery.pkg.apis.meta.") + version +
                       QLatin1Char('.') + kind);
    const auto package = packages.constFind(group);
    if (package == packages.constEnd())
        return {};
    return QString(QStringLiteral("k8s.io.api.") + *package + QLatin1Char('.') + version +
                   QLatin1Char('.') + kind);
}

Result<QJsonObject> decodeKubernetesProtobuf(const QByteArray &body)
{
    return decodeKubernetesProtobuf(body, ProtobufSchema::builtin());
}

Result<QJsonObject> decodeKubernetesProtobuf(const QByteArray &body, const ProtobufSchema &schema)
{
    if (!hasKubernetesProtobufMagic(body)) {
        return invalid(QStringLiteral("not a Kubernetes protobuf body: it must start with the "
                                      "bytes \"k8s\\0\""));
    }
    Result<Envelope> envelope = readEnvelope(body);
    if (!envelope)
        return envelope.error();
    if (!envelope->contentEncoding.isEmpty()) {
        return invalid(QStringLiteral("protobuf body with content encoding \"%1\" is not "
                                      "supported; send it uncompressed")
                           .arg(envelope->contentEncoding));
    }
    if (!envelope->contentType.isEmpty() &&
        envelope->contentType != QLatin1String(kKubernetesProtobufMediaType)) {
        return invalid(
            QStringLiteral("protobuf envelope holds \"%1\" content; only %2 is "
                           "supported")
                .arg(envelope->contentType, QLatin1String(kKubernetesProtobufMediaType)));
    }
    if (envelope->kind.isEmpty() || envelope->apiVersion.isEmpty())
        return invalid(QStringLiteral("protobuf body names no apiVersion and kind"));

    const QString name = protobufMessageName(envelope->apiVersion, envelope->kind);
    const MessageDescriptor *message = name.isEmpty() ? nullptr : schema.message(name);
    // Options and Status types of meta/v1 are registered in every group version
    // (metav1.AddToGroupVersion), so e.g. a DeleteOptions may come as "apps/v1".
    static const QStringList metaKinds = {
        QStringLiteral("CreateOptions"), QStringLiteral("DeleteOptions"),
        QStringLiteral("GetOptions"),    QStringLiteral("ListOptions"),
        QStringLiteral("PatchOptions"),  QStringLiteral("Status"),
        QStringLiteral("UpdateOptions"),
    };
    if (!message && metaKinds.contains(envelope->kind))
        message = schema.message(
            QString(QStringLiteral("k8s.io.apimachinery.pkg.apis.meta.v1.") + envelope->kind));
    if (!message || message->wellKnown != WellKnownType::None) {
        return invalid(QStringLiteral("kind \"%1\" of \"%2\" has no protobuf form here; send it "
                                      "as JSON")
                           .arg(envelope->kind, envelope->apiVersion));
    }

    Result<QJsonObject> object = decodeProtobufMessage(*message, envelope->raw);
    if (!object) {
        Error error = object.error();
        error.message = envelope->kind + QStringLiteral(": ") + error.message;
        return error;
    }
    object->insert(QLatin1String("apiVersion"), envelope->apiVersion);
    object->insert(QLatin1String("kind"), envelope->kind);
    return object;
}

} // namespace flotilla::api
