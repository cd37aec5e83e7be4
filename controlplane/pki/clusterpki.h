#pragma once

#include "common/clock.h"
#include "common/result.h"
#include "pki/certificate.h"
#include "pki/certificateauthority.h"
#include "pki/keypairpem.h"
#include "pki/pkilayout.h"
#include "pki/subjectaltnames.h"

#include <QString>
#include <QStringList>

#include <chrono>

namespace flotilla::pki {

struct ClusterPkiOptions
{
    QString dataDir; // the PKI lives in <dataDir>/pki
    // More names for the API server's certificate, each an IP address or a DNS name
    // (a load balancer, a public address): kubeadm's --apiserver-cert-extra-sans.
    QStringList extraSubjectAltNames;
    // For the in-cluster names kubernetes.default.svc.<clusterDomain>.
    QString clusterDomain = QStringLiteral("cluster.local");
    QString adminUser = QStringLiteral("kubernetes-admin");
    QStringList adminGroups = {QStringLiteral("system:masters")};
};

// The control plane's certificates, as kubeadm lays them out: a cluster CA, the API
// server's serving certificate and the admin's client certificate, all under
// <dataDir>/pki. open() creates what is missing and reuses what is there; the only
// certificates it ever replaces are the serving and admin ones, and only when they no
// longer fit (a name not covered, other user/groups, less than 30 days left), keeping
// their keys. Anything unreadable or inconsistent is an Error naming the file and the fix.
class ClusterPki
{
public:
    // `clock` must outlive the ClusterPki (it dates the certificates issued later).
    static Result<ClusterPki> open(const ClusterPkiOptions &options, const Clock &clock);

    const PkiLayout &layout() const { return m_layout; }
    const CertificateAuthority &certificateAuthority() const { return m_ca; }
    QByteArray caCertificatePem() const { return m_ca.certificate().toPem(); }

    // "sha256:<64 hex>", kubeadm's --discovery-token-ca-cert-hash format.
    QString caCertHash() const { return m_ca.certHash(); }

    // The names the API server's certificate must cover (this host plus the extras).
    const SubjectAltNames &servingNames() const { return m_servingNames; }
    const Certificate &servingCertificate() const { return m_servingCertificate; }
    const KeyPairPem &servingKeyPair() const { return m_servingPem; }
    const Certificate &adminCertificate() const { return m_adminCertificate; }
    const KeyPairPem &adminKeyPair() const { return m_adminPem; }

    // A new key and a client certificate for `user` in `groups` (Kubernetes reads CN as
    // the user and O as the groups). Nothing is written to disk or logged but the subject.
    Result<KeyPairPem> issueClientCertificate(const QString &user, const QStringList &groups,
                                              std::chrono::seconds validity) const;

    // What open() did, one line each ("created …", "reissued … because …"); empty when
    // it reused everything. Also logged to flotilla.controlplane.pki.
    const QStringList &changes() const { return m_changes; }

    // A certificate is reissued when it has less than this left.
    static constexpr std::chrono::seconds kRenewBefore = std::chrono::hours(24 * 30);

private:
    ClusterPki(PkiLayout layout, CertificateAuthority ca, const Clock &clock)
        : m_layout(std::move(layout))
        , m_ca(std::move(ca))
        , m_clock(&clock)
    {}

    PkiLayout m_layout;
    CertificateAuthority m_ca;
    const Clock *m_clock;
    SubjectAltNames m_servingNames;
    Certificate m_servingCertificate{nullptr};
    KeyPairPem m_servingPem;
    Certificate m_adminCertificate{nullptr};
    KeyPairPem m_adminPem;
    QStringList m_changes;
};

} // namespace flotilla::pki
