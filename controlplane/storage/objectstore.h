#pragma once

#include "common/clock.h"
#include "common/result.h"
#include "storage/compactionpolicy.h"
#include "storage/storeconfig.h"
#include "storage/storeevent.h"
#include "storage/watchcache.h"

#include <QHash>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace flotilla::storage {

class SqlLog;

// The control plane's revisioned key-value store: a kine-style log in SQL (SQLite or
// PostgreSQL) behind an in-memory watch cache.
//
// Pipeline: a write is checked against the newest state (committed + queued), gets the
// next revision and joins the open batch. One batch at a time is committed on the
// commit thread; every write that arrives meanwhile (or in the same event-loop turn)
// joins the next batch, so many writes share one durable commit. When a batch has
// committed, the watch cache applies it, write callbacks run (the acknowledgement),
// then watchers get the new events. Reads never touch SQL.
//
// All methods are called on the thread that owns the store; callbacks run there too.
class ObjectStore final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        StoreConfig config;
        Clock *clock = &SystemClock::instance();
        CompactionPolicy compaction;
        qsizetype maxBatch = 4096; // writes per transaction, bounding commit latency
    };

    static Result<std::unique_ptr<ObjectStore>> open(const Options &options);
    ~ObjectStore() override;

    // --- reads: committed state only, served from memory
    std::optional<KeyValue> get(const QByteArray &key) const { return m_cache.get(key); }
    Result<ListResult> list(const ListOptions &options) const { return m_cache.list(options); }
    qint64 revision() const { return m_cache.revision(); }
    qint64 compactRevision() const { return m_cache.compactRevision(); }
    qsizetype size() const { return m_cache.size(); }

    // The newest value including writes not yet committed. For read-modify-write:
    // a write computed from it is ordered after, and acknowledged after, what it read.
    std::optional<KeyValue> latest(const QByteArray &key) const;

    // --- writes: the callback runs once the write is durable (or has failed)
    using WriteCallback = std::function<void(const Result<KeyValue> &)>;
    // Produces the value once the write's revision is known, so a value can embed its
    // own revision (the API server stores objects with metadata.resourceVersion set).
    using Encoder = std::function<QByteArray(qint64 revision)>;
    void create(const QByteArray &key, const QByteArray &value, WriteCallback done);
    void create(const QByteArray &key, Encoder encode, WriteCallback done);
    // `expectedRevision` is the modRevision the caller read; 0 means unconditional.
    void update(const QByteArray &key, const QByteArray &value, qint64 expectedRevision,
                WriteCallback done);
    void update(const QByteArray &key, Encoder encode, qint64 expectedRevision, WriteCallback done);

    // The revision the next accepted write will get.
    qint64 nextRevision() const { return m_assignedRevision + 1; }
    // On success the callback receives the deleted value at the delete's revision.
    void remove(const QByteArray &key, qint64 expectedRevision, WriteCallback done);

    // --- watch: every event after `afterRevision` under `prefix`, in order, no gaps.
    using WatchId = quint64;
    using WatchCallback = std::function<void(const StoreEvents &)>;
    Result<WatchId> watch(const QByteArray &prefix, qint64 afterRevision, WatchCallback onEvents);
    void cancelWatch(WatchId id);
    qsizetype watcherCount() const { return qsizetype(m_watchers.size()); }

    // --- compaction
    using CompactCallback = std::function<void(const Result<qint64> &)>;
    void compact(qint64 revision, CompactCallback done = {});
    // Applies the configured policy now (also runs on a timer every policy.intervalMs).
    void compactByPolicy(CompactCallback done = {});

    qsizetype pendingWrites() const { return m_queue.size() + m_inFlight.size(); }
    qint64 commitCount() const { return m_commits; } // transactions committed so far
    bool hasFailed() const { return m_failed.has_value(); }

signals:
    // The backend failed in a way that leaves the outcome of a commit unknown; the store
    // refuses writes from now on and must be reopened.
    void failed(const flotilla::Error &error);

private:
    explicit ObjectStore(const Options &options);

    struct PendingWrite
    {
        StoreEvent event;
        WriteCallback done;
    };
    struct Watcher
    {
        QByteArray prefix;
        WatchCallback onEvents;
        std::optional<StoreEvents> catchUp; // events held until the catch-up delivery
    };

    static std::optional<Error> checkPrecondition(const QByteArray &key,
                                                  const std::optional<KeyValue> &current,
                                                  qint64 expectedRevision);
    void enqueue(StoreEvent event, const Encoder &encode, WriteCallback done);
    void scheduleFlush();
    void flush();
    void onCommitted(const Result<void> &result, bool uncertain);
    void deliver(const StoreEvents &events);
    void deliverCatchUp(WatchId id);
    void fail(const WriteCallback &done, Error error);
    template<typename Fn> void onCommitThread(Fn &&fn);

    Options m_options;
    WatchCache m_cache;

    QThread m_commitThread;
    QObject *m_commitContext = nullptr; // lives on m_commitThread
    std::unique_ptr<SqlLog> m_log;      // used only on m_commitThread

    qint64 m_assignedRevision = 0;
    qint64 m_lastModTimeMs = 0;
    struct Uncommitted
    {
        qint64 revision = 0;
        std::optional<KeyValue> value; // nullopt: deleted
    };
    QHash<QByteArray, Uncommitted> m_uncommitted; // newest queued state per key
    QList<PendingWrite> m_queue;
    QList<PendingWrite> m_inFlight;
    bool m_flushScheduled = false;
    qint64 m_commits = 0;
    std::optional<Error> m_failed;

    std::map<WatchId, Watcher> m_watchers;
    WatchId m_nextWatchId = 1;
    QTimer m_compactionTimer;
};

} // namespace flotilla::storage
