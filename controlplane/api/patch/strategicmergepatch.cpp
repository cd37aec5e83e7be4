#include "patch/strategicmergepatch.h"

#include "patch/jsonvalues.h"
#include "patch/patchlimits.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <limits>
#include <optional>

// The structure follows upstream's patch.go (mergeMap, mergeSlice, mergePatchIntoOriginal,
// normalizeElementOrder, mergeSortedSlice) so behaviour can be compared function by
// function. Where upstream copies a patch value into the result verbatim, this engine
// merges it into nothing instead, which drops nulls and strips directives: the result
// never carries a `$` directive.

namespace flotilla::api {

namespace {

const QLatin1String kPatchDirective("$patch");
const QLatin1String kRetainKeysDirective("$retainKeys");
const QLatin1String kSetElementOrderPrefix("$setElementOrder");
const QLatin1String kDeleteFromPrimitiveListPrefix("$deleteFromPrimitiveList");
const QLatin1String kReplace("replace");
const QLatin1String kDelete("delete");
const QLatin1String kMerge("merge");

Error invalid(const QString &path, const QString &message)
{
    return Error{ErrorCode::InvalidArgument,
                 path.isEmpty() ? message : path + QStringLiteral(": ") + message};
}

Error tooDeep(const QString &path)
{
    return invalid(path,
                   QStringLiteral("the patch nests deeper than %1 levels").arg(kMaxNestingDepth));
}

QString joinPath(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

// What the schema says about one field. An invalid node means "no information": maps
// then merge and lists are replaced, as in JSON merge patch.
struct FieldMeta
{
    SchemaNode node;
    bool mergeList = false;  // patchStrategy "merge": merge element-wise or as a set
    bool replaceMap = false; // patchStrategy "replace": a map is replaced whole
    QString mergeKey;
};

FieldMeta fieldMeta(const SchemaNode &parent, const QString &key)
{
    FieldMeta meta;
    // A subtree that preserves unknown fields is schemaless data (upstream serves such
    // objects JSON merge patch only).
    if (!parent.isValid() || parent.preservesUnknownFields())
        return meta;
    meta.node = parent.property(key);
    if (!meta.node.isValid())
        meta.node = parent.additionalProperties(); // a map's values (labels, limits, ...)
    if (!meta.node.isValid())
        return meta;
    // "retainKeys" only tells clients to send $retainKeys; the directive itself works
    // wherever it appears.
    const QStringList strategies =
        meta.node.patchStrategy().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &strategy : strategies) {
        if (strategy.trimmed() == kMerge)
            meta.mergeList = true;
        else if (strategy.trimmed() == kReplace)
            meta.replaceMap = true;
    }
    meta.mergeKey = meta.node.patchMergeKey();
    return meta;
}

SchemaNode itemsOf(const SchemaNode &list)
{
    return list.isValid() ? list.items() : SchemaNode();
}

// The value of a `$patch` directive, which must be one of the three known ones.
Result<QString> directiveValue(const QJsonValue &value, const QString &path)
{
    const QString directive = value.toString();
    if (!value.isString() ||
        (directive != kReplace && directive != kDelete && directive != kMerge)) {
        return invalid(path, QStringLiteral("unknown $patch directive %1; expected \"replace\", "
                                            "\"delete\" or \"merge\"")
                                 .arg(describeJson(value)));
    }
    return directive;
}

// The field a `$setElementOrder/<field>` or `$deleteFromPrimitiveList/<field>` key names.
Result<QString> directiveField(const QString &key, QLatin1String prefix, const QString &path)
{
    const qsizetype start = prefix.size() + 1;
    if (key.size() <= start || key.at(prefix.size()) != QLatin1Char('/')) {
        return invalid(
            path,
            QStringLiteral("malformed directive \"%1\"; expected %2/<field>").arg(key, prefix));
    }
    return key.mid(start);
}

// The JSON type shared by the elements of one or two lists.
enum class Kind { Empty, Null, Bool, Number, String, Object };

Result<Kind> elementKind(const QJsonArray &first, const QJsonArray &second, const QString &path)
{
    Kind kind = Kind::Empty;
    for (const QJsonArray *list : {&first, &second}) {
        for (const QJsonValue &element : *list) {
            Kind current = Kind::Null;
            switch (element.type()) {
            case QJsonValue::Bool:
                current = Kind::Bool;
                break;
            case QJsonValue::Double:
                current = Kind::Number;
                break;
            case QJsonValue::String:
                current = Kind::String;
                break;
            case QJsonValue::Object:
                current = Kind::Object;
                break;
            case QJsonValue::Array:
                return invalid(path, QStringLiteral("lists of lists cannot be merged"));
            default:
                break;
            }
            if (kind == Kind::Empty)
                kind = current;
            else if (kind != current)
                return invalid(path, QStringLiteral("list elements are not all of the same type"));
        }
    }
    return kind;
}

Error missingMergeKey(const QJsonValue &element, const QString &mergeKey, const QString &path)
{
    return invalid(path, QStringLiteral("%1 does not contain declared merge key \"%2\"")
                             .arg(describeJson(element), mergeKey));
}

// Every element of a merge list must be an object carrying the merge key.
Result<void> requireMergeKeys(const QJsonArray &list, const QString &mergeKey, const QString &path)
{
    for (const QJsonValue &element : list) {
        if (!element.isObject() || !element.toObject().contains(mergeKey))
            return missingMergeKey(element, mergeKey, path);
    }
    return {};
}

// What identifies a list element: its merge key's value, or itself for primitives.
QString identity(const QJsonValue &element, const QString &mergeKey)
{
    return mergeKey.isEmpty() ? jsonIdentity(element)
                              : jsonIdentity(element.toObject().value(mergeKey));
}

QHash<QString, qsizetype> positions(const QJsonArray &order, const QString &mergeKey)
{
    // Backwards, so a repeated element keeps its first position, as upstream's index().
    QHash<QString, qsizetype> result;
    result.reserve(order.size());
    for (qsizetype i = order.size() - 1; i >= 0; --i)
        result.insert(identity(order.at(i), mergeKey), i);
    return result;
}

// Upstream's normalizeElementOrder + mergeSortedSlice: the elements named by the patch
// (or by $setElementOrder) come in that order, the server-only ones in the live order,
// and the two are interleaved by their positions in the live list. A patch element the
// live list lacks wins the tie, so without $setElementOrder a new element lands before
// the server-only elements that follow the last matched one (upstream behaviour, which
// kubectl avoids by always sending $setElementOrder).
Result<QJsonArray> arrange(const QJsonArray &merged, const QJsonArray &patchOrder,
                           const QJsonArray &serverOrder, const QString &mergeKey,
                           const QString &path)
{
    if (!mergeKey.isEmpty()) {
        for (const QJsonArray *list : {&merged, &patchOrder, &serverOrder}) {
            if (Result<void> r = requireMergeKeys(*list, mergeKey, path); !r)
                return r.error();
        }
    }
    const QHash<QString, qsizetype> patchPositions = positions(patchOrder, mergeKey);
    const QHash<QString, qsizetype> serverPositions = positions(serverOrder, mergeKey);

    // Each element with its positions in the patch order and the live list, looked up
    // once; -1 where it is absent.
    struct Entry
    {
        qsizetype inPatch;
        qsizetype live;
        QJsonValue value;
    };
    std::vector<Entry> patchItems;
    std::vector<Entry> serverOnly;
    for (const QJsonValue &element : merged) {
        const QString id = identity(element, mergeKey);
        Entry entry{patchPositions.value(id, -1), serverPositions.value(id, -1), element};
        (entry.inPatch >= 0 ? patchItems : serverOnly).push_back(std::move(entry));
    }
    // Server-only elements absent from the live list (none in practice) go last.
    const auto sortKey = [](qsizetype position) {
        return position >= 0 ? position : std::numeric_limits<qsizetype>::max();
    };
    std::stable_sort(patchItems.begin(), patchItems.end(),
                     [](const Entry &a, const Entry &b) { return a.inPatch < b.inPatch; });
    std::stable_sort(serverOnly.begin(), serverOnly.end(), [&](const Entry &a, const Entry &b) {
        return sortKey(a.live) < sortKey(b.live);
    });

    QJsonArray result;
    size_t i = 0;
    size_t j = 0;
    while (i < serverOnly.size() || j < patchItems.size()) {
        bool takeServer = j >= patchItems.size();
        if (i < serverOnly.size() && j < patchItems.size()) {
            const qsizetype left = serverOnly[i].live;
            const qsizetype right = patchItems[j].live;
            takeServer = left >= 0 && right >= 0 && left < right;
        }
        result.append(takeServer ? serverOnly[i++].value : patchItems[j++].value);
    }
    return result;
}

Result<QJsonObject> mergeMap(QJsonObject original, QJsonObject patch, const SchemaNode &schema,
                             const QString &path, int depth);

// A patch list put where there was nothing (a new field, a replaced list): elements that
// are `$patch` directives are dropped, objects are merged into nothing.
Result<QJsonArray> freshList(const QJsonArray &list, const SchemaNode &listNode,
                             const QString &path, int depth)
{
    if (depth > kMaxNestingDepth)
        return tooDeep(path);
    const SchemaNode items = itemsOf(listNode);
    QJsonArray result;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonValue element = list.at(i);
        const QString elementPath = path + QStringLiteral("[%1]").arg(i);
        if (element.isObject()) {
            const QJsonObject object = element.toObject();
            // Deletions and replace markers have nothing to act on here; "merge" is an
            // ordinary element.
            if (object.contains(kPatchDirective)) {
                Result<QString> d = directiveValue(object.value(kPatchDirective), elementPath);
                if (!d)
                    return d.error();
                if (*d != kMerge)
                    continue;
            }
            Result<QJsonObject> fresh =
                mergeMap(QJsonObject(), object, items, elementPath, depth + 1);
            if (!fresh)
                return fresh.error();
            result.append(*fresh);
        } else if (element.isArray()) {
            Result<QJsonArray> fresh = freshList(element.toArray(), items, elementPath, depth + 1);
            if (!fresh)
                return fresh.error();
            result.append(*fresh);
        } else {
            result.append(element);
        }
    }
    return result;
}

// A patch value put where there was nothing; std::nullopt when it amounts to no value
// (a map that is `$patch: delete`).
Result<std::optional<QJsonValue>> freshValue(const QJsonValue &value, const SchemaNode &node,
                                             const QString &path, int depth)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.value(kPatchDirective) == QJsonValue(kDelete))
            return std::optional<QJsonValue>();
        Result<QJsonObject> fresh = mergeMap(QJsonObject(), object, node, path, depth);
        if (!fresh)
            return fresh.error();
        return std::optional<QJsonValue>(*fresh);
    }
    if (value.isArray()) {
        Result<QJsonArray> fresh = freshList(value.toArray(), node, path, depth);
        if (!fresh)
            return fresh.error();
        return std::optional<QJsonValue>(*fresh);
    }
    return std::optional<QJsonValue>(value);
}

