#pragma once

#include "common/result.h"
#include "storage/storeconfig.h"
#include "storage/storeevent.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <memory>

namespace flotilla::storage {

// The revision log in SQL, through one Qt Sql connection. Synchronous and not
// thread-safe: it is created, used and destroyed on the store's commit thread
// (a Qt Sql connection belongs to the thread that opened it).
class SqlLog final
{
public:
    ~SqlLog();
    SqlLog(const SqlLog &) = delete;
    SqlLog &operator=(const SqlLog &) = delete;

    // Opens (creating or migrating the schema as needed) and, for SQLite, switches to
    // WAL with synchronous=FULL so that a committed transaction survives power loss.
    static Result<std::unique_ptr<SqlLog>> open(const StoreConfig &config);

    struct Loaded
    {
        qint64 compactRevision = 0;
    };
    // Streams every row in revision order, in chunks, so memory stays flat.
    Result<Loaded> load(const std::function<void(StoreEvent &&)> &visit);

    // Appends the events in one transaction; returns only once it is durably committed.
    // `commitUncertain` is set when COMMIT itself failed: the outcome is then unknown.
    Result<void> append(const StoreEvents &events, bool *commitUncertain);

    // Drops rows superseded at or before `revision` and tombstones at or before it, and
    // records the new compact revision, in one transaction.
    Result<qint64> compact(qint64 revision);

    const StoreConfig &config() const { return m_config; }

private:
    explicit SqlLog(StoreConfig config, QString connectionName);
    QSqlQuery &insertQuery(qsizetype rows);
    Error failure(const QString &what, const QString &detail) const;

    StoreConfig m_config;
    QString m_connectionName;
    QSqlDatabase m_db;
    QHash<qsizetype, QSqlQuery> m_insertQueries; // prepared multi-row INSERTs by row count
};

} // namespace flotilla::storage
