#include "storage/objectstore.h"

#include "common/logging.h"
#include "storage/sqllog.h"

namespace flotilla::storage {

template<typename Fn> void ObjectStore::onCommitThread(Fn &&fn)
{
    QMetaObject::invokeMethod(m_commitContext, std::forward<Fn>(fn), Qt::QueuedConnection);
}

ObjectStore::ObjectStore(const Options &options)
    : m_options(options)
{
    m_commitThread.setObjectName(QStringLiteral("flotilla-store-commit"));
    m_commitContext = new QObject;
    m_commitContext->moveToThread(&m_commitThread);
    connect(&m_commitThread, &QThread::finished, m_commitContext, &QObject::deleteLater);
    m_commitThread.start();
}

ObjectStore::~ObjectStore()
{
    // Writes still queued were never acknowledged; dropping them is allowed. The batch
    // in flight finishes first because the close runs after it on the commit thread.
    QMetaObject::invokeMethod(
        m_commitContext, [this] { m_log.reset(); }, Qt::BlockingQueuedConnection);
    m_commitThread.quit();
    m_commitThread.wait();
}

Result<std::unique_ptr<ObjectStore>> ObjectStore::open(const Options &options)
{
    std::unique_ptr<ObjectStore> store(new ObjectStore(options));
    std::optional<Error> error;
    ObjectStore *raw = store.get();
    QMetaObject::invokeMethod(
        raw->m_commitContext,
        [raw, &error] {
            auto log = SqlLog::open(raw->m_options.config);
            if (!log) {
                error = log.error();
                return;
            }
            auto loaded =
                (*log)->load([raw](StoreEvent &&event) { raw->m_cache.apply(std::move(event)); });
            if (!loaded) {
                error = loaded.error();
                return;
            }
            raw->m_cache.compact(loaded->compactRevision);
            raw->m_log = std::move(*log);
        },
        Qt::BlockingQueuedConnection);
    if (error)
        return *error;

    raw->m_assignedRevision = raw->m_cache.revision();
    if (options.compaction.intervalMs > 0) {
        raw->m_compactionTimer.setInterval(options.compaction.intervalMs);
        connect(&raw->m_compactionTimer, &QTimer::timeout, raw, [raw] { raw->compactByPolicy(); });
        raw->m_compactionTimer.start();
    }
    qCInfo(lcStorage) << "opened" << options.config.redacted() << "at revision" << raw->revision()
                      << "with" << raw->size() << "keys";
    return store;
}

std::optional<KeyValue> ObjectStore::latest(const QByteArray &key) const
{
    const auto it = m_uncommitted.constFind(key);
    if (it != m_uncommitted.constEnd())
        return it->value;
    return m_cache.get(key);
}

void ObjectStore::fail(const WriteCallback &done, Error error)
{
    // Always asynchronous, like success: callers never see their callback re-entered.
    QMetaObject::invokeMethod(
        this, [done, error = std::move(error)] { done(error); }, Qt::QueuedConnection);
}

void ObjectStore::create(const QByteArray &key, const QByteArray &value, WriteCallback done)
{
    create(
        key, [value](qint64) { return value; }, std::move(done));
}

void ObjectStore::update(const QByteArray &key, const QByteArray &value, qint64 expectedRevision,
                         WriteCallback done)
{
    update(
        key, [value](qint64) { return value; }, expectedRevision, std::move(done));
}

void ObjectStore::create(const QByteArray &key, Encoder encode, WriteCallback done)
{
    if (key.isEmpty())
        return fail(done, Error{ErrorCode::InvalidArgument, QStringLiteral("the key is empty")});
    const auto current = latest(key);
    if (current)
        return fail(done,
                    Error{ErrorCode::AlreadyExists,
                          QStringLiteral("key %1 already exists").arg(QString::fromUtf8(key))});
    StoreEvent event;
    event.key = key;
    event.created = true;
    enqueue(std::move(event), encode, std::move(done));
}

std::optional<Error> ObjectStore::checkPrecondition(const QByteArray &key,
                                                    const std::optional<KeyValue> &current,
                                                    qint64 expectedRevision)
{
    if (!current)
        return Error{ErrorCode::NotFound,
                     QStringLiteral("key %1 does not exist").arg(QString::fromUtf8(key))};
    if (expectedRevision != 0 && current->modRevision != expectedRevision)
        return Error{ErrorCode::Conflict, QStringLiteral("key %1 is at revision %2, not %3")
                                              .arg(QString::fromUtf8(key))
                                              .arg(current->modRevision)
                                              .arg(expectedRevision)};
    return std::nullopt;
}

void ObjectStore::update(const QByteArray &key, Encoder encode, qint64 expectedRevision,
                         WriteCallback done)
{
    const auto current = latest(key);
    if (auto error = checkPrecondition(key, current, expectedRevision))
        return fail(done, *error);
    StoreEvent event;
    event.key = key;
    event.prevValue = current->value;
    event.prevRevision = current->modRevision;
    event.createRevision = current->createRevision;
    enqueue(std::move(event), encode, std::move(done));
}

void ObjectStore::remove(const QByteArray &key, qint64 expectedRevision, WriteCallback done)
{
    const auto current = latest(key);
    if (auto error = checkPrecondition(key, current, expectedRevision))
        return fail(done, *error);
    StoreEvent event;
    event.key = key;
    event.deleted = true;
    event.prevValue = current->value;
    event.prevRevision = current->modRevision;
    event.createRevision = current->createRevision;
    enqueue(std::move(event), {}, std::move(done));
}

void ObjectStore::enqueue(StoreEvent event, const Encoder &encode, WriteCallback done)
{
    if (m_failed)
        return fail(done, *m_failed);
    event.revision = ++m_assignedRevision;
    if (encode)
        event.value = encode(event.revision);
    if (event.created)
        event.createRevision = event.revision;
    // Wall time never goes backwards inside the log, so age-based compaction can
    // binary-search it.
    m_lastModTimeMs = std::max(m_lastModTimeMs, m_options.clock->nowMs());
    event.modTimeMs = m_lastModTimeMs;

    m_uncommitted.insert(
        event.key,
        Uncommitted{event.revision, event.deleted ? std::nullopt : std::optional(event.object())});
    m_queue.append(PendingWrite{std::move(event), std::move(done)});
    scheduleFlush();
}

void ObjectStore::scheduleFlush()
{
    if (m_flushScheduled || !m_inFlight.isEmpty())
        return;
    m_flushScheduled = true;
    // Queued, not immediate: every write of this event-loop turn joins the batch.
    QMetaObject::invokeMethod(this, &ObjectStore::flush, Qt::QueuedConnection);
}

void ObjectStore::flush()
{
    m_flushScheduled = false;
    if (!m_inFlight.isEmpty() || m_queue.isEmpty())
        return;
    const qsizetype take = std::min(m_queue.size(), m_options.maxBatch);
    m_inFlight = m_queue.mid(0, take);
    m_queue.remove(0, take);

    StoreEvents events;
    events.reserve(m_inFlight.size());
    for (const PendingWrite &write : std::as_const(m_inFlight))
        events.append(write.event);

    onCommitThread([this, events = std::move(events)] {
        bool uncertain = false;
        Result<void> result = m_log->append(events, &uncertain);
        QMetaObject::invokeMethod(
            this, [this, result, uncertain] { onCommitted(result, uncertain); },
            Qt::QueuedConnection);
    });
}

void ObjectStore::onCommitted(const Result<void> &result, bool uncertain)
{
    QList<PendingWrite> batch = std::exchange(m_inFlight, {});
    if (!result) {
        // Writes queued behind the failed batch may have read its effects: fail them too,
        // and forget every uncommitted state.
        QList<PendingWrite> dropped = std::exchange(m_queue, {});
        m_uncommitted.clear();
        m_assignedRevision = m_cache.revision();
        qCWarning(lcStorage).noquote() << result.error().message;
        if (uncertain && !m_failed) {
            m_failed = Error{ErrorCode::Unavailable,
                             QStringLiteral("the store lost its database connection while "
                                            "committing (%1); restart the control plane")
                                 .arg(result.error().message)};
            emit failed(*m_failed);
        }
        for (const PendingWrite &write : std::as_const(batch))
            write.done(result.error());
        for (const PendingWrite &write : std::as_const(dropped))
            write.done(result.error());
        return;
    }

    ++m_commits;
    StoreEvents events;
    events.reserve(batch.size());
    for (PendingWrite &write : batch) {
        const auto it = m_uncommitted.find(write.event.key);
        if (it != m_uncommitted.end() && it->revision == write.event.revision)
            m_uncommitted.erase(it); // no newer write to this key is queued
        m_cache.apply(write.event);
        events.append(write.event);
    }
    for (PendingWrite &write : batch)
        write.done(write.event.object());
    deliver(events);
    if (!m_queue.isEmpty())
        flush();
}

Result<ObjectStore::WatchId> ObjectStore::watch(const QByteArray &prefix, qint64 afterRevision,
                                                WatchCallback onEvents)
{
    auto catchUp = m_cache.eventsAfter(prefix, afterRevision);
    if (!catchUp)
        return catchUp.error();
    const WatchId id = m_nextWatchId++;
    m_watchers.emplace(id, Watcher{prefix, std::move(onEvents), std::move(*catchUp)});
    // Delivered from the event loop so the caller holds its id before the first call;
    // events committed until then are appended to the catch-up, keeping the order.
    QMetaObject::invokeMethod(
        this, [this, id] { deliverCatchUp(id); }, Qt::QueuedConnection);
    return id;
}

void ObjectStore::cancelWatch(WatchId id)
{
    m_watchers.erase(id);
}

void ObjectStore::deliverCatchUp(WatchId id)
{
    const auto it = m_watchers.find(id);
    if (it == m_watchers.end() || !it->second.catchUp)
        return;
    const StoreEvents events = std::move(*it->second.catchUp);
    it->second.catchUp.reset();
    if (!events.isEmpty()) {
        const WatchCallback callback = it->second.onEvents; // may cancel itself
        callback(events);
    }
}

void ObjectStore::deliver(const StoreEvents &events)
{
    if (m_watchers.empty() || events.isEmpty())
        return;
    // Callbacks may add or cancel watches: walk a snapshot of the ids.
    QList<WatchId> ids;
    ids.reserve(qsizetype(m_watchers.size()));
    for (const auto &[id, watcher] : m_watchers)
        ids.append(id);

    StoreEvents matching;
    for (const WatchId id : std::as_const(ids)) {
        const auto it = m_watchers.find(id);
        if (it == m_watchers.end())
            continue;
        Watcher &watcher = it->second;
        const bool all = watcher.prefix.isEmpty();
        if (watcher.catchUp) {
            for (const StoreEvent &event : events) {
                if (all || event.key.startsWith(watcher.prefix))
                    watcher.catchUp->append(event);
            }
            continue;
        }
        if (all) {
            const WatchCallback callback = watcher.onEvents;
            callback(events);
            continue;
        }
        matching.clear();
        for (const StoreEvent &event : events) {
            if (event.key.startsWith(watcher.prefix))
                matching.append(event);
        }
        if (!matching.isEmpty()) {
            const WatchCallback callback = watcher.onEvents;
            callback(matching);
        }
    }
}

void ObjectStore::compact(qint64 revision, CompactCallback done)
{
    auto finish = [this, done](const Result<qint64> &result) {
        if (done)
            QMetaObject::invokeMethod(
                this, [done, result] { done(result); }, Qt::QueuedConnection);
    };
    if (revision > m_cache.revision()) {
        return finish(Error{ErrorCode::InvalidArgument,
                            QStringLiteral("cannot compact to revision %1: the store is at %2")
                                .arg(revision)
                                .arg(m_cache.revision())});
    }
    if (revision <= m_cache.compactRevision())
        return finish(m_cache.compactRevision());

    // From now on the older revisions are expired for readers, even before SQL is done.
    m_cache.compact(revision);
    onCommitThread([this, revision, done] {
        Result<qint64> result = m_log->compact(revision);
        QMetaObject::invokeMethod(
            this,
            [result, done] {
                if (!result)
                    qCWarning(lcStorage).noquote() << result.error().message;
                if (done)
                    done(result);
            },
            Qt::QueuedConnection);
    });
}

void ObjectStore::compactByPolicy(CompactCallback done)
{
    const CompactionPolicy &policy = m_options.compaction;
    const qint64 cutOff = m_options.clock->nowMs() - policy.keepAgeMs;
    const qint64 target = policy.target(m_cache.revision(), m_cache.compactRevision(),
                                        m_cache.newestRevisionAtOrBefore(cutOff));
    compact(target, std::move(done));
}

} // namespace flotilla::storage
