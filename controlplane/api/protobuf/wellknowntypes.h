#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace flotilla::api {

// The JSON text Kubernetes' Go types give the time values that protobuf carries as numbers.
// Written out rather than left to QDateTime so that the output matches Go's formatting
// byte for byte, for every instant, independent of the local time zone.

// meta/v1 Time: RFC 3339 in UTC with whole seconds, "2026-11-27T10:00:00Z" (Go's
// time.RFC3339). Nullopt when the year falls outside 0000..9999, which RFC 3339 cannot write.
std::optional<QString> formatRfc3339(qint64 unixSeconds);

// meta/v1 MicroTime: RFC 3339 with exactly six fractional digits, "…T10:00:00.123456Z".
// nanos may lie outside [0, 1e9); it is carried into the seconds as Go's time.Unix does.
std::optional<QString> formatRfc3339Micro(qint64 unixSeconds, qint32 nanos);

// The instant Go's zero time.Time stands for (0001-01-01T00:00:00Z), which metav1.Time and
// MicroTime write as JSON null.
inline constexpr qint64 kGoZeroTimeUnixSeconds = -62135596800;

// meta/v1 Duration: Go's time.Duration.String(), "1h0m0s", "1.5s", "300ms", "0s".
QString formatGoDuration(qint64 nanoseconds);

} // namespace flotilla::api
