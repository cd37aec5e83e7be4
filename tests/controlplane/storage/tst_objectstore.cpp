// The store suite: every operation, on the backend FLOTILLA_TEST_STORE selects
// (ctest runs it once for SQLite and once against a real PostgreSQL server).
#include "storetesthelpers.h"
#include "support/storefixture.h"

#include <QTest>

using namespace flotilla;
using namespace flotilla::storage;

class TestObjectStore : public QObject
{
    Q_OBJECT

private:
    testsupport::StoreFixture m_fixture;
    ManualClock m_clock;

    std::unique_ptr<ObjectStore> openStore(const StoreConfig &config, CompactionPolicy policy = {})
    {
        ObjectStore::Options options;
        options.config = config;
        options.clock = &m_clock;
        policy.intervalMs = 0; // tests drive compaction themselves
        options.compaction = policy;
        auto store = ObjectStore::open(options);
        if (!store) {
            qWarning("%s", qPrintable(store.error().toString()));
            return nullptr;
        }
        return std::move(*store);
    }

    std::unique_ptr<ObjectStore> freshStore(CompactionPolicy policy = {})
    {
        auto config = m_fixture.freshStore();
        if (!config) {
            qWarning("%s", qPrintable(config.error().toString()));
            return nullptr;
        }
        return openStore(*config, policy);
    }

private slots:
    void initTestCase() { qInfo("backend: %s", qPrintable(m_fixture.backendName())); }

    void createThenGet()
    {
        auto store = freshStore();
        QVERIFY(store);
        QCOMPARE(store->revision(), 0);
        auto created = createKey(*store, "/registry/pods/default/a", "one");
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        QCOMPARE(created->modRevision, 1);
        QCOMPARE(created->createRevision, 1);
        const auto got = store->get("/registry/pods/default/a");
        QVERIFY(got);
        QCOMPARE(got->value, QByteArray("one"));
        QCOMPARE(got->modRevision, 1);
        QCOMPARE(store->revision(), 1);
        QVERIFY(!store->get("/registry/pods/default/missing"));
    }