// Upstream's mergeSlice for a field present in both the object and the patch.
Result<QJsonArray> mergeList(const QJsonArray &original, const QJsonArray &patch,
                             const FieldMeta &meta, const QString &path, int depth)
{
    if (depth > kMaxNestingDepth)
        return tooDeep(path);
    if (!meta.mergeList)
        return freshList(patch, meta.node, path, depth);
    if (original.isEmpty() && patch.isEmpty())
        return original;
    Result<Kind> kind = elementKind(original, patch, path);
    if (!kind)
        return kind.error();

    if (*kind != Kind::Object) {
        // A list of primitives with strategy merge is a set: union, first occurrence kept.
        QJsonArray merged;
        QSet<QString> seen;
        seen.reserve(original.size() + patch.size());
        for (const QJsonArray *list : {&original, &patch}) {
            for (const QJsonValue &element : *list) {
                const QString id = jsonIdentity(element);
                if (!seen.contains(id)) {
                    seen.insert(id);
                    merged.append(element);
                }
            }
        }
        return arrange(merged, patch, original, meta.mergeKey, path);
    }

    const QString &mergeKey = meta.mergeKey;
    if (mergeKey.isEmpty())
        return invalid(path,
                       QStringLiteral("cannot merge a list of objects that has no merge key"));

    // Directive elements first: deletions by merge key, and replace-the-whole-list.
    QJsonArray patchItems;
    QSet<QString> doomed;
    bool replace = false;
    for (const QJsonValue &element : patch) {
        const QJsonObject object = element.toObject();
        if (!object.contains(kPatchDirective)) {
            patchItems.append(object);
            continue;
        }
        Result<QString> directive = directiveValue(object.value(kPatchDirective), path);
        if (!directive)
            return directive.error();
        if (*directive == kDelete) {
            if (!object.contains(mergeKey))
                return missingMergeKey(object, mergeKey, path);
            doomed.insert(jsonIdentity(object.value(mergeKey)));
        } else if (*directive == kReplace) {
            replace = true; // keep going: the other directive elements are dropped too
        } else {
            // "merge" is what a merge list does with its elements anyway.
            QJsonObject plain = object;
            plain.remove(kPatchDirective);
            patchItems.append(plain);
        }
    }
    // Every element with a deleted key goes, duplicates included.
    QJsonArray server;
    for (const QJsonValue &item : original) {
        const QJsonObject candidate = item.toObject();
        if (!candidate.contains(mergeKey) ||
            !doomed.contains(jsonIdentity(candidate.value(mergeKey))))
            server.append(item);
    }
    if (replace) {
        if (Result<void> r = requireMergeKeys(patchItems, mergeKey, path); !r)
            return r.error();
        return freshList(patchItems, meta.node, path, depth);
    }

    // Merge element-wise by merge key; elements the object lacks are appended.
    const SchemaNode items = itemsOf(meta.node);
    QJsonArray merged = server;
    QHash<QString, qsizetype> at;
    at.reserve(merged.size() + patchItems.size());
    for (qsizetype i = merged.size() - 1; i >= 0; --i) {
        const QJsonObject object = merged.at(i).toObject();
        if (object.contains(mergeKey))
            at.insert(jsonIdentity(object.value(mergeKey)), i); // first occurrence wins
    }
    for (const QJsonValue &element : patchItems) {
        const QJsonObject object = element.toObject();
        if (!object.contains(mergeKey))
            return missingMergeKey(object, mergeKey, path);
        const QJsonValue key = object.value(mergeKey);
        const QString elementPath =
            path + QStringLiteral("[%1=%2]").arg(mergeKey, describeJson(key));
        const auto found = at.constFind(jsonIdentity(key));
        if (found != at.constEnd()) {
            QJsonObject current = merged.at(*found).toObject();
            merged.replace(*found, QJsonValue()); // unshare before merging into it
            Result<QJsonObject> r =
                mergeMap(std::move(current), object, items, elementPath, depth + 1);
            if (!r)
                return r.error();
            merged.replace(*found, *r);
        } else {
            Result<QJsonObject> r = mergeMap(QJsonObject(), object, items, elementPath, depth + 1);
            if (!r)
                return r.error();
            merged.append(*r);
            at.insert(jsonIdentity(key), merged.size() - 1);
        }
    }
    return arrange(merged, patchItems, server, mergeKey, path);
}

