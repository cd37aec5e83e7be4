#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// Runs one installed kubectl binary against a kubeconfig, with its own discovery cache.
class KubectlRunner
{
public:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        QString describe() const;
    };

    KubectlRunner(QString binary, QString kubeconfig, QString cacheDir);

    Run run(const QStringList &arguments, const QByteArray &input = {}) const;
    QString binary() const { return m_binary; }
    QStringList baseArguments() const;

    // Every kubectl on this machine: /usr/lib/google-cloud-sdk/bin/kubectl.1.NN and
    // /usr/bin/kubectl.
    static QStringList installed();

private:
    QString m_binary;
    QString m_kubeconfig;
    QString m_cacheDir;
};
