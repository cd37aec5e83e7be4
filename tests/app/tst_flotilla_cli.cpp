// The `flotilla` binary's command-line contract: exit codes 0/1/2, one-line errors on
// stderr, and a headless control plane that starts, reports, and stops on SIGTERM.
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestFlotillaCli : public QObject
{
    Q_OBJECT

private:
    QString m_binary = qEnvironmentVariable("FLOTILLA_BIN");
    QTemporaryDir m_dir;

    struct Run
    {
        int exitCode;
        QByteArray out;
        QByteArray err;
    };

    Run run(const QStringList &args)
    {
        QProcess process;
        process.start(m_binary, args);
        if (!process.waitForFinished(30000))
            return {-1, {}, {}};
        return {process.exitCode(), process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(m_binary), "FLOTILLA_BIN must name the flotilla binary");
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stream");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << 0 << "out"
                              << "Usage:";
        QTest::newRow("version") << QStringList{QStringLiteral("--version")} << 0 << "out"
                                 << "flotilla 0.";
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--nope")} << 2 << "err"
                                        << "see flotilla --help";
        QTest::newRow("bad store url")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--store"),
                           QStringLiteral("mysql://h/db")}
            << 2 << "err"
            << "unknown scheme";
        QTest::newRow("bad listen")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--listen"),
                           QStringLiteral("nowhere")}
            << 2 << "err"
            << "is not HOST:PORT";
        QTest::newRow("not a database")
            << QStringList{QStringLiteral("--headless"),
                           QStringLiteral("--store"),
                           QStringLiteral("/etc/hostname"),
                           QStringLiteral("--listen"),
                           QStringLiteral("127.0.0.1:0"),
                           QStringLiteral("--data-dir"),
                           QDir::temp().filePath(QStringLiteral("flotilla-cli-test-notadb"))}
            << 1 << "err"
            << "not a usable SQLite database";
    }

    void exitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, stream);
        QFETCH(QString, mentions);
        const Run result = run(args);
        QCOMPARE(result.exitCode, exitCode);
        const QByteArray &text = stream == QLatin1String("out") ? result.out : result.err;
        QVERIFY2(text.contains(mentions.toUtf8()), text.constData());
        if (exitCode != 0)
            QCOMPARE(result.err.count('\n'), 1); // one line that says what to do
    }

    void headlessStartsAndStopsOnSigterm()
    {
        QProcess process;
        process.start(m_binary, {QStringLiteral("--headless"), QStringLiteral("--data-dir"),
                                 m_dir.filePath(QStringLiteral("data")), QStringLiteral("--listen"),
                                 QStringLiteral("127.0.0.1:0")});
        QVERIFY(process.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT(
            (out += process.readAllStandardOutput()).contains("control plane running"), 30000);
        QVERIFY(out.contains("admin.kubeconfig"));
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("data/admin.kubeconfig"))));
        QCOMPARE(QFile::permissions(m_dir.filePath(QStringLiteral("data/admin.kubeconfig"))) &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        ::kill(pid_t(process.processId()), SIGTERM);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("data/state.db"))));
    }
};

QTEST_GUILESS_MAIN(TestFlotillaCli)
#include "tst_flotilla_cli.moc"
