#include "storage/watchcache.h"

#include <QTest>

using namespace flotilla;
using namespace flotilla::storage;

namespace {

StoreEvent put(qint64 rev, const QByteArray &key, const QByteArray &value, qint64 prev = 0,
               qint64 created = 0)
{
    StoreEvent e;
    e.revision = rev;
    e.key = key;
    e.value = value;
    e.created = prev == 0;
    e.prevRevision = prev;
    e.createRevision = created ? created : rev;
    e.modTimeMs = rev * 1000;
    return e;
}

StoreEvent del(qint64 rev, const QByteArray &key, qint64 prev, qint64 created)
{
    StoreEvent e;
    e.revision = rev;
    e.key = key;
    e.deleted = true;
    e.prevRevision = prev;
    e.createRevision = created;
    e.modTimeMs = rev * 1000;
    return e;
}

QByteArrayList keysOf(const ListResult &list)
{
    QByteArrayList keys;
    for (const KeyValue &kv : list.items)
        keys << kv.key + '=' + kv.value;
    return keys;
}

} // namespace

class TestWatchCache : public QObject
{
    Q_OBJECT

private:
    // r1 a=1, r2 b=1, r3 a=2, r4 del b, r5 c=1, r6 b=new
    WatchCache history()
    {
        WatchCache cache;
        cache.apply(put(1, "/a", "1"));
        cache.apply(put(2, "/b", "1"));
        cache.apply(put(3, "/a", "2", 1, 1));
        cache.apply(del(4, "/b", 2, 2));
        cache.apply(put(5, "/c", "1"));
        cache.apply(put(6, "/b", "new"));
        return cache;
    }

private slots:
    void listAtEveryRevision_data()
    {
        QTest::addColumn<qint64>("revision");
        QTest::addColumn<QByteArrayList>("expected");
        QTest::newRow("r1") << 1LL << QByteArrayList{"/a=1"};
        QTest::newRow("r2") << 2LL << QByteArrayList{"/a=1", "/b=1"};
        QTest::newRow("r3") << 3LL << QByteArrayList{"/a=2", "/b=1"};
        QTest::newRow("r4") << 4LL << QByteArrayList{"/a=2"};
        QTest::newRow("r5") << 5LL << QByteArrayList{"/a=2", "/c=1"};
        QTest::newRow("r6") << 6LL << QByteArrayList{"/a=2", "/b=new", "/c=1"};
        QTest::newRow("current") << 0LL << QByteArrayList{"/a=2", "/b=new", "/c=1"};
    }

    void listAtEveryRevision()
    {
        QFETCH(qint64, revision);
        QFETCH(QByteArrayList, expected);
        const WatchCache cache = history();
        auto list = cache.list({.prefix = "/", .revision = revision});
        QVERIFY(list.ok());
        QCOMPARE(keysOf(*list), expected);
    }

    void pastValuesCarryTheirRevisions()
    {
        const WatchCache cache = history();
        auto list = cache.list({.prefix = "/", .revision = 2});
        QCOMPARE(list->items[0].modRevision, 1);
        QCOMPARE(list->items[1].modRevision, 2);
        QCOMPARE(list->items[1].createRevision, 2);
    }

    void pagingAtPastRevision()
    {
        const WatchCache cache = history();
        auto first = cache.list({.prefix = "/", .revision = 3, .limit = 1});
        QCOMPARE(keysOf(*first), QByteArrayList{"/a=2"});
        QVERIFY(first->more);
        auto second = cache.list({.prefix = "/", .startAfter = "/a", .revision = 3, .limit = 1});
        QCOMPARE(keysOf(*second), QByteArrayList{"/b=1"});
        QVERIFY(!second->more);
    }

    void loadPathFillsPreviousValues()
    {
        const WatchCache cache = history();
        auto events = cache.eventsAfter("/", 2);
        QVERIFY(events.ok());
        QCOMPARE(events->size(), 4);
        QCOMPARE(events->at(0).prevValue, QByteArray("1"));
        QCOMPARE(events->at(1).type(), StoreEvent::Type::Deleted);
        QCOMPARE(events->at(1).object().value, QByteArray("1"));
        QCOMPARE(cache.eventsAfter("/b", 0)->size(), 3);
    }

    void compactDropsEventsAndExpires()
    {
        WatchCache cache = history();
        cache.compact(4);
        QCOMPARE(cache.eventCount(), 2);
        QCOMPARE(cache.eventsAfter("/", 3).error().code, ErrorCode::Expired);
        QCOMPARE(cache.list({.prefix = "/", .revision = 3}).error().code, ErrorCode::Expired);
        QCOMPARE(keysOf(*cache.list({.prefix = "/", .revision = 4})), (QByteArrayList{"/a=2"}));
        QCOMPARE(cache.size(), 3);
    }

    void revisionByTime()
    {
        const WatchCache cache = history();
        QCOMPARE(cache.newestRevisionAtOrBefore(3500), 3);
        QCOMPARE(cache.newestRevisionAtOrBefore(6000), 6);
        QCOMPARE(cache.newestRevisionAtOrBefore(10), 0);
    }
};

QTEST_GUILESS_MAIN(TestWatchCache)
#include "tst_watchcache.moc"
