#include "support/storefixture.h"

#include <QDir>

namespace flotilla::testsupport {

StoreFixture::StoreFixture()
    : m_backend(qEnvironmentVariable("FLOTILLA_TEST_STORE") == QLatin1String("postgres")
                    ? storage::StoreConfig::Backend::Postgres
                    : storage::StoreConfig::Backend::Sqlite)
{}

QString StoreFixture::backendName() const
{
    return m_backend == storage::StoreConfig::Backend::Postgres ? QStringLiteral("postgres")
                                                                : QStringLiteral("sqlite");
}

Result<storage::StoreConfig> StoreFixture::freshStore()
{
    ++m_counter;
    if (m_backend == storage::StoreConfig::Backend::Sqlite)
        return storage::StoreConfig::fromUrl(
            m_dir.filePath(QStringLiteral("store-%1.db").arg(m_counter)));
    if (!m_postgres) {
        auto server = PostgresServer::start();
        if (!server)
            return server.error();
        m_postgres = std::move(*server);
    }
    return m_postgres->createDatabase(QStringLiteral("store_%1").arg(m_counter));
}

} // namespace flotilla::testsupport
