#include "patch/jsonpatch.h"

#include "patch/jsonpointer.h"
#include "patch/jsonvalues.h"
#include "patch/patchlimits.h"

#include <QJsonObject>

#include <algorithm>
#include <vector>

namespace flotilla::api {

namespace {

Error failure(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message};
}

// The pointer naming the first `count` tokens, escaped again, for messages.
QString pointerText(const QStringList &tokens, qsizetype count)
{
    QString text;
    for (qsizetype i = 0; i < count; ++i) {
        QString token = tokens.at(i);
        token.replace(QLatin1Char('~'), QLatin1String("~0"));
        token.replace(QLatin1Char('/'), QLatin1String("~1"));
        text += QLatin1Char('/') + token;
    }
    return text;
}

// The document under edit. Qt JSON containers are implicitly shared, so an edit takes
// each container on the way down out of its parent before changing it: that way only the
// touched containers are written, and none of them is copied just to be modified.
class Document
{
public:
    explicit Document(QJsonValue root)
        : m_root(std::move(root))
    {}

    QJsonValue take() { return std::move(m_root); }

    Result<QJsonValue> get(const JsonPointer &pointer) const
    {
        const QStringList &tokens = pointer.tokens();
        QJsonValue current = m_root;
        for (qsizetype i = 0; i < tokens.size(); ++i) {
            Result<QJsonValue> child = childOf(current, tokens, i, /*forAdd=*/false);
            if (!child)
                return child.error();
            current = std::move(*child);
        }
        return current;
    }

    Result<void> add(const JsonPointer &pointer, const QJsonValue &value)
    {
        Result<QJsonValue> r = edit(pointer, Edit::Add, value);
        return r ? Result<void>() : Result<void>(r.error());
    }

    Result<QJsonValue> remove(const JsonPointer &pointer)
    {
        return edit(pointer, Edit::Remove, QJsonValue());
    }

    Result<void> replace(const JsonPointer &pointer, const QJsonValue &value)
    {
        Result<QJsonValue> r = edit(pointer, Edit::Replace, value);
        return r ? Result<void>() : Result<void>(r.error());
    }

private:
    enum class Edit { Add, Remove, Replace };

    // The member or element `tokens[i]` of `container` (which `tokens[0..i)` named).
    static Result<QJsonValue> childOf(const QJsonValue &container, const QStringList &tokens,
                                      qsizetype i, bool forAdd)
    {
        const QString &token = tokens.at(i);
        const QString path = pointerText(tokens, i + 1);
        if (container.isObject()) {
            const QJsonObject object = container.toObject();
            const auto it = object.constFind(token);
            if (it == object.constEnd())
                return failure(QStringLiteral("\"%1\" does not exist").arg(path));
            return QJsonValue(it.value());
        }
        if (container.isArray()) {
            const QJsonArray array = container.toArray();
            Result<qsizetype> index = arrayIndex(array, tokens, i, forAdd);
            if (!index)
                return index.error();
            return array.at(*index);
        }
        return failure(QStringLiteral("\"%1\" does not exist: \"%2\" is neither an object nor an "
                                      "array")
                           .arg(path, pointerText(tokens, i)));
    }

    // Where `tokens[i]` points in `array`; for add, "-" and the size itself (append) too.
    static Result<qsizetype> arrayIndex(const QJsonArray &array, const QStringList &tokens,
                                        qsizetype i, bool forAdd)
    {
        const QString &token = tokens.at(i);
        if (forAdd && token == QLatin1String("-"))
            return array.size();
        const std::optional<qsizetype> index = JsonPointer::arrayIndex(token);
        if (!index) {
            return failure(QStringLiteral("\"%1\": \"%2\" is not a valid array index (digits "
                                          "without leading zeros%3)")
                               .arg(pointerText(tokens, i + 1), token,
                                    forAdd ? QStringLiteral(", or \"-\" to append") : QString()));
        }
        const qsizetype limit = forAdd ? array.size() : array.size() - 1;
        if (*index > limit) {
            return failure(QStringLiteral("\"%1\": index %2 is out of range for an array of %3 "
                                          "elements")
                               .arg(pointerText(tokens, i + 1), QString::number(*index),
                                    QString::number(array.size())));
        }
        return *index;
    }

