#include "app/commandline.h"

#include <QTest>

using flotilla::app::CommandLine;
using Command = CommandLine::Command;

Q_DECLARE_METATYPE(Command)

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void commands_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<Command>("command");
        QTest::newRow("gui") << QStringList{} << Command::Gui;
        QTest::newRow("headless") << QStringList{QStringLiteral("--headless")} << Command::Headless;
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << Command::Help;
        QTest::newRow("version") << QStringList{QStringLiteral("--version")} << Command::Version;
        QTest::newRow("kubeconfig")
            << QStringList{QStringLiteral("kubeconfig")} << Command::Kubeconfig;
        QTest::newRow("token") << QStringList{QStringLiteral("token"), QStringLiteral("create")}
                               << Command::TokenCreate;
    }

    void commands()
    {
        QFETCH(QStringList, args);
        QFETCH(Command, command);
        QString error;
        const auto line =
            CommandLine::parse(QStringList{QStringLiteral("flotilla")} + args, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(line.command, command);
    }

    void options()
    {
        QString error;
        const auto line = CommandLine::parse(
            {QStringLiteral("flotilla"), QStringLiteral("--headless"), QStringLiteral("--data-dir"),
             QStringLiteral("/d"), QStringLiteral("--listen=0.0.0.0:7000"),
             QStringLiteral("--store"), QStringLiteral("postgres://u@h/db")},
            &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(line.dataDir, QStringLiteral("/d"));
        QCOMPARE(line.listen, QStringLiteral("0.0.0.0:7000"));
        QCOMPARE(line.store, QStringLiteral("postgres://u@h/db"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--frobnicate")} << "--frobnicate";
        QTest::newRow("missing value")
            << QStringList{QStringLiteral("--data-dir")} << "needs a value";
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("launch")} << "unknown command";
        QTest::newRow("headless + sub")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("kubeconfig")}
            << "cannot be combined";
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        QString error;
        CommandLine::parse(QStringList{QStringLiteral("flotilla")} + args, &error);
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("--help")) ||
                error.contains(QStringLiteral("combined")));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
