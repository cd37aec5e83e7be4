#pragma once

#include <QtGlobal>

namespace flotilla {

// The only source of time in Flotilla. Milliseconds since the Unix epoch for wall
// time (what is stored and shown), and a monotonic reading for durations.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    virtual qint64 monotonicNs() const = 0;
};

// Real time: QDateTime for the wall clock, a steady clock for durations.
class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
    qint64 monotonicNs() const override;

    static SystemClock &instance();
};

// Time that moves only when a test says so.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000)
        : m_nowMs(startMs)
    {}

    qint64 nowMs() const override { return m_nowMs; }
    qint64 monotonicNs() const override { return m_monotonicNs; }

    void advanceMs(qint64 ms)
    {
        m_nowMs += ms;
        m_monotonicNs += ms * 1'000'000;
    }

private:
    qint64 m_nowMs;
    qint64 m_monotonicNs = 0;
};

} // namespace flotilla