    // Applies `edit` at `pointer`; returns the value that was there before (for remove).
    Result<QJsonValue> edit(const JsonPointer &pointer, Edit edit, const QJsonValue &value)
    {
        const QStringList &tokens = pointer.tokens();
        if (tokens.isEmpty()) {
            if (edit == Edit::Remove)
                return failure(QStringLiteral("the whole document cannot be removed"));
            return std::exchange(m_root, value);
        }

        // Walk down to the parent of the target, detaching each container from its parent.
        // A failure abandons the document, which is fine: the whole patch then fails.
        std::vector<QJsonValue> parents;
        parents.reserve(static_cast<size_t>(tokens.size()));
        QJsonValue current = std::exchange(m_root, QJsonValue());
        for (qsizetype i = 0; i + 1 < tokens.size(); ++i) {
            Result<QJsonValue> child = childOf(current, tokens, i, /*forAdd=*/false);
            if (!child)
                return child.error();
            put(current, tokens.at(i), QJsonValue());
            parents.push_back(std::move(current));
            current = std::move(*child);
        }

        Result<QJsonValue> previous = editIn(current, tokens, edit, value);
        if (!previous)
            return previous.error();

        for (qsizetype i = tokens.size() - 2; i >= 0; --i) {
            QJsonValue parent = std::move(parents.back());
            parents.pop_back();
            put(parent, tokens.at(i), current);
            current = std::move(parent);
        }
        m_root = std::move(current);
        return previous;
    }

    // The edit itself, on the container that holds the target.
    static Result<QJsonValue> editIn(QJsonValue &container, const QStringList &tokens, Edit edit,
                                     const QJsonValue &value)
    {
        const qsizetype last = tokens.size() - 1;
        const QString &token = tokens.at(last);
        if (container.isObject()) {
            QJsonObject object = container.toObject();
            container = QJsonValue();
            const auto it = object.constFind(token);
            if (edit != Edit::Add && it == object.constEnd())
                return failure(
                    QStringLiteral("\"%1\" does not exist").arg(pointerText(tokens, last + 1)));
            QJsonValue previous = it == object.constEnd() ? QJsonValue() : it.value();
            if (edit == Edit::Remove)
                object.remove(token);
            else
                object.insert(token, value);
            container = std::move(object);
            return previous;
        }
        if (container.isArray()) {
            QJsonArray array = container.toArray();
            container = QJsonValue();
            Result<qsizetype> index = arrayIndex(array, tokens, last, edit == Edit::Add);
            if (!index)
                return index.error();
            QJsonValue previous;
            if (edit == Edit::Add) {
                array.insert(*index, value);
            } else {
                previous = array.at(*index);
                if (edit == Edit::Remove)
                    array.removeAt(*index);
                else
                    array.replace(*index, value);
            }
            container = std::move(array);
            return previous;
        }
        return failure(QStringLiteral("\"%1\" does not exist: \"%2\" is neither an object nor an "
                                      "array")
                           .arg(pointerText(tokens, last + 1), pointerText(tokens, last)));
    }

    // Sets member or element `token` of `container`, which must exist (childOf checked).
    static void put(QJsonValue &container, const QString &token, const QJsonValue &value)
    {
        if (container.isObject()) {
            QJsonObject object = container.toObject();
            container = QJsonValue();
            object.insert(token, value);
            container = std::move(object);
        } else {
            QJsonArray array = container.toArray();
            container = QJsonValue();
            array.replace(*JsonPointer::arrayIndex(token), value);
            container = std::move(array);
        }
    }

    QJsonValue m_root;
};

// Reads a pointer-valued member ("path" or "from") of an operation.
Result<JsonPointer> pointerMember(const QJsonObject &operation, QLatin1String member)
{
    const QJsonValue value = operation.value(member);
    if (!value.isString())
        return failure(QStringLiteral("\"%1\" is missing or not a string").arg(member));
    return JsonPointer::parse(value.toString());
}

Result<QJsonValue> valueMember(const QJsonObject &operation)
{
    // A null value is a value; only a missing member is an error (RFC 6902 section 4).
    if (!operation.contains(QLatin1String("value")))
        return failure(QStringLiteral("\"value\" is missing"));
    return operation.value(QLatin1String("value"));
}

class Patcher
{
public:
    explicit Patcher(const QJsonValue &document)
        : m_document(document)
    {}

    QJsonValue take() { return m_document.take(); }