    void createExistingKeyFails()
    {
        auto store = freshStore();
        QVERIFY(store);
        QVERIFY(createKey(*store, "/k", "1").ok());
        auto again = createKey(*store, "/k", "2");
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, ErrorCode::AlreadyExists);
        QCOMPARE(store->get("/k")->value, QByteArray("1"));
        auto empty = createKey(*store, "", "x");
        QCOMPARE(empty.error().code, ErrorCode::InvalidArgument);
    }

    void updateIsCompareAndSwap()
    {
        auto store = freshStore();
        QVERIFY(store);
        const auto created = createKey(*store, "/k", "1");
        QVERIFY(created.ok());

        auto stale = updateKey(*store, "/k", "x", created->modRevision + 7);
        QCOMPARE(stale.error().code, ErrorCode::Conflict);

        auto updated = updateKey(*store, "/k", "2", created->modRevision);
        QVERIFY(updated.ok());
        QCOMPARE(updated->createRevision, created->createRevision);
        QVERIFY(updated->modRevision > created->modRevision);

        auto lost = updateKey(*store, "/k", "3", created->modRevision);
        QCOMPARE(lost.error().code, ErrorCode::Conflict);
        QCOMPARE(store->get("/k")->value, QByteArray("2"));

        auto unconditional = updateKey(*store, "/k", "4", 0);
        QVERIFY(unconditional.ok());
        auto missing = updateKey(*store, "/nope", "1", 0);
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    void deleteIsCompareAndSwap()
    {
        auto store = freshStore();
        QVERIFY(store);
        const auto created = createKey(*store, "/k", "1");
        auto stale = removeKey(*store, "/k", created->modRevision + 1);
        QCOMPARE(stale.error().code, ErrorCode::Conflict);
        QVERIFY(store->get("/k"));

        auto removed = removeKey(*store, "/k", created->modRevision);
        QVERIFY(removed.ok());
        QCOMPARE(removed->value, QByteArray("1"));
        QCOMPARE(removed->modRevision, created->modRevision + 1);
        QVERIFY(!store->get("/k"));
        QCOMPARE(removeKey(*store, "/k", 0).error().code, ErrorCode::NotFound);

        // A key can be created again after its deletion: a new incarnation.
        auto again = createKey(*store, "/k", "new");
        QVERIFY(again.ok());
        QCOMPARE(again->createRevision, again->modRevision);
    }

    void encoderSeesTheWritesRevision()
    {
        auto store = freshStore();
        QVERIFY(store);
        QVERIFY(createKey(*store, "/first", "x").ok());
        const qint64 predicted = store->nextRevision();
        auto encode = [](qint64 revision) -> QByteArray {
            return "rv=" + QByteArray::number(revision);
        };
        auto created = awaitWrite([&](auto done) { store->create("/e", encode, done); });
        QVERIFY(created.ok());
        QCOMPARE(created->modRevision, predicted);
        QCOMPARE(created->value, "rv=" + QByteArray::number(created->modRevision));
        auto updated =
            awaitWrite([&](auto done) { store->update("/e", encode, created->modRevision, done); });
        QCOMPARE(store->get("/e")->value, "rv=" + QByteArray::number(updated->modRevision));
    }

    void revisionsStrictlyIncreaseAcrossKeys()
    {
        auto store = freshStore();
        QVERIFY(store);
        qint64 last = 0;
        for (int i = 0; i < 20; ++i) {
            auto kv = createKey(*store, "/r/" + QByteArray::number(i), "v");
            QVERIFY(kv.ok());
            QVERIFY(kv->modRevision > last);
            last = kv->modRevision;
        }
    }

    void writesInOneTurnShareOneCommit()
    {
        auto store = freshStore();
        QVERIFY(store);
        const qint64 before = store->commitCount();
        int acknowledged = 0;
        for (int i = 0; i < 200; ++i)
            store->create("/g/" + QByteArray::number(i), QByteArray(2000, 'x'),
                          [&](const Result<KeyValue> &r) { acknowledged += r.ok() ? 1 : 0; });
        // Conflicting writes in the same turn see the queued state.
        bool conflictSeen = false;
        store->create("/g/0", "dup", [&](const Result<KeyValue> &r) {
            conflictSeen = !r.ok() && r.error().code == ErrorCode::AlreadyExists;
        });
        QVERIFY(store->latest("/g/5"));
        QVERIFY(!store->get("/g/5")); // not visible to readers before the commit
        QTRY_COMPARE_WITH_TIMEOUT(acknowledged, 200, 30000);
        QVERIFY(conflictSeen);
        QCOMPARE(store->commitCount() - before, 1);
        QCOMPARE(store->size(), 200);
    }

    void readModifyWriteOnQueuedState()
    {
        auto store = freshStore();
        QVERIFY(store);
        QVERIFY(createKey(*store, "/c", "0").ok());
        // Ten increments in one turn, each computed from the newest queued value.
        int done = 0;
        for (int i = 0; i < 10; ++i) {
            const auto current = store->latest("/c");
            const QByteArray next = QByteArray::number(current->value.toInt() + 1);
            store->update("/c", next, current->modRevision, [&](const Result<KeyValue> &r) {
                QVERIFY(r.ok());
                ++done;
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 10, 30000);
        QCOMPARE(store->get("/c")->value, QByteArray("10"));
    }

    void listByPrefixIsSorted()
    {
        auto store = freshStore();
        QVERIFY(store);
        for (const char *key : {"/a/3", "/a/1", "/b/1", "/a/2", "/ab/1"})
            QVERIFY(createKey(*store, key, key).ok());
        auto list = store->list({.prefix = "/a/"});
        QVERIFY(list.ok());
        QCOMPARE(list->items.size(), 3);
        QCOMPARE(list->items[0].key, QByteArray("/a/1"));
        QCOMPARE(list->items[2].key, QByteArray("/a/3"));
        QCOMPARE(list->revision, store->revision());
        QVERIFY(!list->more);
        QCOMPARE(store->list({.prefix = "/"})->items.size(), 5);
        QCOMPARE(store->list({.prefix = "/zz"})->items.size(), 0);
    }

    void listPagesAtOneConsistentRevision()
    {
        auto store = freshStore();
        QVERIFY(store);
        for (int i = 0; i < 10; ++i)
            QVERIFY(createKey(*store, "/p/" + QByteArray::number(i), "v0").ok());
        auto first = store->list({.prefix = "/p/", .limit = 4});
        QVERIFY(first.ok());
        QCOMPARE(first->items.size(), 4);
        QVERIFY(first->more);

        // Changes after the first page must not show in its continuations.
        QVERIFY(updateKey(*store, "/p/5", "v1", 0).ok());
        QVERIFY(removeKey(*store, "/p/6", 0).ok());
        QVERIFY(createKey(*store, "/p/55", "new").ok());

        QList<KeyValue> all = first->items;
        ListOptions next{.prefix = "/p/",
                         .startAfter = first->items.last().key,
                         .revision = first->revision,
                         .limit = 4};
        for (;;) {
            auto page = store->list(next);
            QVERIFY(page.ok());
            QCOMPARE(page->revision, first->revision);
            all += page->items;
            if (!page->more)
                break;
            next.startAfter = page->items.last().key;
        }
        QCOMPARE(all.size(), 10);
        for (const KeyValue &kv : all) {
            QCOMPARE(kv.value, QByteArray("v0"));
            QVERIFY(kv.modRevision <= first->revision);
        }
        QVERIFY(std::is_sorted(all.begin(), all.end(),
                               [](const KeyValue &a, const KeyValue &b) { return a.key < b.key; }));
        // The current state does reflect them.
        QCOMPARE(store->list({.prefix = "/p/"})->items.size(), 10);
    }

    void listRejectsFutureRevision()
    {
        auto store = freshStore();
        QVERIFY(store);
        auto list = store->list({.prefix = "/", .revision = 99});
        QCOMPARE(list.error().code, ErrorCode::InvalidArgument);
    }

    void watchDeliversEveryEventInOrder()
    {
        auto store = freshStore();
        QVERIFY(store);
        QVERIFY(createKey(*store, "/w/a", "1").ok()); // before the watch: not delivered
        const qint64 start = store->revision();

        StoreEvents seen;
        auto id = store->watch("/w/", start, [&](const StoreEvents &events) { seen += events; });
        QVERIFY(id.ok());
        QVERIFY(updateKey(*store, "/w/a", "2", 0).ok());
        QVERIFY(createKey(*store, "/other", "x").ok());
        QVERIFY(createKey(*store, "/w/b", "1").ok());
        QVERIFY(removeKey(*store, "/w/a", 0).ok());
        QTRY_COMPARE(seen.size(), 3);
        QCOMPARE(seen[0].type(), StoreEvent::Type::Modified);
        QCOMPARE(seen[0].prevValue, QByteArray("1"));
        QCOMPARE(seen[0].value, QByteArray("2"));
        QCOMPARE(seen[1].type(), StoreEvent::Type::Added);
        QCOMPARE(seen[1].key, QByteArray("/w/b"));
        QCOMPARE(seen[2].type(), StoreEvent::Type::Deleted);
        QCOMPARE(seen[2].object().value, QByteArray("2"));
        QCOMPARE(seen[2].object().modRevision, store->revision());
        for (qsizetype i = 1; i < seen.size(); ++i)
            QVERIFY(seen[i].revision > seen[i - 1].revision);
        store->cancelWatch(*id);
        QVERIFY(createKey(*store, "/w/c", "1").ok());
        QTest::qWait(20);
        QCOMPARE(seen.size(), 3);
    }

    void watchFromPastRevisionReplaysThenFollows()
    {
        auto store = freshStore();
        QVERIFY(store);
        for (int i = 0; i < 5; ++i)
            QVERIFY(createKey(*store, "/h/" + QByteArray::number(i), "v").ok());

        QList<qint64> revisions;
        auto id = store->watch("/h/", 2, [&](const StoreEvents &events) {
            for (const StoreEvent &e : events)
                revisions << e.revision;
        });
        QVERIFY(id.ok());
        // A write queued before the catch-up is delivered must still come after it.
        int acked = 0;
        store->create("/h/9", "v", [&](const Result<KeyValue> &) { ++acked; });
        QTRY_COMPARE(acked, 1);
        QTRY_COMPARE(revisions.size(), 4);
        QCOMPARE(revisions, (QList<qint64>{3, 4, 5, 6}));
    }

    void manyWatchersAndCancelInsideCallback()
    {
        auto store = freshStore();
        QVERIFY(store);
        QList<int> counts(50, 0);
        QList<ObjectStore::WatchId> ids;
        for (int i = 0; i < 50; ++i) {
            auto id = store->watch({}, store->revision(), [&, i](const StoreEvents &events) {
                counts[i] += int(events.size());
                if (i % 2 == 0)
                    store->cancelWatch(ids[i]); // even watchers stop after their first delivery
            });
            QVERIFY(id.ok());
            ids << *id;
        }
        QVERIFY(createKey(*store, "/m/1", "v").ok());
        QVERIFY(createKey(*store, "/m/2", "v").ok());
        QTRY_COMPARE(counts[1], 2);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(counts[i], i % 2 == 0 ? 1 : 2);
        QCOMPARE(store->watcherCount(), 25);
    }

    void compactionExpiresOldRevisions()
    {
        auto store = freshStore();
        QVERIFY(store);
        QVERIFY(createKey(*store, "/x/a", "1").ok());
        QVERIFY(createKey(*store, "/x/b", "1").ok());
        auto page = store->list({.prefix = "/x/", .limit = 1});
        QVERIFY(page.ok() && page->more);
        QVERIFY(updateKey(*store, "/x/a", "2", 0).ok());
        QVERIFY(removeKey(*store, "/x/b", 0).ok());
        QVERIFY(createKey(*store, "/x/c", "1").ok());
        const qint64 rev = store->revision();

        auto compacted = awaitCompact(*store, rev - 1);
        QVERIFY2(compacted.ok(), qPrintable(compacted.error().toString()));
        QCOMPARE(store->compactRevision(), rev - 1);

        auto cont = store->list({.prefix = "/x/",
                                 .startAfter = page->items.last().key,
                                 .revision = page->revision,
                                 .limit = 1});
        QCOMPARE(cont.error().code, ErrorCode::Expired);
        QCOMPARE(store->list({.prefix = "/x/", .revision = 2}).error().code, ErrorCode::Expired);
        QCOMPARE(store->watch("/x/", 1, [](const StoreEvents &) {}).error().code,
                 ErrorCode::Expired);

        // At and after the compact revision everything still works.
        QVERIFY(store->list({.prefix = "/x/", .revision = rev - 1}).ok());
        StoreEvents seen;
        QVERIFY(store->watch("/x/", rev - 1, [&](const StoreEvents &e) { seen += e; }).ok());
        QTRY_COMPARE(seen.size(), 1);
        QCOMPARE(seen[0].key, QByteArray("/x/c"));

        // Current state is untouched; compaction is idempotent and refuses the future.
        QCOMPARE(store->get("/x/a")->value, QByteArray("2"));
        QVERIFY(!store->get("/x/b"));
        QVERIFY(awaitCompact(*store, 1).ok());
        QCOMPARE(awaitCompact(*store, rev + 5).error().code, ErrorCode::InvalidArgument);
    }

    void compactionPolicyKeepsWindowByAgeAndCount()
    {
        CompactionPolicy policy;
        policy.keepAgeMs = 60'000;
        policy.minRevisions = 2;
        policy.maxRevisions = 1000;
        auto store = freshStore(policy);
        QVERIFY(store);
        for (int i = 0; i < 5; ++i)
            QVERIFY(createKey(*store, "/old/" + QByteArray::number(i), "v").ok()); // revs 1-5
        m_clock.advanceMs(120'000);
        for (int i = 0; i < 3; ++i)
            QVERIFY(createKey(*store, "/new/" + QByteArray::number(i), "v").ok()); // revs 6-8

        std::optional<Result<qint64>> result;
        store->compactByPolicy([&](const Result<qint64> &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(result->ok());
        QCOMPARE(store->compactRevision(), 5); // everything older than a minute
        QCOMPARE(store->size(), 8);

        m_clock.advanceMs(120'000); // now everything is old: keep only minRevisions
        result.reset();
        store->compactByPolicy([&](const Result<qint64> &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QCOMPARE(store->compactRevision(), 6);
    }

    void stateSurvivesReopen()
    {
        auto config = m_fixture.freshStore();
        QVERIFY(config.ok());
        qint64 compactedAt = 0;
        qint64 lastRevision = 0;
        {
            auto store = openStore(*config);
            QVERIFY(store);
            for (int i = 0; i < 30; ++i)
                QVERIFY(
                    createKey(*store, "/s/" + QByteArray::number(i), "v" + QByteArray::number(i))
                        .ok());
            for (int i = 0; i < 10; ++i)
                QVERIFY(updateKey(*store, "/s/" + QByteArray::number(i), "u", 0).ok());
            for (int i = 10; i < 15; ++i)
                QVERIFY(removeKey(*store, "/s/" + QByteArray::number(i), 0).ok());
            compactedAt = store->revision() - 8;
            QVERIFY(awaitCompact(*store, compactedAt).ok());
            QVERIFY(createKey(*store, "/s/10", "reborn").ok());
            lastRevision = store->revision();
        }
        auto store = openStore(*config);
        QVERIFY(store);
        QCOMPARE(store->revision(), lastRevision);
        QCOMPARE(store->compactRevision(), compactedAt);
        QCOMPARE(store->size(), 26);
        QCOMPARE(store->get("/s/3")->value, QByteArray("u"));
        QCOMPARE(store->get("/s/20")->value, QByteArray("v20"));
        QCOMPARE(store->get("/s/10")->value, QByteArray("reborn"));
        QVERIFY(!store->get("/s/12"));

        // The retained history is there: a watch from the compact revision replays it
        // with the previous values recovered from the log.
        StoreEvents seen;
        QVERIFY(store->watch("/s/", compactedAt, [&](const StoreEvents &e) { seen += e; }).ok());
        QTRY_COMPARE(seen.size(), int(lastRevision - compactedAt));
        for (const StoreEvent &e : std::as_const(seen)) {
            if (e.type() == StoreEvent::Type::Deleted)
                QVERIFY(!e.prevValue.isEmpty());
        }
        QCOMPARE(store->watch("/s/", compactedAt - 1, [](const StoreEvents &) {}).error().code,
                 ErrorCode::Expired);

        // New writes continue the revision sequence.
        auto next = createKey(*store, "/s/new", "v");
        QCOMPARE(next->modRevision, lastRevision + 1);
    }

    void secondWriterIsRefused()
    {
        auto config = m_fixture.freshStore();
        QVERIFY(config.ok());
        auto first = openStore(*config);
        QVERIFY(first);
        QVERIFY(createKey(*first, "/owner", "first").ok());

        ObjectStore::Options options;
        options.config = *config;
        options.compaction.intervalMs = 0;
        auto second = ObjectStore::open(options);
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, ErrorCode::Unavailable);
        QVERIFY2(second.error().message.contains(QStringLiteral("another Flotilla control plane")),
                 qPrintable(second.error().message));
        QVERIFY(createKey(*first, "/still", "mine").ok());
        first.reset();
        auto later = openStore(*config); // free again once the first has closed
        QVERIFY(later);
        QCOMPARE(later->size(), 2);
    }

    void largeValuesRoundTrip()
    {
        auto config = m_fixture.freshStore();
        QVERIFY(config.ok());
        QByteArray big(1 << 20, '\0');
        for (qsizetype i = 0; i < big.size(); ++i)
            big[i] = char(i * 131 % 251);
        {
            auto store = openStore(*config);
            QVERIFY(createKey(*store, "/big", big).ok());
            QVERIFY(createKey(*store, "/unicode/ünï", "{\"a\":\"€\"}").ok());
        }
        auto store = openStore(*config);
        QCOMPARE(store->get("/big")->value, big);
        QCOMPARE(store->get("/unicode/ünï")->value, QByteArray("{\"a\":\"€\"}"));
    }

    // Last on purpose: it stops the PostgreSQL server the suite shares.
    void lostDatabaseFailsWritesWithoutHanging()
    {
        if (m_fixture.backend() != StoreConfig::Backend::Postgres)
            QSKIP("needs a server that can go away: PostgreSQL only");
        auto store = freshStore();
        QVERIFY(store);
        QVERIFY(createKey(*store, "/before", "1").ok());
        m_fixture.postgres()->kill();

        auto lost = createKey(*store, "/after", "1");
        QVERIFY(!lost.ok());
        QCOMPARE(lost.error().code, ErrorCode::Unavailable);
        QVERIFY(!store->get("/after"));
        // The committed state is still served, and later writes fail just as clearly.
        QCOMPARE(store->get("/before")->value, QByteArray("1"));
        QCOMPARE(createKey(*store, "/again", "1").error().code, ErrorCode::Unavailable);
    }
};

QTEST_GUILESS_MAIN(TestObjectStore)
#include "tst_objectstore.moc"
