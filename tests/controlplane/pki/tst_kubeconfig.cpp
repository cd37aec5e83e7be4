#include "pki/certificateauthority.h"
#include "pki/kubeconfig.h"
#include "pkitesthelpers.h"

#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace flotilla;
using namespace flotilla::pki;
using namespace flotilla::pki::testing;

namespace {

// The value of the first `key: value` line, unquoted: enough to read back the fixed
// structure the writer produces without a YAML library.
QByteArray fieldValue(const QByteArray &yaml, const QByteArray &key)
{
    const QList<QByteArray> lines = yaml.split('\n');
    for (const QByteArray &line : lines) {
        QByteArray trimmed = line.trimmed();
        if (trimmed.startsWith("- "))
            trimmed = trimmed.mid(2);
        if (!trimmed.startsWith(QByteArray(key + ": ")))
            continue;
        QByteArray value = trimmed.mid(key.size() + 2);
        if (value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

} // namespace

class TestKubeconfig : public QObject
{
    Q_OBJECT

private:
    Kubeconfig m_config;

private slots:
    void initTestCase()
    {
        // Real credentials, so the kubeconfig is one a client could actually use.
        ManualClock clock;
        auto ca = CertificateAuthority::create(QStringLiteral("test-ca"), clock);
        auto key = PrivateKey::generateEcdsaP256();
        QVERIFY(ca.ok() && key.ok());
        auto client = ca->issue(CertificateSpec{.usage = CertificateUsage::Client,
                                                .commonName = QStringLiteral("kubernetes-admin"),
                                                .organizations = {QStringLiteral("system:masters")},
                                                .validity = kLeafValidity},
                                *key, clock);
        QVERIFY(client.ok());
        m_config = Kubeconfig{.serverUrl = QStringLiteral("https://127.0.0.1:6443"),
                              .clusterName = QStringLiteral("flotilla"),
                              .userName = QStringLiteral("kubernetes-admin"),
                              .caCertificatePem = ca->certificate().toPem(),
                              .clientCertificatePem = client->toPem(),
                              .clientKeyPem = key->toPem()};
    }

    void embedsTheCredentials_data()
    {
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<int>("which");
        QTest::newRow("certificate-authority-data")
            << QByteArray("certificate-authority-data") << 0;
        QTest::newRow("client-certificate-data") << QByteArray("client-certificate-data") << 1;
        QTest::newRow("client-key-data") << QByteArray("client-key-data") << 2;
    }

    void embedsTheCredentials()
    {
        QFETCH(QByteArray, field);
        QFETCH(int, which);
        const QByteArray expected = which == 0   ? m_config.caCertificatePem
                                    : which == 1 ? m_config.clientCertificatePem
                                                 : m_config.clientKeyPem;
        auto yaml = m_config.toYaml();
        QVERIFY2(yaml.ok(), qPrintable(yaml.error().message));
        const QByteArray value = fieldValue(*yaml, field);
        QVERIFY(!value.isEmpty());
        const auto decoded =
            QByteArray::fromBase64Encoding(value, QByteArray::AbortOnBase64DecodingErrors);
        QVERIFY(decoded);
        QCOMPARE(*decoded, expected);
    }

    void namesTheContext()
    {
        auto yaml = m_config.toYaml();
        QVERIFY(yaml.ok());
        QCOMPARE(m_config.contextName(), QStringLiteral("kubernetes-admin@flotilla"));
        QCOMPARE(fieldValue(*yaml, "current-context"), QByteArray("kubernetes-admin@flotilla"));
        QCOMPARE(fieldValue(*yaml, "server"), QByteArray("https://127.0.0.1:6443"));
        QCOMPARE(fieldValue(*yaml, "apiVersion"), QByteArray("v1"));
        QCOMPARE(fieldValue(*yaml, "kind"), QByteArray("Config"));
        QVERIFY(!yaml->contains('\t'));
    }

    void quotesScalars()
    {
        Kubeconfig config = m_config;
        config.clusterName = QStringLiteral("say \"hi\" \\ true");
        auto yaml = config.toYaml();
        QVERIFY(yaml.ok());
        QVERIFY2(yaml->contains("- name: \"say \\\"hi\\\" \\\\ true\"\n"), yaml->constData());
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("http server") << "server"
                                     << "http://127.0.0.1:6443"
                                     << "https://";
        QTest::newRow("no server") << "server"
                                   << ""
                                   << "https://";
        QTest::newRow("no host") << "server"
                                 << "https://:6443"
                                 << "https://";
        QTest::newRow("empty cluster") << "cluster"
                                       << ""
                                       << "cluster name is empty";
        QTest::newRow("newline in user") << "user"
                                         << "a\nb"
                                         << "user name contains control characters";
        QTest::newRow("ca not PEM") << "ca"
                                    << "MIIB..."
                                    << "CA certificate is not PEM";
        QTest::newRow("key not PEM") << "key"
                                     << ""
                                     << "client key is not PEM";
    }

    void rejects()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, mentions);
        Kubeconfig config = m_config;
        if (field == QLatin1String("server"))
            config.serverUrl = value;
        else if (field == QLatin1String("cluster"))
            config.clusterName = value;
        else if (field == QLatin1String("user"))
            config.userName = value;
        else if (field == QLatin1String("ca"))
            config.caCertificatePem = value.toUtf8();
        else
            config.clientKeyPem = value.toUtf8();
        auto yaml = config.toYaml();
        QVERIFY(!yaml.ok());
        QCOMPARE(yaml.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(yaml.error().message.contains(mentions), qPrintable(yaml.error().message));
        // Never echo key material back.
        QVERIFY(!yaml.error().message.contains(QLatin1String("PRIVATE KEY")));
    }

    void writesAPrivateFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("admin.conf"));
        QVERIFY(writeAll(path, "old"));
        QVERIFY(QFile::setPermissions(path, QFile::permissions(path) | QFile::ReadOther));
        auto written = m_config.writeTo(path);
        QVERIFY2(written.ok(), qPrintable(written.error().message));
        QCOMPARE(fileMode(path), 0600);
        QCOMPARE(readAll(path), m_config.toYaml().value());
    }

