#pragma once

#include "common/result.h"
#include "storage/storeconfig.h"
#include "support/postgresserver.h"

#include <QTemporaryDir>

#include <memory>

namespace flotilla::testsupport {

// Hands out fresh, empty store locations on the backend chosen by the environment
// variable FLOTILLA_TEST_STORE ("sqlite", the default, or "postgres"), so one store
// test suite runs unchanged against both. PostgreSQL is started on first use.
class StoreFixture final
{
public:
    StoreFixture();

    storage::StoreConfig::Backend backend() const { return m_backend; }
    QString backendName() const;

    // A new empty store location; each call returns a different one.
    Result<storage::StoreConfig> freshStore();
    PostgresServer *postgres() const { return m_postgres.get(); }

private:
    storage::StoreConfig::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<PostgresServer> m_postgres;
    int m_counter = 0;
};

} // namespace flotilla::testsupport
