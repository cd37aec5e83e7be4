#pragma once

#include "common/result.h"
#include "storage/storeconfig.h"

#include <QSqlDatabase>

namespace flotilla::storage {

// The on-disk format of the revision log and the migrations between its versions.
//
// A store is recognised by its `flotilla_meta` table (format name + schema version).
// Opening refuses, with a clear error, a database that holds other tables but no such
// marker (a foreign database), and one whose schema is newer than this binary knows,
// rather than resetting or half-upgrading it.
namespace schema {

inline constexpr int kCurrentVersion = 1;
inline constexpr auto kFormatName = "flotilla-object-log";
inline constexpr auto kLogTable = "object_log";
inline constexpr auto kMetaTable = "flotilla_meta";

// Creates or migrates the schema in `db` to kCurrentVersion, all in one transaction.
Result<void> ensureCurrent(QSqlDatabase &db, StoreConfig::Backend backend,
                           const QString &description);

Result<QString> readMeta(QSqlDatabase &db, const QString &name);
// Writes a meta row inside the caller's transaction.
Result<void> writeMeta(QSqlDatabase &db, const QString &name, const QString &value);

} // namespace schema
} // namespace flotilla::storage