// `$retainKeys: [...]`: fields of the object not listed are cleared; the patch itself
// may only set listed fields.
Result<void> applyRetainKeys(QJsonObject &original, QJsonObject &patch, const QString &path)
{
    const QJsonValue list = patch.take(kRetainKeysDirective);
    if (!list.isArray())
        return invalid(path, QStringLiteral("$retainKeys must be a list of field names"));
    QSet<QString> retained;
    for (const QJsonValue &key : list.toArray()) {
        if (!key.isString()) {
            return invalid(path, QStringLiteral("$retainKeys must be a list of field names, not "
                                                "contain %1")
                                     .arg(describeJson(key)));
        }
        retained.insert(key.toString());
    }
    for (auto it = patch.constBegin(); it != patch.constEnd(); ++it) {
        if (it.value().isNull() || it.key().startsWith(kSetElementOrderPrefix) ||
            it.key().startsWith(kDeleteFromPrimitiveListPrefix))
            continue;
        if (!retained.contains(it.key())) {
            return invalid(path, QStringLiteral("\"%1\" is set by the patch but not listed in "
                                                "$retainKeys")
                                     .arg(it.key()));
        }
    }
    for (const QString &key : original.keys()) {
        if (!retained.contains(key))
            original.remove(key);
    }
    return {};
}

