#include "auth/tokenfile.h"

#include <QFile>

namespace flotilla::api {

namespace {

// One CSV record: commas separate fields, double quotes group (and "" escapes a quote).
std::optional<QStringList> csvFields(const QString &line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    if (quoted)
        return std::nullopt;
    fields << field;
    return fields;
}

bool equalConstantTime(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace

Result<TokenFile> TokenFile::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{
            ErrorCode::InvalidArgument,
            QStringLiteral("cannot read the token file %1: %2").arg(path, file.errorString())};
    return parse(file.readAll(), path);
}

Result<TokenFile> TokenFile::parse(const QByteArray &text, const QString &origin)
{
    TokenFile file;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype number = 0; number < lines.size(); ++number) {
        const QString line = QString::fromUtf8(lines[number]).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const auto fields = csvFields(line);
        auto bad = [&](const QString &why) {
            return Error{
                ErrorCode::InvalidArgument,
                QStringLiteral("%1 line %2: %3 (expected token,user,uid,\"group1,group2\")")
                    .arg(origin)
                    .arg(number + 1)
                    .arg(why)};
        };
        if (!fields)
            return bad(QStringLiteral("unterminated quote"));
        if (fields->size() < 3)
            return bad(QStringLiteral("fewer than 3 columns"));
        if (fields->at(0).trimmed().isEmpty())
            return bad(QStringLiteral("empty token"));
        if (fields->at(1).trimmed().isEmpty())
            return bad(QStringLiteral("empty user name"));
        Entry entry;
        entry.token = fields->at(0).trimmed().toUtf8();
        entry.user.name = fields->at(1).trimmed();
        entry.user.uid = fields->at(2).trimmed();
        if (fields->size() > 3) {
            for (const QString &group : fields->at(3).split(QLatin1Char(','), Qt::SkipEmptyParts))
                entry.user.groups << group.trimmed();
        }
        file.m_entries << entry;
    }
    return file;
}

std::optional<UserInfo> TokenFile::authenticate(const QByteArray &token) const
{
    std::optional<UserInfo> found;
    for (const Entry &entry :
         m_entries) { // no early exit: timing does not reveal which entry matched
        if (equalConstantTime(entry.token, token) && !found)
            found = entry.user;
    }
    return found;
}

} // namespace flotilla::api