    void kubectlReadsIt_data()
    {
        QTest::addColumn<QString>("clusterName");
        QTest::addColumn<QString>("userName");
        QTest::addColumn<QString>("jsonPath");
        QTest::addColumn<QString>("expected");
        const QByteArray caData = m_config.caCertificatePem.toBase64();
        const QByteArray keyData = m_config.clientKeyPem.toBase64();
        QTest::newRow("user name") << "flotilla"
                                   << "kubernetes-admin"
                                   << "{.users[0].name}"
                                   << "kubernetes-admin";
        QTest::newRow("current context") << "flotilla"
                                         << "kubernetes-admin"
                                         << "{.current-context}"
                                         << "kubernetes-admin@flotilla";
        QTest::newRow("context cluster") << "flotilla"
                                         << "kubernetes-admin"
                                         << "{.contexts[0].context.cluster}"
                                         << "flotilla";
        QTest::newRow("server") << "flotilla"
                                << "kubernetes-admin"
                                << "{.clusters[0].cluster.server}"
                                << "https://127.0.0.1:6443";
        QTest::newRow("ca data") << "flotilla"
                                 << "kubernetes-admin"
                                 << "{.clusters[0].cluster.certificate-authority-data}"
                                 << QString::fromLatin1(caData);
        QTest::newRow("key data") << "flotilla"
                                  << "kubernetes-admin"
                                  << "{.users[0].user.client-key-data}"
                                  << QString::fromLatin1(keyData);
        QTest::newRow("yaml keywords as names") << "true"
                                                << "null"
                                                << "{.current-context}"
                                                << "null@true";
    }

    void kubectlReadsIt()
    {
        QFETCH(QString, clusterName);
        QFETCH(QString, userName);
        QFETCH(QString, jsonPath);
        QFETCH(QString, expected);
        const QString kubectl = QStringLiteral("/usr/bin/kubectl");
        if (!QFileInfo::exists(kubectl))
            QSKIP("kubectl is not installed at /usr/bin/kubectl");

        QTemporaryDir home;
        Kubeconfig config = m_config;
        config.clusterName = clusterName;
        config.userName = userName;
        const QString path = home.filePath(QStringLiteral("config"));
        QVERIFY(config.writeTo(path).ok());

        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HOME"), home.path());
        environment.remove(QStringLiteral("KUBECONFIG"));
        process.setProcessEnvironment(environment);
        process.start(kubectl, {QStringLiteral("config"), QStringLiteral("view"),
                                QStringLiteral("--raw"), QStringLiteral("--kubeconfig"), path,
                                QStringLiteral("-o"), QStringLiteral("jsonpath=") + jsonPath});
        QVERIFY(process.waitForFinished(60'000));
        const QByteArray errors = process.readAllStandardError();
        QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
                 errors.constData());
        QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()).trimmed(), expected);
    }
};

QTEST_GUILESS_MAIN(TestKubeconfig)
#include "tst_kubeconfig.moc"
