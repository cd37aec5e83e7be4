#include "pki/subjectaltnames.h"

#include <QHostAddress>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QSysInfo>

namespace flotilla::pki {

namespace {

// RFC 1123 host names, plus a leading wildcard label and underscores (seen in service
// names), in lower case. At most 253 characters.
bool isDnsName(const QString &name)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(\\*\\.)?[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,"
                       "61}[a-z0-9_])?)*$"));
    return name.size() <= 253 && pattern.match(name).hasMatch();
}

// Canonical text of an address, or an empty string when `text` is not one.
QString canonicalIp(const QString &text)
{
    QHostAddress address;
    if (text.contains(QLatin1Char('%')) || !address.setAddress(text))
        return {};
    return address.toString();
}

} // namespace

Result<SubjectAltNames> SubjectAltNames::parse(const QStringList &names)
{
    SubjectAltNames result;
    for (const QString &raw : names) {
        const QString name = raw.trimmed();
        if (const QString ip = canonicalIp(name); !ip.isEmpty()) {
            result.addIpAddress(ip);
        } else if (isDnsName(name.toLower())) {
            result.addDnsName(name);
        } else {
            return Error{ErrorCode::InvalidArgument,
                         QStringLiteral("'%1' is neither an IP address nor a DNS name; pass "
                                        "names like api.example.com or 192.0.2.10")
                             .arg(raw)};
        }
    }
    return result;
}

SubjectAltNames SubjectAltNames::forThisHost()
{
    SubjectAltNames names;
    names.addDnsName(QStringLiteral("localhost"));
    const QString hostName = QSysInfo::machineHostName().toLower();
    if (isDnsName(hostName))
        names.addDnsName(hostName);
    names.addIpAddress(QStringLiteral("127.0.0.1"));
    names.addIpAddress(QStringLiteral("::1"));

    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &networkInterface : interfaces) {
        if (!networkInterface.flags().testFlag(QNetworkInterface::IsUp) ||
            networkInterface.flags().testFlag(QNetworkInterface::IsLoopBack))
            continue;
        const QList<QNetworkAddressEntry> entries = networkInterface.addressEntries();
        for (const QNetworkAddressEntry &entry : entries) {
            QHostAddress address = entry.ip();
            if (address.isNull() || address.isLoopback() || address.isLinkLocal())
                continue;
            address.setScopeId(QString());
            names.addIpAddress(address.toString());
        }
    }
    return names;
}

SubjectAltNames SubjectAltNames::of(const Certificate &certificate)
{
    SubjectAltNames names;
    for (const QString &name : certificate.dnsNames())
        names.addDnsName(name);
    for (const QString &address : certificate.ipAddresses())
        names.addIpAddress(address);
    return names;
}

void SubjectAltNames::addDnsName(const QString &name)
{
    const QString normalised = name.trimmed().toLower();
    if (!normalised.isEmpty() && !dnsNames.contains(normalised))
        dnsNames.append(normalised);
}

void SubjectAltNames::addIpAddress(const QString &address)
{
    const QString normalised = canonicalIp(address.trimmed());
    if (!normalised.isEmpty() && !ipAddresses.contains(normalised))
        ipAddresses.append(normalised);
}

void SubjectAltNames::add(const SubjectAltNames &other)
{
    for (const QString &name : other.dnsNames)
        addDnsName(name);
    for (const QString &address : other.ipAddresses)
        addIpAddress(address);
}

QStringList SubjectAltNames::missing(const SubjectAltNames &wanted) const
{
    QStringList absent;
    for (const QString &name : wanted.dnsNames) {
        if (!dnsNames.contains(name.toLower()))
            absent.append(name);
    }
    for (const QString &address : wanted.ipAddresses) {
        if (!ipAddresses.contains(canonicalIp(address)))
            absent.append(address);
    }
    return absent;
}

} // namespace flotilla::pki
