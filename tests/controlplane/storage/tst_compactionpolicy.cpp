#include "storage/compactionpolicy.h"

#include <QTest>

using namespace flotilla::storage;

class TestCompactionPolicy : public QObject
{
    Q_OBJECT

private slots:
    void target_data()
    {
        QTest::addColumn<qint64>("current");
        QTest::addColumn<qint64>("compacted");
        QTest::addColumn<qint64>("olderThanAge");
        QTest::addColumn<qint64>("expected");
        // policy: min 10 revisions, max 100
        QTest::newRow("age decides") << 500LL << 0LL << 450LL << 450LL;
        QTest::newRow("min revisions kept") << 500LL << 0LL << 499LL << 490LL;
        QTest::newRow("max revisions bound") << 500LL << 0LL << 100LL << 400LL;
        QTest::newRow("never backwards") << 500LL << 480LL << 450LL << 480LL;
        QTest::newRow("young store") << 5LL << 0LL << 5LL << 0LL;
    }

    void target()
    {
        QFETCH(qint64, current);
        QFETCH(qint64, compacted);
        QFETCH(qint64, olderThanAge);
        QFETCH(qint64, expected);
        CompactionPolicy policy;
        policy.minRevisions = 10;
        policy.maxRevisions = 100;
        QCOMPARE(policy.target(current, compacted, olderThanAge), expected);
    }
};

QTEST_GUILESS_MAIN(TestCompactionPolicy)
#include "tst_compactionpolicy.moc"
