// Debian's python3-kubernetes client lists and watches against `flotilla --headless`.
#include "support/flotillaprocess.h"

#include <QFile>
#include <QProcess>
#include <QTest>

using namespace flotilla;

class TestPythonClient : public QObject
{
    Q_OBJECT

private slots:
    void listAndWatch()
    {
        const QString python = QStringLiteral("/usr/bin/python3");
        QProcess probe;
        probe.start(python, {QStringLiteral("-c"), QStringLiteral("import kubernetes")});
        if (!probe.waitForFinished(30000) || probe.exitCode() != 0)
            QSKIP("python3-kubernetes is not installed (apt-get install python3-kubernetes)");

        auto flotilla = testsupport::FlotillaProcess::start(qEnvironmentVariable("FLOTILLA_BIN"));
        QVERIFY2(flotilla.ok(), qPrintable(flotilla.error().message));
        QProcess script;
        script.start(python,
                     {qEnvironmentVariable("PYTHON_CLIENT_CHECK"), (*flotilla)->kubeconfig()});
        QVERIFY(script.waitForFinished(60000));
        const QByteArray out = script.readAllStandardOutput();
        QVERIFY2(script.exitCode() == 0,
                 QByteArray(out + script.readAllStandardError()).constData());
        QVERIFY2(out.contains("namespaces: default,kube-node-lease,kube-public,kube-system"),
                 out.constData());
        QVERIFY2(out.contains("watched: ADDED from-python v"), out.constData());
    }
};

QTEST_GUILESS_MAIN(TestPythonClient)
#include "tst_pythonclient.moc"
