#include "server/controlplane.h"

#include "api/http/httpserver.h"
#include "auth/authenticatinghandler.h"
#include "common/logging.h"
#include "pki/clusterpki.h"
#include "pki/kubeconfig.h"
#include "registry/resourceregistry.h"
#include "rest/apierror.h"
#include "rest/objectcache.h"
#include "rest/resourcestorage.h"
#include "rest/resthandler.h"
#include "storage/objectstore.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>

namespace flotilla {

struct ControlPlane::Parts
{
    QString dataDir;
    std::unique_ptr<storage::ObjectStore> store;
    std::unique_ptr<api::ObjectCache> cache;
    std::unique_ptr<api::ResourceStorage> resources;
    std::unique_ptr<api::RestHandler> rest;
    std::unique_ptr<api::AuthenticatingHandler> auth;
    std::unique_ptr<http::HttpServer> server;
    QString host;
};

namespace {

Result<std::pair<QString, quint16>> parseListen(const QString &listen)
{
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const int port = colon > 0 ? listen.mid(colon + 1).toInt(&ok) : -1;
    QString host = listen.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (!ok || port < 0 || port > 65535 || QHostAddress(host).isNull())
        return Error{
            ErrorCode::InvalidArgument,
            QStringLiteral("--listen %1 is not HOST:PORT with an IP address (e.g. 127.0.0.1:6443)")
                .arg(listen)};
    return std::make_pair(host, quint16(port));
}

Result<void> writePrivateFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(content);
    return {};
}

Result<QByteArray> kubeconfigFor(const pki::ClusterPki &pki, const QString &url)
{
    pki::Kubeconfig config;
    config.serverUrl = url;
    config.clusterName = QStringLiteral("flotilla");
    config.userName = QStringLiteral("kubernetes-admin");
    config.caCertificatePem = pki.caCertificatePem();
    config.clientCertificatePem = pki.adminKeyPair().certificatePem;
    config.clientKeyPem = pki.adminKeyPair().privateKeyPem;
    return config.toYaml();
}

} // namespace

ControlPlane::ControlPlane()
    : m_parts(std::make_unique<Parts>())
{}

ControlPlane::~ControlPlane()
{
    if (m_parts->server)
        m_parts->server->close();
    // Order matters: the server and handlers use the storage, which uses the store.
    m_parts->server.reset();
    m_parts->auth.reset();
    m_parts->rest.reset();
    m_parts->resources.reset();
    m_parts->cache.reset();
    m_parts->store.reset();
}