// The patch list must name its elements in the order $setElementOrder gives
// (upstream's validatePatchWithSetOrderList); deletions are ignored.
Result<void> checkOrder(const QJsonArray &patchList, const QJsonArray &order,
                        const QString &mergeKey, const QString &path)
{
    if (patchList.isEmpty() || order.isEmpty())
        return {};
    QJsonArray items;
    for (const QJsonValue &element : patchList) {
        if (!mergeKey.isEmpty() && !element.isObject()) {
            return invalid(path,
                           QStringLiteral("%1 is not an object, but the list merges by \"%2\"")
                               .arg(describeJson(element), mergeKey));
        }
        if (mergeKey.isEmpty() || element.toObject().value(kPatchDirective) != QJsonValue(kDelete))
            items.append(element);
    }
    qsizetype p = 0;
    for (qsizetype s = 0; p < items.size() && s < order.size();) {
        const QJsonValue item = items.at(p);
        if (item.isObject() && item.toObject().contains(kPatchDirective)) {
            ++p;
            continue;
        }
        bool same = item == order.at(s);
        if (!mergeKey.isEmpty()) {
            for (const QJsonValue &element : {item, order.at(s)}) {
                if (!element.isObject() || !element.toObject().contains(mergeKey))
                    return missingMergeKey(element, mergeKey, path);
            }
            same = item.toObject().value(mergeKey) == order.at(s).toObject().value(mergeKey);
        }
        if (same)
            ++p;
        ++s;
    }
    if (p < items.size()) {
        return invalid(path, QStringLiteral("the order of the patch list %1 does not match "
                                            "$setElementOrder %2")
                                 .arg(describeJson(patchList), describeJson(order)));
    }
    return {};
}

