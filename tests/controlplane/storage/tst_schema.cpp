// Opening refuses what it must not touch: non-database files, foreign databases,
// schemas from a newer Flotilla, and damaged files, each with a clear error and
// without modifying the file.
#include "storetesthelpers.h"

#include <QCryptographicHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace flotilla;
using namespace flotilla::storage;

namespace {

Result<std::unique_ptr<ObjectStore>> openAt(const QString &path)
{
    ObjectStore::Options options;
    options.config = *StoreConfig::fromUrl(path);
    options.compaction.intervalMs = 0;
    return ObjectStore::open(options);
}

QByteArray digestOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

void runSql(const QString &path, const QStringList &statements)
{
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        for (const QString &statement : statements) {
            QSqlQuery query(db);
            QVERIFY2(query.exec(statement), qPrintable(statement));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
}

} // namespace

class TestSchema : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void freshFileGetsCurrentSchema()
    {
        const QString path = m_dir.filePath(QStringLiteral("fresh.db"));
        {
            auto store = openAt(path);
            QVERIFY2(store.ok(), qPrintable(store.error().toString()));
            QVERIFY(createKey(**store, "/a", "1").ok());
        }
        auto again = openAt(path);
        QVERIFY(again.ok());
        QCOMPARE((*again)->get("/a")->value, QByteArray("1"));
    }

    void notADatabase()
    {
        const QString path = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray("these are my notes, not a database\n").repeated(200));
        file.close();
        const QByteArray before = digestOf(path);

        auto store = openAt(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code, ErrorCode::Corrupt);
        QVERIFY2(store.error().message.contains(path), qPrintable(store.error().message));
        QCOMPARE(digestOf(path), before);
    }

    void foreignDatabase()
    {
        const QString path = m_dir.filePath(QStringLiteral("foreign.db"));
        runSql(path, {QStringLiteral("CREATE TABLE users (id INTEGER, name TEXT)"),
                      QStringLiteral("INSERT INTO users VALUES (1, 'ada')")});
        const QByteArray before = digestOf(path);
        auto store = openAt(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code, ErrorCode::Corrupt);
        QVERIFY2(store.error().message.contains(QStringLiteral("not a Flotilla store")),
                 qPrintable(store.error().message));
        QVERIFY(store.error().message.contains(QStringLiteral("users")));
        QCOMPARE(digestOf(path), before);
    }

    void newerSchemaIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("future.db"));
        {
            auto store = openAt(path);
            QVERIFY(store.ok());
        }
        runSql(path, {QStringLiteral(
                         "UPDATE flotilla_meta SET value = '99' WHERE name = 'schema_version'")});
        auto store = openAt(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code, ErrorCode::Corrupt);
        QVERIFY2(store.error().message.contains(QStringLiteral("newer")),
                 qPrintable(store.error().message));
        QVERIFY(store.error().message.contains(QStringLiteral("99")));
    }

    void damagedFileIsReportedNotReset()
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged.db"));
        {
            auto store = openAt(path);
            QVERIFY(store.ok());
            for (int i = 0; i < 300; ++i)
                (*store)->create("/d/" + QByteArray::number(i), QByteArray(3000, 'v'),
                                 [](auto &) {});
            QTRY_COMPARE_WITH_TIMEOUT((*store)->size(), 300, 30000);
        }
        // Fold the WAL into the main file, then overwrite pages in the middle of it.
        runSql(path, {QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")});
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 size = file.size();
        QVERIFY(size > 200'000);
        file.seek(size / 2);
        file.write(QByteArray(64 * 1024, '\xA5'));
        file.close();

        auto store = openAt(path);
        QVERIFY(!store.ok());
        QVERIFY2(store.error().code == ErrorCode::Corrupt, qPrintable(store.error().toString()));
    }

    void unusableLocations()
    {
        auto missingDir = openAt(m_dir.filePath(QStringLiteral("no/such/dir/x.db")));
        QCOMPARE(missingDir.error().code, ErrorCode::InvalidArgument);
        QVERIFY(missingDir.error().message.contains(QStringLiteral("does not exist")));
        auto directory = openAt(m_dir.path());
        QCOMPARE(directory.error().code, ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
