#include "storage/schema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <functional>

namespace flotilla::storage::schema {

namespace {

using Backend = StoreConfig::Backend;

struct Migration
{
    int toVersion;
    // SQL per backend; the dialects differ only in column types.
    std::function<QStringList(Backend)> statements;
};

QStringList version1(Backend backend)
{
    const bool pg = backend == Backend::Postgres;
    const QString integer = pg ? QStringLiteral("BIGINT") : QStringLiteral("INTEGER");
    const QString blob = pg ? QStringLiteral("BYTEA") : QStringLiteral("BLOB");
    // kine's layout minus old_value: the superseded row stays in the log until
    // compaction, so the previous value is always recoverable from it.
    return {
        QStringLiteral("CREATE TABLE object_log ("
                       " id %1 PRIMARY KEY,"
                       " name TEXT NOT NULL,"
                       " created SMALLINT NOT NULL,"
                       " deleted SMALLINT NOT NULL,"
                       " create_revision %1 NOT NULL,"
                       " prev_revision %1 NOT NULL,"
                       " lease %1 NOT NULL DEFAULT 0,"
                       " value %2,"
                       " mod_time %1 NOT NULL)")
            .arg(integer, blob),
        QStringLiteral("CREATE TABLE flotilla_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("INSERT INTO flotilla_meta (name, value) VALUES ('format', '%1')")
            .arg(QLatin1String(kFormatName)),
        QStringLiteral("INSERT INTO flotilla_meta (name, value) VALUES ('schema_version', '0')"),
        QStringLiteral("INSERT INTO flotilla_meta (name, value) VALUES ('compact_revision', '0')"),
    };
}

const QList<Migration> &migrations()
{
    static const QList<Migration> all = {
        {1, version1},
    };
    return all;
}

Error sqlError(const QString &what, const QSqlError &error, const QString &description)
{
    return Error{ErrorCode::Unavailable,
                 QStringLiteral("%1 in %2 failed: %3").arg(what, description, error.text())};
}

} // namespace

Result<QString> readMeta(QSqlDatabase &db, const QString &name)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT value FROM flotilla_meta WHERE name = ?"));
    query.addBindValue(name);
    if (!query.exec())
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("reading store metadata '%1' failed: %2")
                         .arg(name, query.lastError().text())};
    if (!query.next())
        return Error{ErrorCode::NotFound,
                     QStringLiteral("store metadata '%1' is missing").arg(name)};
    return query.value(0).toString();
}

Result<void> writeMeta(QSqlDatabase &db, const QString &name, const QString &value)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE flotilla_meta SET value = ? WHERE name = ?"));
    query.addBindValue(value);
    query.addBindValue(name);
    if (!query.exec())
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("writing store metadata '%1' failed: %2")
                         .arg(name, query.lastError().text())};
    return {};
}

Result<void> ensureCurrent(QSqlDatabase &db, Backend backend, const QString &description)
{
    // Listing the tables is the first real read: for SQLite it is where a file that is
    // not a database at all is detected.
    QSqlQuery probe(db);
    const QString listTables =
        backend == Backend::Postgres
            ? QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'");
    if (!probe.exec(listTables))
        return Error{ErrorCode::Corrupt,
                     QStringLiteral("%1 is not a readable database (%2); move it away or point "
                                    "--data-dir/--store elsewhere")
                         .arg(description, probe.lastError().text())};
    QStringList tables;
    while (probe.next())
        tables << probe.value(0).toString();

    int version = 0;
    if (!tables.isEmpty()) {
        if (!tables.contains(QLatin1String(kMetaTable))) {
            return Error{ErrorCode::Corrupt,
                         QStringLiteral("%1 is not a Flotilla store (it holds tables %2); point "
                                        "--data-dir/--store at an empty location")
                             .arg(description, tables.join(QStringLiteral(", ")))};
        }
        const auto format = readMeta(db, QStringLiteral("format"));
        if (!format.ok() || *format != QLatin1String(kFormatName))
            return Error{ErrorCode::Corrupt,
                         QStringLiteral("%1 has a flotilla_meta table but not the format marker "
                                        "'%2'; it was not written by Flotilla")
                             .arg(description, QLatin1String(kFormatName))};
        const auto versionText = readMeta(db, QStringLiteral("schema_version"));
        bool parsed = false;
        version = versionText.ok() ? versionText->toInt(&parsed) : 0;
        if (!parsed || version < 0)
            return Error{ErrorCode::Corrupt,
                         QStringLiteral("%1 has an unreadable schema version").arg(description)};
        if (version > kCurrentVersion)
            return Error{ErrorCode::Corrupt,
                         QStringLiteral("%1 uses store schema %2, newer than this Flotilla "
                                        "understands (%3); run a newer Flotilla")
                             .arg(description)
                             .arg(version)
                             .arg(kCurrentVersion)};
    }
    if (version == kCurrentVersion)
        return {};

    if (!db.transaction())
        return sqlError(QStringLiteral("starting the schema migration"), db.lastError(),
                        description);
    for (const Migration &migration : migrations()) {
        if (migration.toVersion <= version)
            continue;
        for (const QString &statement : migration.statements(backend)) {
            QSqlQuery query(db);
            if (!query.exec(statement)) {
                const QSqlError error = query.lastError();
                db.rollback();
                return sqlError(
                    QStringLiteral("migrating to store schema %1").arg(migration.toVersion), error,
                    description);
            }
        }
        if (auto written = writeMeta(db, QStringLiteral("schema_version"),
                                     QString::number(migration.toVersion));
            !written) {
            db.rollback();
            return written.error();
        }
    }
    if (!db.commit())
        return sqlError(QStringLiteral("committing the schema migration"), db.lastError(),
                        description);
    return {};
}

} // namespace flotilla::storage::schema