// `$setElementOrder/<field>`: merge the field's list (if the patch has one) and order the
// result as the directive says; elements it does not name keep their live positions.
Result<void> applySetElementOrder(QJsonObject &original, QJsonObject &patch, const QString &key,
                                  const SchemaNode &schema, const QString &path, int depth)
{
    const QJsonValue order = patch.take(key);
    Result<QString> field = directiveField(key, kSetElementOrderPrefix, path);
    if (!field)
        return field.error();
    const QString fieldPath = joinPath(path, *field);
    if (!order.isArray())
        return invalid(fieldPath, QStringLiteral("%1 must be a list").arg(key));
    const QJsonArray orderList = order.toArray();
    const QJsonValue originalValue = original.value(*field);
    const QJsonValue patchValue = patch.value(*field);
    const bool inOriginal = !originalValue.isUndefined();
    const bool inPatch = !patchValue.isUndefined();
    if (inOriginal && !originalValue.isArray())
        return invalid(
            fieldPath,
            QStringLiteral("%1 applies to a list, but the object's value is not one").arg(key));
    if (inPatch && !patchValue.isArray())
        return invalid(
            fieldPath,
            QStringLiteral("%1 applies to a list, but the patch's value is not one").arg(key));
    const QJsonArray originalList = originalValue.toArray();
    const QJsonArray patchList = patchValue.toArray();
    const FieldMeta meta = fieldMeta(schema, *field);
    if (Result<void> r = checkOrder(patchList, orderList, meta.mergeKey, fieldPath); !r)
        return r;

    Result<QJsonArray> merged = originalList;
    if (inOriginal && inPatch)
        merged = mergeList(originalList, patchList, meta, fieldPath, depth + 1);
    else if (inPatch)
        merged = freshList(patchList, meta.node, fieldPath, depth + 1);
    else if (!inOriginal)
        return {};
    if (!merged)
        return merged.error();

    Result<Kind> kind = elementKind(originalList, patchList, fieldPath);
    if (!kind)
        return kind.error();
    QJsonArray result = *merged;
    if (*kind != Kind::Empty) {
        if (meta.mergeKey.isEmpty() && *kind == Kind::Object) {
            return invalid(fieldPath,
                           QStringLiteral("%1 cannot order objects of a list that has no "
                                          "merge key")
                               .arg(key));
        }
        Result<QJsonArray> arranged =
            arrange(result, orderList, originalList, meta.mergeKey, fieldPath);
        if (!arranged)
            return arranged.error();
        result = *arranged;
    }
    original.insert(*field, result);
    patch.remove(*field);
    return {};
}

// `$deleteFromPrimitiveList/<field>: [...]`: removes those values from a primitive list.
Result<void> applyDeleteFromPrimitiveList(QJsonObject &original, const QString &key,
                                          const QJsonValue &values, const QString &path)
{
    Result<QString> field = directiveField(key, kDeleteFromPrimitiveListPrefix, path);
    if (!field)
        return field.error();
    const QString fieldPath = joinPath(path, *field);
    if (!values.isArray())
        return invalid(fieldPath, QStringLiteral("%1 must be a list of values").arg(key));
    QSet<QString> doomed;
    for (const QJsonValue &value : values.toArray()) {
        if (value.isObject() || value.isArray()) {
            return invalid(fieldPath, QStringLiteral("%1 can only delete primitive values, not %2")
                                          .arg(key, describeJson(value)));
        }
        doomed.insert(jsonIdentity(value));
    }
    const QJsonValue current = original.value(*field);
    if (!current.isArray())
        return {}; // nothing to delete from; it is not added either
    Result<Kind> kind = elementKind(current.toArray(), values.toArray(), fieldPath);
    if (!kind)
        return kind.error();
    if (*kind == Kind::Object)
        return invalid(fieldPath,
                       QStringLiteral("%1 applies to lists of primitive values only").arg(key));
    QJsonArray kept;
    for (const QJsonValue &value : current.toArray()) {
        if (!doomed.contains(jsonIdentity(value)))
            kept.append(value);
    }
    original.insert(*field, kept);
    return {};
}

