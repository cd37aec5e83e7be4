#pragma once

#include "common/clock.h"
#include "common/result.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace flotilla {

namespace storage {
class ObjectStore;
}

// The whole control plane of one Flotilla instance, on the calling thread's event loop:
// PKI, object store, REST API with authentication, served over HTTPS.
//
// Start-up: data dir (0700) → PKI (CA, serving and admin certificates) → store (SQLite in
// the data dir, or --store) → default namespaces → HTTPS listener → admin kubeconfig
// written to <data dir>/admin.kubeconfig (0600) and the URL to <data dir>/apiserver.url.
class ControlPlane final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString dataDir;
        QString listen = QStringLiteral("127.0.0.1:6443"); // HOST:PORT; port 0 picks a free one
        QString storeUrl;                                  // empty: SQLite in the data dir
        QString tokenAuthFile;
        QStringList extraSubjectAltNames;
        const Clock *clock = &SystemClock::instance();
    };

    static Result<std::unique_ptr<ControlPlane>> start(const Options &options);
    ~ControlPlane() override;

    QString url() const;            // https://127.0.0.1:6443
    QString kubeconfigPath() const; // <data dir>/admin.kubeconfig
    quint16 port() const;
    storage::ObjectStore &store();

    // The admin kubeconfig of a data dir, for `flotilla kubeconfig` (no server needed).
    static Result<QByteArray> adminKubeconfig(const QString &dataDir);

private:
    ControlPlane();
    struct Parts;
    std::unique_ptr<Parts> m_parts;
};

} // namespace flotilla
