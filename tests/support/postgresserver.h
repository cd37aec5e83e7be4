#pragma once

#include "common/result.h"
#include "storage/storeconfig.h"

#include <QTemporaryDir>

#include <memory>

namespace flotilla::testsupport {

// A real PostgreSQL server for one test run: initdb into a temp dir, started on a free
// loopback port, stopped and deleted on destruction. As root it runs the server as the
// `postgres` system user, since PostgreSQL refuses to run as root.
class PostgresServer final
{
public:
    static Result<std::unique_ptr<PostgresServer>> start();
    ~PostgresServer();

    // Creates an empty database and returns a store config pointing at it.
    Result<storage::StoreConfig> createDatabase(const QString &name);
    quint16 port() const { return m_port; }

    // Stops the server abruptly (for failure tests); the destructor copes with it.
    void kill();

private:
    PostgresServer() = default;
    Result<void> run(const QString &program, const QStringList &arguments, int timeoutMs = 60000);

    QTemporaryDir m_dir;
    QString m_binDir;
    quint16 m_port = 0;
    bool m_asPostgresUser = false;
    bool m_running = false;
};

} // namespace flotilla::testsupport
