#include "common/clock.h"
#include "common/result.h"

#include <QTest>

using namespace flotilla;

class TestResult : public QObject
{
    Q_OBJECT

private slots:
    void valueAndError()
    {
        Result<int> good = 42;
        QVERIFY(good.ok());
        QCOMPARE(*good, 42);

        Result<int> bad = Error{ErrorCode::NotFound, QStringLiteral("gone")};
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, ErrorCode::NotFound);
        QCOMPARE(bad.error().toString(), QStringLiteral("not found: gone"));

        Result<void> fine;
        QVERIFY(fine.ok());
        Result<void> broken = Error{ErrorCode::Conflict, QStringLiteral("stale")};
        QVERIFY(!broken.ok());
        QCOMPARE(broken.error().message, QStringLiteral("stale"));
    }

    void manualClockMovesOnlyWhenTold()
    {
        ManualClock clock(1000);
        QCOMPARE(clock.nowMs(), 1000);
        const qint64 mono = clock.monotonicNs();
        clock.advanceMs(250);
        QCOMPARE(clock.nowMs(), 1250);
        QCOMPARE(clock.monotonicNs() - mono, 250'000'000);
    }
};

QTEST_GUILESS_MAIN(TestResult)
#include "tst_result.moc"