Result<std::unique_ptr<ControlPlane>> ControlPlane::start(const Options &options)
{
    std::unique_ptr<ControlPlane> plane(new ControlPlane);
    Parts &parts = *plane->m_parts;
    parts.dataDir = QDir(options.dataDir).absolutePath();
    if (!QDir().mkpath(parts.dataDir))
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("cannot create the data dir %1; choose another with --data-dir")
                         .arg(parts.dataDir)};
    QFile::setPermissions(parts.dataDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    const auto listen = parseListen(options.listen);
    if (!listen)
        return listen.error();
    parts.host = listen->first;

    std::optional<api::TokenFile> tokens;
    if (!options.tokenAuthFile.isEmpty()) {
        auto loaded = api::TokenFile::load(options.tokenAuthFile);
        if (!loaded)
            return loaded.error();
        tokens = std::move(*loaded);
    }

    storage::ObjectStore::Options storeOptions;
    storeOptions.clock = const_cast<Clock *>(options.clock);
    if (options.storeUrl.isEmpty()) {
        storeOptions.config = storage::StoreConfig::sqliteIn(parts.dataDir);
    } else {
        auto config = storage::StoreConfig::fromUrl(options.storeUrl);
        if (!config)
            return config.error();
        storeOptions.config = *config;
    }
    auto store = storage::ObjectStore::open(storeOptions);
    if (!store)
        return store.error();
    parts.store = std::move(*store);
    // The store first: a bad --store fails before any certificate is created.
    pki::ClusterPkiOptions pkiOptions;
    pkiOptions.dataDir = parts.dataDir;
    pkiOptions.extraSubjectAltNames = options.extraSubjectAltNames;
    if (!QHostAddress(parts.host).isLoopback() &&
        QHostAddress(parts.host) != QHostAddress::AnyIPv4 &&
        QHostAddress(parts.host) != QHostAddress::AnyIPv6)
        pkiOptions.extraSubjectAltNames << parts.host;
    auto pki = pki::ClusterPki::open(pkiOptions, *options.clock);
    if (!pki)
        return pki.error();

    parts.cache = std::make_unique<api::ObjectCache>(*parts.store);
    parts.resources =
        std::make_unique<api::ResourceStorage>(*parts.store, *parts.cache, *options.clock);

    const QSslCertificate serving(pki->servingKeyPair().certificatePem, QSsl::Pem);
    const QSslKey key(pki->servingKeyPair().privateKeyPem, QSsl::Ec, QSsl::Pem);
    const QList<QSslCertificate> clientCa =
        QSslCertificate::fromData(pki->caCertificatePem(), QSsl::Pem);
    if (serving.isNull() || key.isNull() || clientCa.isEmpty())
        return Error{
            ErrorCode::Internal,
            QStringLiteral("the generated certificates could not be loaded into Qt's TLS stack")};

    http::HttpServerOptions serverOptions;
    serverOptions.tls = http::HttpServer::tlsConfiguration({serving}, key, clientCa);
    // A LIST of 100,000 objects is a few hundred MB; it must not count as a stuck reader.
    serverOptions.maxPendingWriteBytes = 512LL * 1024 * 1024;
    // Agents, controllers and watch-heavy clients share few addresses (often loopback).
    serverOptions.maxConnectionsPerAddress = 4096;
    // Even a request rejected before it reaches the API gets a Status, as upstream does.
    serverOptions.errorResponse = [](int status, const QByteArray &reason) {
        const QString message = QString::fromUtf8(reason);
        api::ApiError error = status == 413   ? api::ApiError::tooLarge(message)
                              : status == 408 ? api::ApiError::timeout(message)
                                              : api::ApiError::badRequest(message);
        error.code = status;
        http::HttpResponse response(status, error.toJson());
        response.headers().set("Content-Type", "application/json");
        return response;
    };
    api::RestContext context{api::ResourceRegistry::builtin(), *parts.resources, QString(), 60'000,
                             16 * 1024 * 1024};
    // The address discovery reports is fixed once listening; a provisional one until then.
    context.serverAddress = options.listen;
    parts.rest = std::make_unique<api::RestHandler>(context);
    parts.auth = std::make_unique<api::AuthenticatingHandler>(*parts.rest, std::move(tokens));
    parts.server = std::make_unique<http::HttpServer>(*parts.auth, serverOptions);
    if (auto listening = parts.server->listen(QHostAddress(parts.host), listen->second); !listening)
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot listen on %1: %2; choose another address with --listen")
                         .arg(options.listen, listening.error().message)};

    // Namespaces every cluster starts with.
    const api::ResourceType &namespaces = *api::ResourceRegistry::builtin().find(
        QString(), QStringLiteral("v1"), QStringLiteral("namespaces"));
    for (const char *name : {"default", "kube-system", "kube-public", "kube-node-lease"})
        parts.resources->ensureExists(
            namespaces, {{QStringLiteral("metadata"),
                          QJsonObject{{QStringLiteral("name"), QLatin1String(name)}}}});

    auto kubeconfig = kubeconfigFor(*pki, plane->url());
    if (!kubeconfig)
        return kubeconfig.error();
    if (auto written = writePrivateFile(plane->kubeconfigPath(), *kubeconfig); !written)
        return written.error();
    if (auto written = writePrivateFile(
            QDir(parts.dataDir).filePath(QStringLiteral("apiserver.url")), plane->url().toUtf8());
        !written)
        return written.error();
    qCInfo(lcApp).noquote() << "API server listening on" << plane->url();
    return plane;
}

QString ControlPlane::url() const
{
    QString host = m_parts->host;
    if (QHostAddress(host) == QHostAddress::AnyIPv4)
        host = QStringLiteral("127.0.0.1");
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("https://%1:%2").arg(host).arg(port());
}

QString ControlPlane::kubeconfigPath() const
{
    return QDir(m_parts->dataDir).filePath(QStringLiteral("admin.kubeconfig"));
}

quint16 ControlPlane::port() const
{
    return m_parts->server ? m_parts->server->serverPort() : 0;
}

storage::ObjectStore &ControlPlane::store()
{
    return *m_parts->store;
}

Result<QByteArray> ControlPlane::adminKubeconfig(const QString &dataDir)
{
    const QString dir = QDir(dataDir).absolutePath();
    if (!QFile::exists(QDir(dir).filePath(QStringLiteral("pki/ca.crt"))))
        return Error{
            ErrorCode::NotFound,
            QStringLiteral(
                "no Flotilla cluster in %1; start one with flotilla --headless --data-dir %1")
                .arg(dir)};
    pki::ClusterPkiOptions pkiOptions;
    pkiOptions.dataDir = dir;
    auto pki = pki::ClusterPki::open(pkiOptions, SystemClock::instance());
    if (!pki)
        return pki.error();
    QFile urlFile(QDir(dir).filePath(QStringLiteral("apiserver.url")));
    QString url = QStringLiteral("https://127.0.0.1:6443");
    if (urlFile.open(QIODevice::ReadOnly))
        url = QString::fromUtf8(urlFile.readAll()).trimmed();
    return kubeconfigFor(*pki, url);
}

} // namespace flotilla
