#include "storage/storeconfig.h"

#include <QDir>
#include <QUrl>

namespace flotilla::storage {

namespace {

Error badUrl(const QString &why)
{
    return Error{ErrorCode::InvalidArgument,
                 QStringLiteral("invalid --store URL: %1; expected "
                                "postgres://USER:PASSWORD@HOST:PORT/DATABASE or sqlite:///PATH")
                     .arg(why)};
}

} // namespace

Result<StoreConfig> StoreConfig::fromUrl(const QString &url)
{
    if (url.trimmed().isEmpty())
        return badUrl(QStringLiteral("it is empty"));

    if (url.startsWith(QLatin1String("postgres://")) ||
        url.startsWith(QLatin1String("postgresql://"))) {
        const QUrl parsed(url, QUrl::StrictMode);
        if (!parsed.isValid())
            return badUrl(parsed.errorString());
        StoreConfig config;
        config.backend = Backend::Postgres;
        config.host = parsed.host();
        config.port = parsed.port(5432);
        config.user = parsed.userName();
        config.password = parsed.password();
        config.database = parsed.path().mid(1);
        if (config.host.isEmpty())
            return badUrl(QStringLiteral("no host"));
        if (config.database.isEmpty() || config.database.contains(QLatin1Char('/')))
            return badUrl(QStringLiteral("the path must name one database"));
        if (config.port <= 0 || config.port > 65535)
            return badUrl(QStringLiteral("port out of range"));
        return config;
    }

    QString path = url;
    if (url.startsWith(QLatin1String("sqlite://")))
        path = url.mid(9);
    else if (url.startsWith(QLatin1String("sqlite:")))
        path = url.mid(7);
    else if (url.contains(QLatin1String("://")))
        return badUrl(
            QStringLiteral("unknown scheme '%1'").arg(url.section(QLatin1Char(':'), 0, 0)));
    if (path.isEmpty())
        return badUrl(QStringLiteral("no SQLite file path"));

    StoreConfig config;
    config.sqlitePath = QDir::cleanPath(QDir::current().absoluteFilePath(path));
    return config;
}

StoreConfig StoreConfig::sqliteIn(const QString &dataDir)
{
    StoreConfig config;
    config.sqlitePath = QDir(dataDir).absoluteFilePath(QStringLiteral("state.db"));
    return config;
}

QString StoreConfig::redacted() const
{
    if (backend == Backend::Sqlite)
        return QStringLiteral("sqlite://") + sqlitePath;
    QString credentials;
    if (!user.isEmpty())
        credentials = password.isEmpty() ? QString(user + QLatin1Char('@'))
                                         : QString(user + QStringLiteral(":***@"));
    return QStringLiteral("postgres://%1%2:%3/%4").arg(credentials, host).arg(port).arg(database);
}

} // namespace flotilla::storage
