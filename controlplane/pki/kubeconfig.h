#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace flotilla::pki {

// A kubeconfig with one cluster, one user (client certificate) and one context, all data
// embedded as base64 — what `kubeadm init` writes to admin.conf and kubectl reads as-is.
// The fixed structure is written by hand: every value is base64 or a quoted scalar, so no
// YAML library is needed.
struct Kubeconfig
{
    QString serverUrl; // https://127.0.0.1:6443
    QString clusterName;
    QString userName;
    QByteArray caCertificatePem;
    QByteArray clientCertificatePem;
    QByteArray clientKeyPem; // secret: this is why the file is written 0600

    // "<user>@<cluster>", kubeadm's context name.
    QString contextName() const;

    // The YAML text, or InvalidArgument when a field is empty or malformed.
    Result<QByteArray> toYaml() const;

    // toYaml() into `path`, replaced atomically and created with mode 0600.
    Result<void> writeTo(const QString &path) const;
};

} // namespace flotilla::pki
