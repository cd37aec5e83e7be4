#pragma once

#include <QString>

namespace flotilla::pki {

// Where the PKI lives under a data dir; the names follow kubeadm's /etc/kubernetes/pki.
struct PkiLayout
{
    QString directory; // <dataDir>/pki, mode 0700

    static PkiLayout inDataDir(const QString &dataDir);

    QString caCertificate() const;      // ca.crt
    QString caKey() const;              // ca.key
    QString servingCertificate() const; // apiserver.crt
    QString servingKey() const;         // apiserver.key
    QString adminCertificate() const;   // admin.crt
    QString adminKey() const;           // admin.key
};

} // namespace flotilla::pki
