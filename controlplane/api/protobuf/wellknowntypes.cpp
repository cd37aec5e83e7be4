#include "protobuf/wellknowntypes.h"

#include <string>

namespace flotilla::api {

namespace {

constexpr qint64 kSecondsPerDay = 86400;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

struct CivilTime
{
    qint64 year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
};

// Howard Hinnant's days_from_civil inverse: proleptic Gregorian calendar, as Go uses.
CivilTime civilFromUnix(qint64 unixSeconds)
{
    const qint64 days = floorDiv(unixSeconds, kSecondsPerDay);
    const qint64 secondOfDay = unixSeconds - days * kSecondsPerDay;
    const qint64 z = days + 719468;
    const qint64 era = floorDiv(z, 146097);
    const qint64 dayOfEra = z - era * 146097;
    const qint64 yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthIndex = (5 * dayOfYear + 2) / 153;

    CivilTime civil;
    civil.day = int(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    civil.month = int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    civil.year = yearOfEra + era * 400 + (civil.month <= 2 ? 1 : 0);
    civil.hour = int(secondOfDay / 3600);
    civil.minute = int(secondOfDay % 3600 / 60);
    civil.second = int(secondOfDay % 60);
    return civil;
}

// Years RFC 3339 can write; also keeps the day arithmetic far from overflow.
constexpr qint64 kMinUnixSeconds = -62167219200; // 0000-01-01T00:00:00Z
constexpr qint64 kMaxUnixSeconds = 253402300799; // 9999-12-31T23:59:59Z

QString formatCivil(const CivilTime &civil)
{
    return QStringLiteral("%1-%2-%3T%4:%5:%6")
        .arg(civil.year, 4, 10, QLatin1Char('0'))
        .arg(civil.month, 2, 10, QLatin1Char('0'))
        .arg(civil.day, 2, 10, QLatin1Char('0'))
        .arg(civil.hour, 2, 10, QLatin1Char('0'))
        .arg(civil.minute, 2, 10, QLatin1Char('0'))
        .arg(civil.second, 2, 10, QLatin1Char('0'));
}

// Go's fmtFrac: the fraction of value / 10^precision without trailing zeros (and without the
// point when it is zero), prepended to out; returns value / 10^precision.
quint64 prependFraction(std::string &out, quint64 value, int precision)
{
    bool print = false;
    for (int i = 0; i < precision; ++i) {
        const auto digit = char(value % 10);
        print = print || digit != 0;
        if (print)
            out.insert(out.begin(), char('0' + digit));
        value /= 10;
    }
    if (print)
        out.insert(out.begin(), '.');
    return value;
}

void prependInteger(std::string &out, quint64 value)
{
    out.insert(0, std::to_string(value));
}

} // namespace

std::optional<QString> formatRfc3339(qint64 unixSeconds)
{
    if (unixSeconds < kMinUnixSeconds || unixSeconds > kMaxUnixSeconds)
        return std::nullopt;
    return QString(formatCivil(civilFromUnix(unixSeconds)) + QLatin1Char('Z'));
}

std::optional<QString> formatRfc3339Micro(qint64 unixSeconds, qint32 nanos)
{
    // nanos carries at most 3 whole seconds; the range check first keeps the sum exact.
    if (unixSeconds < kMinUnixSeconds - 3 || unixSeconds > kMaxUnixSeconds + 3)
        return std::nullopt;
    const qint64 carry = floorDiv(nanos, 1'000'000'000);
    const qint64 seconds = unixSeconds + carry;
    if (seconds < kMinUnixSeconds || seconds > kMaxUnixSeconds)
        return std::nullopt;
    const qint64 micros = (nanos - carry * 1'000'000'000) / 1000; // Go truncates
    return QString(formatCivil(civilFromUnix(seconds)) + QLatin1Char('.') +
                   QStringLiteral("%1").arg(micros, 6, 10, QLatin1Char('0')) + QLatin1Char('Z'));
}

QString formatGoDuration(qint64 nanoseconds)
{
    // A port of Go's time.Duration.format, building the text from its end.
    const bool negative = nanoseconds < 0;
    // Two's-complement negation in unsigned arithmetic also handles INT64_MIN.
    quint64 value = negative ? ~quint64(nanoseconds) + 1 : quint64(nanoseconds);
    std::string out;
    constexpr quint64 second = 1'000'000'000;
    if (value < second) {
        int precision = 0;
        if (value == 0)
            return QStringLiteral("0s");
        if (value < 1000) {
            out = "ns";
        } else if (value < 1'000'000) {
            precision = 3;
            out = "\xc2\xb5s"; // U+00B5 MICRO SIGN, as Go writes it
        } else {
            precision = 6;
            out = "ms";
        }
        value = prependFraction(out, value, precision);
        prependInteger(out, value);
    } else {
        out = "s";
        value = prependFraction(out, value, 9);
        // value is now whole seconds
        prependInteger(out, value % 60);
        value /= 60;
        if (value > 0) {
            out.insert(out.begin(), 'm');
            prependInteger(out, value % 60);
            value /= 60;
            // Go stops at hours: days differ in length.
            if (value > 0) {
                out.insert(out.begin(), 'h');
                prependInteger(out, value);
            }
        }
    }
    if (negative)
        out.insert(out.begin(), '-');
    return QString::fromUtf8(out.data(), qsizetype(out.size()));
}

} // namespace flotilla::api
