#include "app/commandline.h"
#include "app/signalwatcher.h"
#include "common/logging.h"
#include "storage/objectstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

#include <cstdio>

using namespace flotilla;

namespace {

enum ExitCode { Ok = 0, Failure = 1, Usage = 2 };

void printLine(FILE *stream, const QString &text)
{
    std::fputs(qUtf8Printable(text + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

QString resolveDataDir(const QString &requested)
{
    if (!requested.isEmpty())
        return QDir(requested).absolutePath();
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

int runHeadless(const app::CommandLine &line)
{
    const QString dataDir = resolveDataDir(line.dataDir);
    if (!QDir().mkpath(dataDir)) {
        printLine(stderr, QStringLiteral("flotilla: cannot create data dir %1; choose another with "
                                         "--data-dir")
                              .arg(dataDir));
        return Failure;
    }
    storage::ObjectStore::Options options;
    if (line.store.isEmpty()) {
        options.config = storage::StoreConfig::sqliteIn(dataDir);
    } else {
        auto config = storage::StoreConfig::fromUrl(line.store);
        if (!config) {
            printLine(stderr, QStringLiteral("flotilla: ") + config.error().message);
            return Usage;
        }
        options.config = *config;
    }
    auto store = storage::ObjectStore::open(options);
    if (!store) {
        printLine(stderr, QStringLiteral("flotilla: ") + store.error().message);
        return Failure;
    }
    printLine(stdout, QStringLiteral("flotilla: control plane running; data dir %1, store %2 at "
                                     "revision %3")
                          .arg(dataDir, options.config.redacted())
                          .arg((*store)->revision()));
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("flotilla"));
    QCoreApplication::setOrganizationName(QStringLiteral("Flotilla"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FLOTILLA_VERSION));

    QString usageError;
    const auto line = app::CommandLine::parse(QCoreApplication::arguments(), &usageError);
    if (!usageError.isEmpty()) {
        printLine(stderr, QStringLiteral("flotilla: ") + usageError);
        return Usage;
    }
    switch (line.command) {
    case app::CommandLine::Command::Help:
        printLine(stdout, app::CommandLine::helpText());
        return Ok;
    case app::CommandLine::Command::Version:
        printLine(stdout, QStringLiteral("flotilla ") + QStringLiteral(FLOTILLA_VERSION));
        return Ok;
    case app::CommandLine::Command::Kubeconfig:
    case app::CommandLine::Command::TokenCreate:
        printLine(stderr, QStringLiteral("flotilla: this command needs the API server, which this "
                                         "build does not have yet"));
        return Failure;
    case app::CommandLine::Command::Gui:
        printLine(stderr, QStringLiteral("flotilla: this build has no desktop GUI yet; running the "
                                         "control plane headless"));
        [[fallthrough]];
    case app::CommandLine::Command::Headless: {
        // Ctrl-C or SIGTERM: leave the event loop, so the store closes cleanly (writes
        // already acknowledged are durable either way).
        app::SignalWatcher signalWatcher;
        QObject::connect(&signalWatcher, &app::SignalWatcher::terminationRequested, &app,
                         &QCoreApplication::quit);
        return runHeadless(line);
    }
    }
    return Failure;
}
