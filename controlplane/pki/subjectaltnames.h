#pragma once

#include "common/result.h"
#include "pki/certificate.h"

#include <QStringList>

namespace flotilla::pki {

// The names a serving certificate is valid for, normalised so that two sets compare
// meaningfully: DNS names in lower case, IP addresses in canonical text form (Qt's),
// no duplicates, in first-seen order.
struct SubjectAltNames
{
    QStringList dnsNames;
    QStringList ipAddresses;

    // Sorts each entry into IP or DNS name, as kubeadm's --apiserver-cert-extra-sans
    // does. An entry that is neither (spaces, empty labels, …) is an InvalidArgument.
    static Result<SubjectAltNames> parse(const QStringList &names);

    // localhost, 127.0.0.1, ::1, the host name, and every address of every interface
    // that is up, except loopback and link-local ones (those are only meaningful
    // together with an interface, which a certificate cannot express).
    static SubjectAltNames forThisHost();

    // What `certificate` is valid for.
    static SubjectAltNames of(const Certificate &certificate);

    void addDnsName(const QString &name);
    void addIpAddress(const QString &address);
    void add(const SubjectAltNames &other);

    // The entries of `wanted` that this set lacks, for log lines; empty when it covers.
    QStringList missing(const SubjectAltNames &wanted) const;
    bool covers(const SubjectAltNames &wanted) const { return missing(wanted).isEmpty(); }

    bool isEmpty() const { return dnsNames.isEmpty() && ipAddresses.isEmpty(); }
};

} // namespace flotilla::pki
