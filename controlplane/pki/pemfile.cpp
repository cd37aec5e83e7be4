#include "pki/pemfile.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace flotilla::pki {

namespace {

constexpr QFileDevice::Permissions kSecretMode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kPublicMode =
    kSecretMode | QFileDevice::ReadGroup | QFileDevice::ReadOther;
constexpr QFileDevice::Permissions kGroupOrOther =
    QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
    QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

QString octalMode(QFileDevice::Permissions permissions)
{
    // Qt's flags use one hex digit per class (owner, user, group, other); ls shows octal.
    const auto bits = permissions.toInt();
    const int owner = (bits >> 12) & 7;
    const int group = (bits >> 4) & 7;
    const int other = bits & 7;
    return QStringLiteral("0%1%2%3").arg(owner).arg(group).arg(other);
}

Error writeFailed(const QString &path, const QString &why)
{
    return Error{ErrorCode::Unavailable,
                 QStringLiteral("cannot write %1 (%2); check that its directory is writable "
                                "and the disk is not full")
                     .arg(path, why)};
}

// Makes a rename durable: the new directory entry must reach the disk too.
void syncDirectoryOf(const QString &path)
{
#ifdef Q_OS_UNIX
    const QByteArray directory = QFile::encodeName(QFileInfo(path).absolutePath());
    const int fd = ::open(directory.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(path);
#endif
}

} // namespace

Result<QByteArray> PemFile::read(const QString &path, Secrecy secrecy)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error{ErrorCode::NotFound, QStringLiteral("%1 does not exist").arg(path)};
#ifdef Q_OS_UNIX
    if (secrecy == Secrecy::Secret && (info.permissions() & kGroupOrOther) != 0)
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("%1 holds a private key but is accessible by other users "
                                    "(mode %2); run chmod 600 %1")
                         .arg(path, octalMode(info.permissions()))};
#else
    Q_UNUSED(secrecy);
#endif
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot read %1 (%2); make it readable by the user running "
                                    "Flotilla")
                         .arg(path, file.errorString())};
    const QByteArray content = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot read %1 (%2)").arg(path, file.errorString())};
    return content;
}

Result<void> PemFile::write(const QString &path, const QByteArray &content, Secrecy secrecy)
{
    const QString temporary = path + QStringLiteral(".tmp");
    QFile::remove(temporary); // a leftover from a crash; its content is worthless

    QFile file(temporary);
    const QFileDevice::Permissions mode = secrecy == Secrecy::Secret ? kSecretMode : kPublicMode;
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, mode))
        return writeFailed(temporary, file.errorString());
    if (file.write(content) != content.size() || !file.flush()) {
        const QString why = file.errorString();
        file.remove();
        return writeFailed(temporary, why);
    }
#ifdef Q_OS_UNIX
    if (::fsync(file.handle()) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        file.remove();
        return writeFailed(temporary, why);
    }
#endif
    file.close();

    // QFile::rename refuses to replace an existing file; rename(2) replaces atomically.
    if (std::rename(QFile::encodeName(temporary).constData(),
                    QFile::encodeName(path).constData()) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        QFile::remove(temporary);
        return writeFailed(path, why);
    }
    syncDirectoryOf(path);
    return {};
}

} // namespace flotilla::pki
