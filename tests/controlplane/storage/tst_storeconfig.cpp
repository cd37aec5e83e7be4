#include "storage/storeconfig.h"

#include <QDir>
#include <QTest>

using namespace flotilla;
using namespace flotilla::storage;

class TestStoreConfig : public QObject
{
    Q_OBJECT

private slots:
    void postgresUrl()
    {
        auto config =
            StoreConfig::fromUrl(QStringLiteral("postgres://alice:s3cret@db.local:6543/cluster"));
        QVERIFY(config.ok());
        QCOMPARE(config->backend, StoreConfig::Backend::Postgres);
        QCOMPARE(config->host, QStringLiteral("db.local"));
        QCOMPARE(config->port, 6543);
        QCOMPARE(config->user, QStringLiteral("alice"));
        QCOMPARE(config->password, QStringLiteral("s3cret"));
        QCOMPARE(config->database, QStringLiteral("cluster"));
        QVERIFY(!config->redacted().contains(QStringLiteral("s3cret")));
        QCOMPARE(config->redacted(), QStringLiteral("postgres://alice:***@db.local:6543/cluster"));

        auto defaults = StoreConfig::fromUrl(QStringLiteral("postgresql://bob@127.0.0.1/k"));
        QVERIFY(defaults.ok());
        QCOMPARE(defaults->port, 5432);
    }

    void sqliteForms_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("path");
        QTest::newRow("absolute url") << "sqlite:///var/lib/f/state.db"
                                      << "/var/lib/f/state.db";
        QTest::newRow("bare absolute path") << "/tmp/x.db"
                                            << "/tmp/x.db";
        QTest::newRow("relative") << "sqlite:rel/x.db"
                                  << QDir::current().absoluteFilePath(QStringLiteral("rel/x.db"));
    }

    void sqliteForms()
    {
        QFETCH(QString, url);
        QFETCH(QString, path);
        auto config = StoreConfig::fromUrl(url);
        QVERIFY(config.ok());
        QCOMPARE(config->backend, StoreConfig::Backend::Sqlite);
        QCOMPARE(config->sqlitePath, path);
    }

    void badUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty") << ""
                               << "empty";
        QTest::newRow("scheme") << "mysql://u@h/db"
                                << "unknown scheme 'mysql'";
        QTest::newRow("no database") << "postgres://u@h/"
                                     << "one database";
        QTest::newRow("no host") << "postgres:///db"
                                 << "no host";
        QTest::newRow("sqlite without path") << "sqlite://"
                                             << "no SQLite file path";
    }

    void badUrls()
    {
        QFETCH(QString, url);
        QFETCH(QString, mentions);
        auto config = StoreConfig::fromUrl(url);
        QVERIFY(!config.ok());
        QCOMPARE(config.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(config.error().message.contains(mentions), qPrintable(config.error().message));
    }
};

QTEST_GUILESS_MAIN(TestStoreConfig)
#include "tst_storeconfig.moc"
