#include "pki/pkilayout.h"

#include <QDir>

namespace flotilla::pki {

PkiLayout PkiLayout::inDataDir(const QString &dataDir)
{
    return PkiLayout{QDir::cleanPath(QDir(dataDir).absoluteFilePath(QStringLiteral("pki")))};
}

QString PkiLayout::caCertificate() const
{
    return directory + QStringLiteral("/ca.crt");
}

QString PkiLayout::caKey() const
{
    return directory + QStringLiteral("/ca.key");
}

QString PkiLayout::servingCertificate() const
{
    return directory + QStringLiteral("/apiserver.crt");
}

QString PkiLayout::servingKey() const
{
    return directory + QStringLiteral("/apiserver.key");
}

QString PkiLayout::adminCertificate() const
{
    return directory + QStringLiteral("/admin.crt");
}

QString PkiLayout::adminKey() const
{
    return directory + QStringLiteral("/admin.key");
}

} // namespace flotilla::pki
