#include "protobuf/wellknowntypes.h"

#include <QTest>

#include <limits>

using namespace flotilla::api;

class TestWellKnownTypes : public QObject
{
    Q_OBJECT

private slots:
    // Expected values are what Go's time.Duration.String() prints.
    void goDurations_data()
    {
        QTest::addColumn<qint64>("nanoseconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
        QTest::newRow("1ns") << qint64(1) << QStringLiteral("1ns");
        QTest::newRow("999ns") << qint64(999) << QStringLiteral("999ns");
        QTest::newRow("1.5us") << qint64(1500) << QString::fromUtf8("1.5\xc2\xb5s");
        QTest::newRow("1ms") << qint64(1'000'000) << QStringLiteral("1ms");
        QTest::newRow("1.000001ms") << qint64(1'000'001) << QStringLiteral("1.000001ms");
        QTest::newRow("300ms") << qint64(300'000'000) << QStringLiteral("300ms");
        QTest::newRow("1s") << qint64(1'000'000'000) << QStringLiteral("1s");
        QTest::newRow("1.5s") << qint64(1'500'000'000) << QStringLiteral("1.5s");
        QTest::newRow("1m0s") << qint64(60'000'000'000) << QStringLiteral("1m0s");
        QTest::newRow("1h0m0s") << qint64(3'600'000'000'000) << QStringLiteral("1h0m0s");
        QTest::newRow("25h1m1.000000001s")
            << qint64(90'061'000'000'001) << QStringLiteral("25h1m1.000000001s");
        QTest::newRow("negative") << qint64(-1'500'000'000) << QStringLiteral("-1.5s");
        QTest::newRow("negative small") << qint64(-2'000) << QString::fromUtf8("-2\xc2\xb5s");
        QTest::newRow("max") << std::numeric_limits<qint64>::max()
                             << QStringLiteral("2562047h47m16.854775807s");
        QTest::newRow("min") << std::numeric_limits<qint64>::min()
                             << QStringLiteral("-2562047h47m16.854775808s");
    }
    void goDurations()
    {
        QFETCH(qint64, nanoseconds);
        QFETCH(QString, expected);
        QCOMPARE(formatGoDuration(nanoseconds), expected);
    }

    void rfc3339_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected"); // null: not representable
        QTest::newRow("epoch") << qint64(0) << QStringLiteral("1970-01-01T00:00:00Z");
        QTest::newRow("before epoch") << qint64(-1) << QStringLiteral("1969-12-31T23:59:59Z");
        QTest::newRow("2026") << qint64(1795773600) << QStringLiteral("2026-11-27T10:00:00Z");
        QTest::newRow("leap day") << qint64(1709251199) << QStringLiteral("2024-02-29T23:59:59Z");
        QTest::newRow("2000-03-01") << qint64(951868800) << QStringLiteral("2000-03-01T00:00:00Z");
        QTest::newRow("Go zero time")
            << kGoZeroTimeUnixSeconds << QStringLiteral("0001-01-01T00:00:00Z");
        QTest::newRow("year 0") << qint64(-62167219200) << QStringLiteral("0000-01-01T00:00:00Z");
        QTest::newRow("year 9999")
            << qint64(253402300799) << QStringLiteral("9999-12-31T23:59:59Z");
        QTest::newRow("year 10000") << qint64(253402300800) << QString();
        QTest::newRow("year -1") << qint64(-62167219201) << QString();
        QTest::newRow("int64 max") << std::numeric_limits<qint64>::max() << QString();
        QTest::newRow("int64 min") << std::numeric_limits<qint64>::min() << QString();
    }
    void rfc3339()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        const std::optional<QString> formatted = formatRfc3339(seconds);
        QCOMPARE(formatted.has_value(), !expected.isNull());
        if (formatted)
            QCOMPARE(*formatted, expected);
    }

    void rfc3339Micro_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<qint32>("nanos");
        QTest::addColumn<QString>("expected");
        QTest::newRow("whole") << qint64(1795773600) << 0
                               << QStringLiteral("2026-11-27T10:00:00.000000Z");
        QTest::newRow("truncated to micros")
            << qint64(1795773600) << 123456789 << QStringLiteral("2026-11-27T10:00:00.123456Z");
        QTest::newRow("negative nanos borrow a second")
            << qint64(1) << -1 << QStringLiteral("1970-01-01T00:00:00.999999Z");
        QTest::newRow("nanos over a second carry")
            << qint64(0) << 2'000'000'005 << QStringLiteral("1970-01-01T00:00:02.000000Z");
        QTest::newRow("out of range") << qint64(253402300799) << 1'000'000'000 << QString();
        QTest::newRow("int64 min") << std::numeric_limits<qint64>::min() << -1 << QString();
    }
    void rfc3339Micro()
    {
        QFETCH(qint64, seconds);
        QFETCH(qint32, nanos);
        QFETCH(QString, expected);
        const std::optional<QString> formatted = formatRfc3339Micro(seconds, nanos);
        QCOMPARE(formatted.has_value(), !expected.isNull());
        if (formatted)
            QCOMPARE(*formatted, expected);
    }
};

QTEST_GUILESS_MAIN(TestWellKnownTypes)
#include "tst_wellknowntypes.moc"
