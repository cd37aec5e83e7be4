#include "app/commandline.h"
#include "app/signalwatcher.h"
#include "common/logging.h"
#include "server/controlplane.h"

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
    ControlPlane::Options options;
    options.dataDir = resolveDataDir(line.dataDir);
    options.listen = line.listen;
    options.storeUrl = line.store;
    options.tokenAuthFile = line.tokenAuthFile;
    auto plane = ControlPlane::start(options);
    if (!plane) {
        printLine(stderr, QStringLiteral("flotilla: ") + plane.error().message);
        return plane.error().code == ErrorCode::InvalidArgument ? Usage : Failure;
    }
    printLine(stdout, QStringLiteral("flotilla: control plane running at %1 (data dir %2)\n"
                                     "  kubeconfig: %3\n"
                                     "  try:        kubectl --kubeconfig %3 get namespaces")
                          .arg((*plane)->url(), options.dataDir, (*plane)->kubeconfigPath()));
    return QCoreApplication::exec();
}

int printKubeconfig(const app::CommandLine &line)
{
    auto kubeconfig = ControlPlane::adminKubeconfig(resolveDataDir(line.dataDir));
    if (!kubeconfig) {
        printLine(stderr, QStringLiteral("flotilla: ") + kubeconfig.error().message);
        return Failure;
    }
    std::fwrite(kubeconfig->constData(), 1, size_t(kubeconfig->size()), stdout);
    return Ok;
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
        return printKubeconfig(line);
    case app::CommandLine::Command::TokenCreate:
        printLine(stderr,
                  QStringLiteral("flotilla: join tokens arrive with the node agent, which this "
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
