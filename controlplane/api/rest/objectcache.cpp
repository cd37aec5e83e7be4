#include "rest/objectcache.h"

#include <QJsonDocument>

namespace flotilla::api {

ObjectCache::ObjectCache(storage::ObjectStore &store)
    : m_store(store)
{
    auto id = store.watch({}, store.revision(), [this](const storage::StoreEvents &events) {
        for (const storage::StoreEvent &event : events) {
            if (event.deleted)
                m_entries.remove(event.key);
        }
    });
    if (id)
        m_watch = *id;
}

ObjectCache::~ObjectCache()
{
    if (m_watch)
        m_store.cancelWatch(m_watch);
}

std::shared_ptr<const QJsonObject> ObjectCache::get(const storage::KeyValue &kv)
{
    auto it = m_entries.find(kv.key);
    if (it != m_entries.end() && it->revision == kv.modRevision)
        return it->object;
    const QJsonDocument document = QJsonDocument::fromJson(kv.value);
    if (!document.isObject())
        return nullptr;
    auto object = std::make_shared<const QJsonObject>(document.object());
    m_entries.insert(kv.key, Entry{kv.modRevision, object});
    return object;
}

} // namespace flotilla::api
