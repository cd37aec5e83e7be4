#pragma once

#include <QByteArray>
#include <QList>

namespace flotilla::storage {

// The current value of one key as the store holds it.
struct KeyValue
{
    QByteArray key;
    QByteArray value;
    qint64 createRevision = 0; // revision that created this incarnation of the key
    qint64 modRevision = 0;    // revision of the last write: the object's resourceVersion
};

// One row of the revision log: a create, an update or a delete of one key. It is both
// what is written to SQL and what watchers receive.
struct StoreEvent
{
    enum class Type { Added, Modified, Deleted };

    qint64 revision = 0;
    QByteArray key;
    QByteArray value;     // new value; empty for a delete
    QByteArray prevValue; // value before this write; empty for a create
    qint64 createRevision = 0;
    qint64 prevRevision = 0; // revision of the row this one supersedes (0: none)
    qint64 modTimeMs = 0;    // wall time of the write, for age-based compaction
    bool created = false;
    bool deleted = false;

    Type type() const { return deleted ? Type::Deleted : created ? Type::Added : Type::Modified; }

    // The object as a watcher sees it: for a delete, the last value at the delete's
    // revision (Kubernetes sends the final state with the deletion resourceVersion).
    KeyValue object() const
    {
        return KeyValue{key, deleted ? prevValue : value, createRevision, revision};
    }
};

using StoreEvents = QList<StoreEvent>;

struct ListOptions
{
    QByteArray prefix;
    QByteArray startAfter; // exclusive; from a continue token
    qint64 revision = 0;   // 0: the newest committed revision
    qsizetype limit = 0;   // 0: no limit
};

struct ListResult
{
    QList<KeyValue> items;
    qint64 revision = 0; // the revision the whole list (and its continuations) reads at
    bool more = false;   // items beyond `limit` exist
};

} // namespace flotilla::storage
