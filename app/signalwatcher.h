#pragma once

#include <QObject>
#include <QSocketNotifier>

namespace flotilla::app {

// Turns SIGINT/SIGTERM into a Qt signal on the event loop. The handler itself only
// writes a byte to a socket pair (async-signal-safe); the rest runs in normal context.
class SignalWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace flotilla::app
