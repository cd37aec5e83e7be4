#include "kubectlrunner.h"

#include <QDir>
#include <QFile>
#include <QProcess>

KubectlRunner::KubectlRunner(QString binary, QString kubeconfig, QString cacheDir)
    : m_binary(std::move(binary))
    , m_kubeconfig(std::move(kubeconfig))
    , m_cacheDir(std::move(cacheDir))
{}

QString KubectlRunner::Run::describe() const
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(exitCode)
        .arg(QString::fromUtf8(out), QString::fromUtf8(err));
}

QStringList KubectlRunner::baseArguments() const
{
    return {QStringLiteral("--kubeconfig"), m_kubeconfig, QStringLiteral("--cache-dir"),
            m_cacheDir};
}

KubectlRunner::Run KubectlRunner::run(const QStringList &arguments, const QByteArray &input) const
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_cacheDir); // nothing from the user's ~/.kube
    env.remove(QStringLiteral("KUBECONFIG"));
    process.setProcessEnvironment(env);
    process.start(m_binary, baseArguments() + arguments);
    if (!process.waitForStarted(10000))
        return {};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return {-2, process.readAllStandardOutput(), "timed out"};
    }
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

QStringList KubectlRunner::installed()
{
    QStringList binaries;
    const QDir sdk(QStringLiteral("/usr/lib/google-cloud-sdk/bin"));
    QStringList versioned =
        sdk.entryList({QStringLiteral("kubectl.1.*")}, QDir::Files | QDir::Executable);
    std::sort(versioned.begin(), versioned.end(), [](const QString &a, const QString &b) {
        return a.section(QLatin1Char('.'), 2).toInt() < b.section(QLatin1Char('.'), 2).toInt();
    });
    for (const QString &name : versioned)
        binaries << sdk.filePath(name);
    if (binaries.isEmpty() && QFile::exists(QStringLiteral("/usr/bin/kubectl")))
        binaries << QStringLiteral("/usr/bin/kubectl");
    return binaries;
}
