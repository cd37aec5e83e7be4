#pragma once

#include "common/result.h"
#include "storage/storeevent.h"

#include <deque>
#include <map>
#include <optional>

namespace flotilla::storage {

// The committed state in memory: the current value of every key (sorted, for prefix
// lists) plus every event since the compact revision. Gets, lists at any retained
// revision, and watch catch-up are served from here without touching SQL.
//
// Values are implicitly shared QByteArrays: an event and the current entry it produced
// hold the same buffer, so the event window costs little beyond its bookkeeping.
class WatchCache final
{
public:
    // Applies one committed event (in revision order). Fills `prevValue` from the
    // current entry when the event does not carry it (the load path).
    void apply(StoreEvent event);

    std::optional<KeyValue> get(const QByteArray &key) const;
    Result<ListResult> list(const ListOptions &options) const;

    // Events with revision > `afterRevision` whose key starts with `prefix`.
    // Expired when `afterRevision` is older than the compact revision.
    Result<StoreEvents> eventsAfter(const QByteArray &prefix, qint64 afterRevision) const;

    // Forgets events at or before `revision` (already compacted in SQL, or about to be).
    void compact(qint64 revision);
    void setCompactRevision(qint64 revision) { m_compactRevision = revision; }

    // The newest revision written at or before `timeMs`, or 0.
    qint64 newestRevisionAtOrBefore(qint64 timeMs) const;

    qint64 revision() const { return m_revision; }
    qint64 compactRevision() const { return m_compactRevision; }
    qsizetype size() const { return qsizetype(m_current.size()); }
    qsizetype eventCount() const { return qsizetype(m_events.size()); }

private:
    Error expired(qint64 revision) const;
    std::deque<StoreEvent>::const_iterator firstEventAfter(qint64 revision) const;

    std::map<QByteArray, KeyValue> m_current;
    std::deque<StoreEvent> m_events; // ascending revision, all > m_compactRevision
    qint64 m_revision = 0;
    qint64 m_compactRevision = 0;
};

} // namespace flotilla::storage
