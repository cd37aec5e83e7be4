// libFuzzer target for the three patch engines. The input is a document and a patch,
// separated by the first NUL byte, each parsed as JSON. All three patch types are applied;
// any crash, sanitizer report or hang is a bug, and so is a strategic merge patch result
// that carries a directive its input document did not have.

#include "patch/jsonpatch.h"
#include "patch/mergepatch.h"
#include "patch/strategicmergepatch.h"
#include "schema/apischema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace flotilla::api;

namespace {

QJsonValue parse(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return QJsonValue();
    if (document.isArray())
        return document.array();
    return document.object();
}

// Iterative: a fuzzed document may nest as deep as the parser allows.
bool containsDirective(const QJsonValue &root)
{
    std::vector<QJsonValue> pending{root};
    while (!pending.empty()) {
        const QJsonValue value = pending.back();
        pending.pop_back();
        if (value.isArray()) {
            for (const QJsonValue &item : value.toArray())
                pending.push_back(item);
        } else if (value.isObject()) {
            const QJsonObject object = value.toObject();
            for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
                if (isStrategicMergeDirective(it.key()))
                    return true;
                pending.push_back(it.value());
            }
        }
    }
    return false;
}

const SchemaNode &deploymentSchema()
{
    static const SchemaNode schema = ApiSchema::builtin().forKind(
        {QStringLiteral("apps"), QStringLiteral("v1"), QStringLiteral("Deployment")});
    return schema;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *begin = reinterpret_cast<const char *>(data);
    const char *separator = static_cast<const char *>(std::memchr(begin, 0, size));
    const qsizetype documentSize = separator ? separator - begin : static_cast<qsizetype>(size);
    const QJsonValue document = parse(QByteArray(begin, documentSize));
    const QJsonValue patch =
        separator
            ? parse(QByteArray(separator + 1, static_cast<qsizetype>(size) - documentSize - 1))
            : QJsonValue();

    // An array is a JSON patch; anything else is tried as a single operation.
    const QJsonArray operations = patch.isArray() ? patch.toArray() : QJsonArray{patch};
    static_cast<void>(applyJsonPatch(document, operations));

    static_cast<void>(applyMergePatch(document, patch));

    if (document.isObject() && patch.isObject()) {
        const bool documentHasDirectives = containsDirective(document);
        for (const SchemaNode &schema : {deploymentSchema(), SchemaNode()}) {
            const flotilla::Result<QJsonObject> merged =
                applyStrategicMergePatch(document.toObject(), patch.toObject(), schema);
            if (merged.ok() && !documentHasDirectives && containsDirective(*merged))
                std::abort();
        }
    }
    return 0;
}
