#include "storage/sqllog.h"

#include "common/logging.h"
#include "storage/schema.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>

namespace flotilla::storage {

namespace {

// Rows per INSERT statement: one round trip for many rows matters on PostgreSQL and
// saves statement overhead on SQLite. 8 parameters a row stays far below both limits.
constexpr qsizetype kRowsPerInsert = 64;
constexpr qsizetype kRowsPerLoadChunk = 4096;

// Keeps PostgreSQL from running two writers on one database: both would assign the
// same revisions. Held by the session for as long as the store is open.
constexpr qint64 kWriterLockKey = 0x466c6f74696c6c61; // "Flotilla"

QString nextConnectionName()
{
    static QAtomicInteger<int> counter;
    return QStringLiteral("flotilla-store-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

SqlLog::SqlLog(StoreConfig config, QString connectionName)
    : m_config(std::move(config))
    , m_connectionName(std::move(connectionName))
{}

SqlLog::~SqlLog()
{
    m_insertQueries.clear();
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Error SqlLog::failure(const QString &what, const QString &detail) const
{
    return Error{ErrorCode::Unavailable,
                 QStringLiteral("%1 in %2 failed: %3").arg(what, m_config.redacted(), detail)};
}

Result<std::unique_ptr<SqlLog>> SqlLog::open(const StoreConfig &config)
{
    const bool pg = config.backend == StoreConfig::Backend::Postgres;
    const QString driver = pg ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
    if (!QSqlDatabase::isDriverAvailable(driver))
        return Error{
            ErrorCode::Unavailable,
            QStringLiteral("the Qt SQL driver %1 is not installed (Debian: apt-get install "
                           "%2)")
                .arg(driver,
                     pg ? QStringLiteral("libqt6sql6-psql") : QStringLiteral("libqt6sql6-sqlite"))};

    if (!pg) {
        const QFileInfo file(config.sqlitePath);
        if (file.exists() && !file.isFile())
            return Error{
                ErrorCode::InvalidArgument,
                QStringLiteral("store path %1 exists but is not a file").arg(config.sqlitePath)};
        if (!file.dir().exists())
            return Error{ErrorCode::InvalidArgument,
                         QStringLiteral("directory %1 for the store does not exist")
                             .arg(file.absolutePath())};
    }

    std::unique_ptr<SqlLog> log(new SqlLog(config, nextConnectionName()));
    log->m_db = QSqlDatabase::addDatabase(driver, log->m_connectionName);
    if (pg) {
        log->m_db.setHostName(config.host);
        log->m_db.setPort(config.port);
        log->m_db.setUserName(config.user);
        log->m_db.setPassword(config.password);
        log->m_db.setDatabaseName(config.database);
        log->m_db.setConnectOptions(QStringLiteral("connect_timeout=10"));
    } else {
        log->m_db.setDatabaseName(config.sqlitePath);
        log->m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=1000"));
    }
    if (!log->m_db.open())
        return log->failure(QStringLiteral("opening the store"), log->m_db.lastError().text());

    QSqlQuery setup(log->m_db);
    if (pg) {
        if (!setup.exec(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(kWriterLockKey)) ||
            !setup.next())
            return log->failure(QStringLiteral("taking the writer lock"), setup.lastError().text());
        if (!setup.value(0).toBool())
            return Error{ErrorCode::Unavailable,
                         QStringLiteral("another Flotilla control plane is already writing to %1; "
                                        "stop it or use another database")
                             .arg(config.redacted())};
    } else {
        // This process is the file's only user: exclusive locking keeps a second
        // control plane out (as the advisory lock does on PostgreSQL) and spares the
        // shared-memory WAL index bookkeeping on every transaction.
        if (!setup.exec(QStringLiteral("PRAGMA locking_mode=EXCLUSIVE")))
            return log->failure(QStringLiteral("locking the store"), setup.lastError().text());
        // A read first: a file that is not a database fails here, before anything
        // could write to it (switching to WAL rewrites the header).
        if (!setup.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
            if (setup.lastError().nativeErrorCode() == QLatin1String("5")) // SQLITE_BUSY
                return Error{ErrorCode::Unavailable,
                             QStringLiteral("another Flotilla control plane is using %1; stop it "
                                            "or choose another --data-dir/--store")
                                 .arg(config.sqlitePath)};
            return Error{ErrorCode::Corrupt,
                         QStringLiteral("%1 is not a usable SQLite database (%2); move it away "
                                        "or point --data-dir/--store elsewhere")
                             .arg(config.sqlitePath, setup.lastError().text())};
        }
    }

    // Refuses foreign and newer stores before this process changes anything in them.
    if (auto current = schema::ensureCurrent(log->m_db, config.backend, config.redacted());
        !current)
        return current.error();

    if (!pg) {
        if (!setup.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !setup.next() ||
            setup.value(0).toString() != QLatin1String("wal"))
            return log->failure(QStringLiteral("enabling write-ahead logging"),
                                setup.lastError().text());
        if (!setup.exec(QStringLiteral("PRAGMA synchronous=FULL")))
            return log->failure(QStringLiteral("enabling synchronous commits"),
                                setup.lastError().text());
    }
    return log;
}
Result<SqlLog::Loaded> SqlLog::load(const std::function<void(StoreEvent &&)> &visit)
{
    Loaded loaded;
    const auto compact = schema::readMeta(m_db, QStringLiteral("compact_revision"));
    if (!compact)
        return compact.error();
    bool parsed = false;
    loaded.compactRevision = compact->toLongLong(&parsed);
    if (!parsed)
        return Error{
            ErrorCode::Corrupt,
            QStringLiteral("%1 has an unreadable compact revision").arg(m_config.redacted())};

    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, name, created, deleted, create_revision, "
                                 "prev_revision, value, mod_time FROM object_log "
                                 "WHERE id > ? ORDER BY id LIMIT %1")
                      .arg(kRowsPerLoadChunk));
    qint64 after = 0;
    for (;;) {
        query.bindValue(0, after);
        if (!query.exec())
            return Error{ErrorCode::Corrupt,
                         QStringLiteral("reading the revision log of %1 failed: %2")
                             .arg(m_config.redacted(), query.lastError().text())};
        qsizetype rows = 0;
        while (query.next()) {
            StoreEvent event;
            event.revision = query.value(0).toLongLong();
            event.key = query.value(1).toString().toUtf8();
            event.created = query.value(2).toInt() != 0;
            event.deleted = query.value(3).toInt() != 0;
            event.createRevision = query.value(4).toLongLong();
            event.prevRevision = query.value(5).toLongLong();
            event.value = query.value(6).toByteArray();
            event.modTimeMs = query.value(7).toLongLong();
            after = event.revision;
            ++rows;
            visit(std::move(event));
        }
        if (query.lastError().isValid())
            return Error{ErrorCode::Corrupt,
                         QStringLiteral("reading the revision log of %1 failed: %2")
                             .arg(m_config.redacted(), query.lastError().text())};
        if (rows < kRowsPerLoadChunk)
            break;
    }
    return loaded;
}

QSqlQuery &SqlLog::insertQuery(qsizetype rows)
{
    auto it = m_insertQueries.find(rows);
    if (it != m_insertQueries.end())
        return *it;
    QString sql = QStringLiteral("INSERT INTO object_log (id, name, created, deleted, "
                                 "create_revision, prev_revision, value, mod_time) VALUES ");
    for (qsizetype i = 0; i < rows; ++i)
        sql += (i ? QStringLiteral(",(?,?,?,?,?,?,?,?)") : QStringLiteral("(?,?,?,?,?,?,?,?)"));
    QSqlQuery query(m_db);
    query.prepare(sql);
    return *m_insertQueries.insert(rows, std::move(query));
}

Result<void> SqlLog::append(const StoreEvents &events, bool *commitUncertain)
{
    *commitUncertain = false;
    if (events.isEmpty())
        return {};
    if (!m_db.transaction())
        return failure(QStringLiteral("starting a transaction"), m_db.lastError().text());

    for (qsizetype start = 0; start < events.size(); start += kRowsPerInsert) {
        const qsizetype rows = std::min(kRowsPerInsert, events.size() - start);
        QSqlQuery &query = insertQuery(rows);
        int param = 0;
        for (qsizetype i = start; i < start + rows; ++i) {
            const StoreEvent &event = events[i];
            query.bindValue(param++, event.revision);
            query.bindValue(param++, QString::fromUtf8(event.key));
            query.bindValue(param++, event.created ? 1 : 0);
            query.bindValue(param++, event.deleted ? 1 : 0);
            query.bindValue(param++, event.createRevision);
            query.bindValue(param++, event.prevRevision);
            query.bindValue(param++, event.value);
            query.bindValue(param++, event.modTimeMs);
        }
        if (!query.exec()) {
            const QString detail = query.lastError().text();
            m_db.rollback();
            return failure(QStringLiteral("appending to the revision log"), detail);
        }
    }
    if (!m_db.commit()) {
        *commitUncertain = true;
        const QString detail = m_db.lastError().text();
        m_db.rollback();
        return failure(QStringLiteral("committing to the revision log"), detail);
    }
    return {};
}

Result<qint64> SqlLog::compact(qint64 revision)
{
    if (!m_db.transaction())
        return failure(QStringLiteral("starting compaction"), m_db.lastError().text());
    const QString rev = QString::number(revision);
    const QStringList statements = {
        // Rows superseded by a write at or before the compact revision…
        QStringLiteral("DELETE FROM object_log WHERE id IN (SELECT prev_revision FROM object_log "
                       "WHERE id <= %1 AND prev_revision > 0)")
            .arg(rev),
        // …and tombstones at or before it: nobody can ask for them any more.
        QStringLiteral("DELETE FROM object_log WHERE id <= %1 AND deleted = 1").arg(rev),
    };
    for (const QString &statement : statements) {
        QSqlQuery query(m_db);
        if (!query.exec(statement)) {
            const QString detail = query.lastError().text();
            m_db.rollback();
            return failure(QStringLiteral("compacting the revision log"), detail);
        }
    }
    if (auto written = schema::writeMeta(m_db, QStringLiteral("compact_revision"), rev); !written) {
        m_db.rollback();
        return written.error();
    }
    if (!m_db.commit())
        return failure(QStringLiteral("committing compaction"), m_db.lastError().text());
    return revision;
}

} // namespace flotilla::storage
