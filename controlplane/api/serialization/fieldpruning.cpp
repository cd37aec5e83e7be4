#include "serialization/fieldpruning.h"

#include <QJsonArray>
#include <QJsonObject>

namespace flotilla::api {

namespace {

constexpr int kMaxDepth = 100;

QJsonValue prune(const QJsonValue &value, const SchemaNode &schema, int depth)
{
    if (!schema.isValid() || schema.preservesUnknownFields() || schema.isEmbeddedResource() ||
        depth > kMaxDepth)
        return value;
    if (value.isArray()) {
        const SchemaNode items = schema.items();
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = prune(array[i], items, depth + 1);
        return array;
    }
    if (!value.isObject())
        return value;
    QJsonObject object = value.toObject();
    if (schema.hasProperties()) {
        for (auto it = object.begin(); it != object.end();) {
            const SchemaNode field = schema.property(it.key());
            if (!field.isValid()) {
                it = object.erase(it);
                continue;
            }
            it.value() = prune(it.value(), field, depth + 1);
            ++it;
        }
        return object;
    }
    const SchemaNode values = schema.additionalProperties();
    if (values.isValid()) {
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = prune(it.value(), values, depth + 1);
    }
    return object;
}

} // namespace

QJsonValue pruneUnknownFields(const QJsonValue &value, const SchemaNode &schema)
{
    return prune(value, schema, 0);
}

} // namespace flotilla::api
