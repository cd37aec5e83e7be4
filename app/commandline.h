#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace flotilla::app {

// The `flotilla` command line (see the architecture page's contract), parsed into
// plain values. Parsing never exits: main() decides what to print and which code.
struct CommandLine
{
    enum class Command { Gui, Headless, Kubeconfig, TokenCreate, Help, Version };

    Command command = Command::Gui;
    QString dataDir;
    QString listen = QStringLiteral("127.0.0.1:6443");
    QString store;
    QString tokenAuthFile;
    QString ttl;

    static CommandLine parse(const QStringList &arguments, QString *usageError);
    static QString helpText();
};

} // namespace flotilla::app
