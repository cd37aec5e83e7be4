#pragma once

#include <QString>
#include <QStringList>

#include <chrono>

namespace flotilla::pki {

// What a certificate is for; decides basicConstraints, keyUsage and extendedKeyUsage.
enum class CertificateUsage {
    Ca,     // CA:TRUE, keyCertSign + cRLSign
    Server, // serverAuth, digitalSignature
    Client, // clientAuth, digitalSignature
};

// Everything that varies between the certificates Flotilla issues.
struct CertificateSpec
{
    CertificateUsage usage = CertificateUsage::Client;
    QString commonName;        // a Kubernetes user name for client certificates
    QStringList organizations; // Kubernetes groups for client certificates
    QStringList dnsNames;      // subjectAltName; only for servers
    QStringList ipAddresses;   // subjectAltName, textual IPv4/IPv6; only for servers
    std::chrono::seconds validity{0};
};

// kubeadm's periods: the CA for ten years, what it signs for one.
inline constexpr std::chrono::seconds kCaValidity = std::chrono::hours(24 * 365 * 10);
inline constexpr std::chrono::seconds kLeafValidity = std::chrono::hours(24 * 365);

} // namespace flotilla::pki
