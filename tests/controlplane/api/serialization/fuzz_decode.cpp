// libFuzzer target: every decoder on every input, then field validation against the Pod
// schema for whatever decodes. Built with -DFLOTILLA_FUZZ=ON and clang; see
// controlplane/api/serialization/README.md.

#include "schema/apischema.h"
#include "serialization/fieldvalidation.h"
#include "serialization/jsondecoder.h"
#include "serialization/strictdecoding.h"
#include "serialization/yamldecoder.h"

#include <cstddef>
#include <cstdint>

using namespace flotilla;
using namespace flotilla::api;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const SchemaNode pod =
        ApiSchema::builtin().forKind({QString(), QStringLiteral("v1"), QStringLiteral("Pod")});

    // No copy: the decoders must not rely on a terminating NUL, and ASan sees any read past
    // the fuzzer's exactly-sized buffer.
    const QByteArray body =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));

    const auto check = [](const DecodedJson &decoded) {
        const FieldValidationResult fields = validateFields(decoded.value, pod);
        (void)strictDecodingErrorMessage(duplicateFieldMessages(decoded.duplicateFields) +
                                         fields.unknownFields);
    };
    if (const Result<DecodedJson> json = decodeJson(body); json.ok())
        check(*json);
    if (const Result<DecodedJson> yaml = decodeYaml(body); yaml.ok())
        check(*yaml);
    if (const Result<QList<QJsonValue>> stream = decodeYamlStream(body); stream.ok()) {
        for (const QJsonValue &document : *stream)
            (void)validateFields(document, pod);
    }
    return 0;
}
