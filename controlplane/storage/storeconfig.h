#pragma once

#include "common/result.h"

#include <QString>

namespace flotilla::storage {

// Where the revision log lives. Parsed from `--store` (or the data dir default).
struct StoreConfig
{
    enum class Backend { Sqlite, Postgres };

    Backend backend = Backend::Sqlite;
    QString sqlitePath;

    QString host;
    int port = 5432;
    QString user;
    QString password; // never logged: see redacted()
    QString database;

    // `postgres://user:pass@host:port/db`, `postgresql://…`, `sqlite:///abs/path`,
    // `sqlite:relative/path`, or a bare file path (SQLite).
    static Result<StoreConfig> fromUrl(const QString &url);
    static StoreConfig sqliteIn(const QString &dataDir);

    // A description safe for logs and error messages: the password is replaced.
    QString redacted() const;
};

} // namespace flotilla::storage
