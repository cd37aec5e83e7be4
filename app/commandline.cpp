#include "app/commandline.h"

namespace flotilla::app {

QString CommandLine::helpText()
{
    return QStringLiteral(
        "Usage:\n"
        "  flotilla [--data-dir DIR]                 desktop app with the embedded control plane\n"
        "  flotilla --headless [--data-dir DIR] [--listen HOST:PORT] [--store URL]\n"
        "                      [--token-auth-file FILE]\n"
        "                                            control plane only\n"
        "  flotilla kubeconfig [--data-dir DIR]      print an admin kubeconfig\n"
        "  flotilla token create [--data-dir DIR] [--ttl DURATION]\n"
        "                                            print a join token for flotilla-agent\n"
        "\n"
        "Options:\n"
        "  --data-dir DIR          state, certificates and keys (default: the platform's\n"
        "                          application data folder)\n"
        "  --listen HOST:PORT      API server address (default 127.0.0.1:6443)\n"
        "  --store URL             sqlite:///PATH (default: state.db in the data dir) or\n"
        "                          postgres://USER:PASSWORD@HOST:PORT/DATABASE\n"
        "  --token-auth-file FILE  static bearer tokens, Kubernetes CSV format\n"
        "  -h, --help              show this help\n"
        "  --version               show the version\n");
}

CommandLine CommandLine::parse(const QStringList &arguments, QString *usageError)
{
    CommandLine line;
    usageError->clear();
    QStringList positional;
    bool headless = false;

    auto valueOf = [&](qsizetype &i, const QString &option) -> std::optional<QString> {
        const QString &arg = arguments[i];
        const qsizetype eq = arg.indexOf(QLatin1Char('='));
        if (eq >= 0)
            return arg.mid(eq + 1);
        if (i + 1 >= arguments.size()) {
            *usageError = QStringLiteral("%1 needs a value; see flotilla --help").arg(option);
            return std::nullopt;
        }
        return arguments[++i];
    };

    for (qsizetype i = 1; i < arguments.size() && usageError->isEmpty(); ++i) {
        const QString &arg = arguments[i];
        const QString name = arg.section(QLatin1Char('='), 0, 0);
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            line.command = Command::Help;
            return line;
        } else if (arg == QLatin1String("--version")) {
            line.command = Command::Version;
            return line;
        } else if (arg == QLatin1String("--headless")) {
            headless = true;
        } else if (name == QLatin1String("--data-dir")) {
            if (auto v = valueOf(i, name))
                line.dataDir = *v;
        } else if (name == QLatin1String("--listen")) {
            if (auto v = valueOf(i, name))
                line.listen = *v;
        } else if (name == QLatin1String("--store")) {
            if (auto v = valueOf(i, name))
                line.store = *v;
        } else if (name == QLatin1String("--token-auth-file")) {
            if (auto v = valueOf(i, name))
                line.tokenAuthFile = *v;
        } else if (name == QLatin1String("--ttl")) {
            if (auto v = valueOf(i, name))
                line.ttl = *v;
        } else if (arg.startsWith(QLatin1Char('-'))) {
            *usageError = QStringLiteral("unknown option %1; see flotilla --help").arg(arg);
        } else {
            positional << arg;
        }
    }
    if (!usageError->isEmpty())
        return line;

    if (positional.isEmpty()) {
        line.command = headless ? Command::Headless : Command::Gui;
    } else if (positional == QStringList{QStringLiteral("kubeconfig")}) {
        line.command = Command::Kubeconfig;
    } else if (positional == QStringList{QStringLiteral("token"), QStringLiteral("create")}) {
        line.command = Command::TokenCreate;
    } else {
        *usageError = QStringLiteral("unknown command '%1'; see flotilla --help")
                          .arg(positional.join(QLatin1Char(' ')));
    }
    if (usageError->isEmpty() && headless && !positional.isEmpty())
        *usageError = QStringLiteral("--headless cannot be combined with a subcommand");
    return line;
}

} // namespace flotilla::app
