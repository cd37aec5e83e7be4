#include "support/postgresserver.h"

#include "support/freeport.h"

#include <QDir>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <pwd.h>
#include <unistd.h>

namespace flotilla::testsupport {

namespace {

QString findPostgresBinDir()
{
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &version : versions) {
        const QString bin = root.absoluteFilePath(version + QStringLiteral("/bin"));
        if (QFile::exists(bin + QStringLiteral("/initdb")))
            return bin;
    }
    return {};
}

} // namespace

Result<void> PostgresServer::run(const QString &program, const QStringList &arguments,
                                 int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    const QString binary = m_binDir + QLatin1Char('/') + program;
    if (m_asPostgresUser)
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                  QStringLiteral("--"), binary} +
                          arguments);
    else
        process.start(binary, arguments);
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("%1 failed: %2")
                         .arg(program, QString::fromLocal8Bit(process.readAll()))};
    }
    return {};
}

Result<std::unique_ptr<PostgresServer>> PostgresServer::start()
{
    std::unique_ptr<PostgresServer> server(new PostgresServer);
    server->m_binDir = findPostgresBinDir();
    if (server->m_binDir.isEmpty())
        return Error{
            ErrorCode::Unavailable,
            QStringLiteral("PostgreSQL server binaries not found under /usr/lib/postgresql; "
                           "run scripts/install-deps.sh")};
    if (!server->m_dir.isValid())
        return Error{ErrorCode::Unavailable, QStringLiteral("cannot create a temp dir")};

    if (geteuid() == 0) {
        const passwd *pw = getpwnam("postgres");
        if (!pw)
            return Error{ErrorCode::Unavailable,
                         QStringLiteral("running as root but there is no 'postgres' user to run "
                                        "PostgreSQL as")};
        if (chown(QFile::encodeName(server->m_dir.path()).constData(), pw->pw_uid, pw->pw_gid) != 0)
            return Error{ErrorCode::Unavailable,
                         QStringLiteral("cannot chown the PostgreSQL temp dir")};
        server->m_asPostgresUser = true;
    }

    const QString data = server->m_dir.path() + QStringLiteral("/data");
    if (auto r = server->run(QStringLiteral("initdb"),
                             {QStringLiteral("-D"), data, QStringLiteral("-U"),
                              QStringLiteral("flotilla"), QStringLiteral("--auth=trust"),
                              QStringLiteral("-E"), QStringLiteral("UTF8"),
                              QStringLiteral("--no-instructions")});
        !r)
        return r.error();

    // A couple of attempts: another process may grab the port we were given.
    for (int attempt = 0; attempt < 3; ++attempt) {
        server->m_port = freePort();
        const QString options =
            QStringLiteral("-c listen_addresses=127.0.0.1 -c port=%1 "
                           "-c unix_socket_directories=%2 -c max_connections=50")
                .arg(server->m_port)
                .arg(server->m_dir.path());
        auto started =
            server->run(QStringLiteral("pg_ctl"),
                        {QStringLiteral("-D"), data, QStringLiteral("-l"),
                         server->m_dir.path() + QStringLiteral("/server.log"), QStringLiteral("-w"),
                         QStringLiteral("-o"), options, QStringLiteral("start")});
        if (started) {
            server->m_running = true;
            return server;
        }
        if (attempt == 2)
            return started.error();
    }
    return Error{ErrorCode::Unavailable, QStringLiteral("PostgreSQL did not start")};
}

Result<storage::StoreConfig> PostgresServer::createDatabase(const QString &name)
{
    const QString connection =
        QStringLiteral("pg-admin-") + QUuid::createUuid().toString(QUuid::Id128);
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QStringLiteral("flotilla"));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name)))
                error = query.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!error.isEmpty())
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("creating database %1: %2").arg(name, error)};

    storage::StoreConfig config;
    config.backend = storage::StoreConfig::Backend::Postgres;
    config.host = QStringLiteral("127.0.0.1");
    config.port = m_port;
    config.user = QStringLiteral("flotilla");
    config.database = name;
    return config;
}

void PostgresServer::kill()
{
    if (!m_running)
        return;
    m_running = false;
    (void)run(QStringLiteral("pg_ctl"),
              {QStringLiteral("-D"), m_dir.path() + QStringLiteral("/data"), QStringLiteral("-m"),
               QStringLiteral("immediate"), QStringLiteral("stop")});
}

PostgresServer::~PostgresServer()
{
    kill();
}

} // namespace flotilla::testsupport
