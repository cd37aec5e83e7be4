#pragma once

#include "storage/objectstore.h"

#include <QTest>

#include <optional>

namespace flotilla::storage {

// Runs one asynchronous store write and waits (spinning the event loop) for its result.
template<typename Start> Result<KeyValue> awaitWrite(Start &&start)
{
    std::optional<Result<KeyValue>> result;
    start([&result](const Result<KeyValue> &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
        return Error{ErrorCode::Internal, QStringLiteral("the write never completed")};
    return *result;
}

inline Result<KeyValue> createKey(ObjectStore &store, const QByteArray &key,
                                  const QByteArray &value)
{
    return awaitWrite([&](auto done) { store.create(key, value, done); });
}

inline Result<KeyValue> updateKey(ObjectStore &store, const QByteArray &key,
                                  const QByteArray &value, qint64 expected)
{
    return awaitWrite([&](auto done) { store.update(key, value, expected, done); });
}

inline Result<KeyValue> removeKey(ObjectStore &store, const QByteArray &key, qint64 expected)
{
    return awaitWrite([&](auto done) { store.remove(key, expected, done); });
}

inline Result<qint64> awaitCompact(ObjectStore &store, qint64 revision)
{
    std::optional<Result<qint64>> result;
    store.compact(revision, [&result](const Result<qint64> &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
        return Error{ErrorCode::Internal, QStringLiteral("compaction never completed")};
    return *result;
}

} // namespace flotilla::storage