// One field of the patch merged into the object (the body of upstream's mergeMap loop).
Result<void> mergeField(QJsonObject &original, const QString &key, const QJsonValue &value,
                        const SchemaNode &schema, const QString &path, int depth)
{
    if (value.isNull()) {
        original.remove(key);
        return {};
    }
    const QString fieldPath = joinPath(path, key);
    const FieldMeta meta = fieldMeta(schema, key);
    // Taken out so that merging into it does not copy it (Qt JSON values are shared).
    QJsonValue current = original.take(key);
    const bool replaceWhole = current.isUndefined() || current.type() != value.type() ||
                              (value.isObject() && meta.replaceMap);
    if (replaceWhole) {
        Result<std::optional<QJsonValue>> fresh =
            freshValue(value, meta.node, fieldPath, depth + 1);
        if (!fresh)
            return fresh.error();
        if (fresh->has_value())
            original.insert(key, **fresh);
        return {};
    }
    if (value.isObject()) {
        QJsonObject object = current.toObject();
        current = QJsonValue();
        Result<QJsonObject> merged =
            mergeMap(std::move(object), value.toObject(), meta.node, fieldPath, depth + 1);
        if (!merged)
            return merged.error();
        original.insert(key, *merged);
    } else if (value.isArray()) {
        QJsonArray list = current.toArray();
        current = QJsonValue();
        Result<QJsonArray> merged = mergeList(list, value.toArray(), meta, fieldPath, depth + 1);
        if (!merged)
            return merged.error();
        original.insert(key, *merged);
    } else {
        original.insert(key, value);
    }
    return {};
}

Result<QJsonObject> mergeMap(QJsonObject original, QJsonObject patch, const SchemaNode &schema,
                             const QString &path, int depth)
{
    if (depth > kMaxNestingDepth)
        return tooDeep(path);

    if (patch.contains(kPatchDirective)) {
        Result<QString> directive = directiveValue(patch.take(kPatchDirective), path);
        if (!directive)
            return directive.error();
        // Upstream leaves an empty map where `$patch: delete` was, not an absent field.
        if (*directive == kDelete)
            return QJsonObject();
        if (*directive == kReplace)
            original = QJsonObject();
    }

    if (patch.contains(kRetainKeysDirective)) {
        if (Result<void> r = applyRetainKeys(original, patch, path); !r)
            return r.error();
    }

    for (const QString &key : patch.keys()) {
        if (!key.startsWith(kSetElementOrderPrefix))
            continue;
        if (Result<void> r = applySetElementOrder(original, patch, key, schema, path, depth); !r)
            return r.error();
    }

    // Deletions from primitive lists go last so that additions to the same list in this
    // patch cannot resurrect what they delete (upstream's order here is Go's map order).
    QStringList deletions;
    for (const QString &key : patch.keys()) {
        if (key.startsWith(kDeleteFromPrimitiveListPrefix)) {
            deletions.append(key);
            continue;
        }
        if (Result<void> r = mergeField(original, key, patch.value(key), schema, path, depth); !r)
            return r.error();
    }
    for (const QString &key : deletions) {
        if (Result<void> r = applyDeleteFromPrimitiveList(original, key, patch.value(key), path);
            !r)
            return r.error();
    }
    return original;
}

} // namespace

Result<QJsonObject> applyStrategicMergePatch(const QJsonObject &original, const QJsonObject &patch,
                                             const SchemaNode &schema)
{
    return mergeMap(original, patch, schema, QString(), 1);
}

bool isStrategicMergeDirective(const QString &key)
{
    return key == kPatchDirective || key == kRetainKeysDirective ||
           key.startsWith(kSetElementOrderPrefix) || key.startsWith(kDeleteFromPrimitiveListPrefix);
}

} // namespace flotilla::api
