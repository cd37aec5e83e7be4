#pragma once

#include "storage/objectstore.h"

#include <QHash>
#include <QJsonObject>

#include <memory>

namespace flotilla::api {

// Parsed forms of stored objects, made on first use and kept per key and revision, so
// selectors, tables and read-modify-write do not re-parse an unchanged object. Entries
// of deleted keys are dropped as the store reports the deletions.
class ObjectCache final
{
public:
    explicit ObjectCache(storage::ObjectStore &store);
    ~ObjectCache();
    ObjectCache(const ObjectCache &) = delete;
    ObjectCache &operator=(const ObjectCache &) = delete;

    // Null when the stored bytes are not a JSON object (never written by this server).
    std::shared_ptr<const QJsonObject> get(const storage::KeyValue &kv);
    qsizetype size() const { return m_entries.size(); }

private:
    struct Entry
    {
        qint64 revision = 0;
        std::shared_ptr<const QJsonObject> object;
    };

    storage::ObjectStore &m_store;
    storage::ObjectStore::WatchId m_watch = 0;
    QHash<QByteArray, Entry> m_entries;
};

} // namespace flotilla::api