    Result<void> apply(const QString &op, const JsonPointer &path, const QJsonObject &operation)
    {
        if (op == QLatin1String("add")) {
            Result<QJsonValue> value = valueMember(operation);
            if (!value)
                return value.error();
            return m_document.add(path, *value);
        }
        if (op == QLatin1String("remove")) {
            Result<QJsonValue> removed = m_document.remove(path);
            return removed ? Result<void>() : Result<void>(removed.error());
        }
        if (op == QLatin1String("replace")) {
            Result<QJsonValue> value = valueMember(operation);
            if (!value)
                return value.error();
            return m_document.replace(path, *value);
        }
        if (op == QLatin1String("test"))
            return test(path, operation);
        if (op == QLatin1String("move") || op == QLatin1String("copy"))
            return moveOrCopy(op == QLatin1String("move"), path, operation);
        return failure(QStringLiteral("unknown op \"%1\"; expected add, remove, replace, move, "
                                      "copy or test")
                           .arg(op));
    }

private:
    Result<void> test(const JsonPointer &path, const QJsonObject &operation)
    {
        Result<QJsonValue> expected = valueMember(operation);
        if (!expected)
            return expected.error();
        Result<QJsonValue> actual = m_document.get(path);
        if (!actual)
            return actual.error();
        // Numbers compare by value (1 equals 1.0), objects regardless of member order.
        if (*actual != *expected) {
            return failure(
                QStringLiteral("test failed: \"%1\" is %2, not %3")
                    .arg(path.toString(), describeJson(*actual), describeJson(*expected)));
        }
        return {};
    }

    Result<void> moveOrCopy(bool move, const JsonPointer &path, const QJsonObject &operation)
    {
        Result<JsonPointer> from = pointerMember(operation, QLatin1String("from"));
        if (!from)
            return from.error();
        Result<QJsonValue> value = m_document.get(*from);
        if (!value)
            return value.error();
        if (move) {
            if (from->isProperPrefixOf(path)) {
                return failure(
                    QStringLiteral("\"%1\" cannot be moved into itself").arg(from->toString()));
            }
            if (from->tokens() == path.tokens())
                return {};
            Result<QJsonValue> removed = m_document.remove(*from);
            if (!removed)
                return removed.error();
            return m_document.add(path, *value);
        }
        // Copies are what can grow a document exponentially; count and bound them.
        const int depthLimit =
            std::max<int>(0, kMaxNestingDepth - static_cast<int>(path.tokens().size()));
        const JsonExtent extent = measureJson(*value, m_copyBudget, depthLimit);
        if (extent.exceeded) {
            return failure(QStringLiteral("copying \"%1\" would exceed the limits of %2 copied "
                                          "values per patch or %3 levels of nesting")
                               .arg(from->toString(), QString::number(kMaxJsonPatchCopiedValues),
                                    QString::number(kMaxNestingDepth)));
        }
        m_copyBudget -= extent.values;
        return m_document.add(path, *value);
    }

    Document m_document;
    qint64 m_copyBudget = kMaxJsonPatchCopiedValues;
};

} // namespace

Result<QJsonValue> applyJsonPatch(const QJsonValue &document, const QJsonArray &operations)
{
    if (operations.size() > kMaxJsonPatchOperations) {
        return failure(QStringLiteral("a JSON patch may have at most %1 operations; this one "
                                      "has %2")
                           .arg(kMaxJsonPatchOperations)
                           .arg(operations.size()));
    }
    Patcher patcher(document);
    for (qsizetype i = 0; i < operations.size(); ++i) {
        const QString prefix = QStringLiteral("JSON patch operation %1").arg(i);
        const QJsonValue entry = operations.at(i);
        if (!entry.isObject())
            return failure(prefix + QStringLiteral(": not an object"));
        const QJsonObject operation = entry.toObject();
        const QJsonValue op = operation.value(QLatin1String("op"));
        if (!op.isString())
            return failure(prefix + QStringLiteral(": \"op\" is missing or not a string"));
        const QString context = QStringLiteral("%1 (%2").arg(prefix, op.toString());
        Result<JsonPointer> path = pointerMember(operation, QLatin1String("path"));
        if (!path)
            return failure(context + QStringLiteral("): ") + path.error().message);
        const QString where =
            context +
            QStringLiteral(" at \"%1\"): ").arg(operation.value(QLatin1String("path")).toString());
        Result<void> applied = patcher.apply(op.toString(), *path, operation);
        if (!applied)
            return failure(where + applied.error().message);
    }
    return patcher.take();
}

} // namespace flotilla::api
