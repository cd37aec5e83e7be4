// libFuzzer target: the Kubernetes protobuf decoder on every input, once as a whole body and
// once as the raw object of a few message types (so that mutations reach deep fields without
// first having to rebuild the envelope). Built with -DFLOTILLA_FUZZ=ON and clang; see
// controlplane/api/protobuf/README.md.

#include "protobuf/messagedecoder.h"
#include "protobuf/protobufdecoder.h"
#include "protobuf/protobufschema.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace flotilla;
using namespace flotilla::api;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ProtobufSchema &schema = ProtobufSchema::builtin();
    static const QList<const MessageDescriptor *> objects = {
        schema.message(QStringLiteral("k8s.io.api.core.v1.Pod")),
        schema.message(QStringLiteral("k8s.io.api.apps.v1.Deployment")),
        schema.message(QStringLiteral("k8s.io.api.core.v1.Service")),
        schema.message(QStringLiteral("k8s.io.api.apps.v1.ControllerRevision")),
        schema.message(QStringLiteral("k8s.io.api.authentication.v1.TokenReview")),
    };

    // No copy: the decoder must not rely on a terminating NUL, and ASan sees any read past
    // the fuzzer's exactly-sized buffer.
    const QByteArray body =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const Result<QJsonObject> decoded = decodeKubernetesProtobuf(body); decoded.ok())
        (void)QJsonDocument(*decoded).toJson(QJsonDocument::Compact);

    if (size > 0) {
        const MessageDescriptor *object = objects.at(data[0] % objects.size());
        const WireChunk raw{QByteArrayView(body).sliced(1), 1};
        if (const Result<QJsonObject> decoded = decodeProtobufMessage(*object, raw); decoded.ok())
            (void)QJsonDocument(*decoded).toJson(QJsonDocument::Compact);
    }
    return 0;
}
