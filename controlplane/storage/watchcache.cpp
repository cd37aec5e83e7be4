#include "storage/watchcache.h"

#include <algorithm>

namespace flotilla::storage {

void WatchCache::apply(StoreEvent event)
{
    auto it = m_current.find(event.key);
    if (it != m_current.end() && event.prevValue.isNull() &&
        it->second.modRevision == event.prevRevision)
        event.prevValue = it->second.value;

    if (event.deleted) {
        if (it != m_current.end())
            m_current.erase(it);
    } else if (it != m_current.end()) {
        it->second.value = event.value;
        it->second.modRevision = event.revision;
        it->second.createRevision = event.createRevision;
    } else {
        m_current.emplace(event.key,
                          KeyValue{event.key, event.value, event.createRevision, event.revision});
    }
    m_revision = std::max(m_revision, event.revision);
    if (event.revision > m_compactRevision)
        m_events.push_back(std::move(event));
}

std::optional<KeyValue> WatchCache::get(const QByteArray &key) const
{
    const auto it = m_current.find(key);
    if (it == m_current.end())
        return std::nullopt;
    return it->second;
}

Error WatchCache::expired(qint64 revision) const
{
    return Error{ErrorCode::Expired,
                 QStringLiteral("revision %1 has been compacted (oldest available: %2); start "
                                "again from the current state")
                     .arg(revision)
                     .arg(m_compactRevision)};
}

std::deque<StoreEvent>::const_iterator WatchCache::firstEventAfter(qint64 revision) const
{
    return std::upper_bound(
        m_events.begin(), m_events.end(), revision,
        [](qint64 rev, const StoreEvent &event) { return rev < event.revision; });
}

Result<ListResult> WatchCache::list(const ListOptions &options) const
{
    const qint64 at = options.revision > 0 ? options.revision : m_revision;
    if (at < m_compactRevision)
        return expired(at);
    if (at > m_revision)
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("revision %1 is newer than the store's current revision %2")
                         .arg(at)
                         .arg(m_revision)};

    // A past revision is the current state with the later events undone: for each key
    // touched after `at`, its first later event tells what it was at `at`.
    std::map<QByteArray, std::optional<KeyValue>> past;
    for (auto it = firstEventAfter(at); it != m_events.end(); ++it) {
        if (!it->key.startsWith(options.prefix) || past.count(it->key))
            continue;
        if (it->created)
            past.emplace(it->key, std::nullopt);
        else
            past.emplace(it->key,
                         KeyValue{it->key, it->prevValue, it->createRevision, it->prevRevision});
    }

    ListResult result;
    result.revision = at;
    const QByteArray &from = options.startAfter.isEmpty() ? options.prefix : options.startAfter;
    const bool exclusive = !options.startAfter.isEmpty();
    auto cur = exclusive ? m_current.upper_bound(from) : m_current.lower_bound(from);
    auto old = exclusive ? past.upper_bound(from) : past.lower_bound(from);

    auto inPrefix = [&](const QByteArray &key) { return key.startsWith(options.prefix); };
    // Merge the two sorted sequences; an entry in `past` overrides the current one.
    for (;;) {
        const bool curValid = cur != m_current.end() && inPrefix(cur->first);
        const bool oldValid = old != past.end() && inPrefix(old->first);
        if (!curValid && !oldValid)
            break;
        const KeyValue *item = nullptr;
        if (oldValid && (!curValid || old->first <= cur->first)) {
            if (curValid && old->first == cur->first)
                ++cur;
            if (old->second)
                item = &*old->second;
            ++old;
        } else {
            item = &cur->second;
            ++cur;
        }
        if (!item)
            continue;
        if (options.limit > 0 && result.items.size() == options.limit) {
            result.more = true;
            break;
        }
        result.items.append(*item);
    }
    return result;
}

Result<StoreEvents> WatchCache::eventsAfter(const QByteArray &prefix, qint64 afterRevision) const
{
    if (afterRevision < m_compactRevision)
        return expired(afterRevision);
    StoreEvents events;
    for (auto it = firstEventAfter(afterRevision); it != m_events.end(); ++it) {
        if (it->key.startsWith(prefix))
            events.append(*it);
    }
    return events;
}

void WatchCache::compact(qint64 revision)
{
    m_compactRevision = std::max(m_compactRevision, revision);
    while (!m_events.empty() && m_events.front().revision <= m_compactRevision)
        m_events.pop_front();
}

qint64 WatchCache::newestRevisionAtOrBefore(qint64 timeMs) const
{
    // Events are in revision order and their times are non-decreasing (one clock, one
    // writer), so a binary search finds the boundary.
    const auto it =
        std::upper_bound(m_events.begin(), m_events.end(), timeMs,
                         [](qint64 t, const StoreEvent &event) { return t < event.modTimeMs; });
    if (it == m_events.begin())
        return m_compactRevision;
    return std::prev(it)->revision;
}

} // namespace flotilla::storage
