#pragma once

#include "auth/userinfo.h"
#include "common/result.h"

#include <QHash>
#include <QString>

#include <optional>

namespace flotilla::api {

// Static bearer tokens in Kubernetes' --token-auth-file format, one per line:
//   token,user,uid,"group1,group2"
// (the groups column is optional; '#' lines and blank lines are ignored). Tokens are
// compared in constant time and never appear in errors or logs.
class TokenFile final
{
public:
    static Result<TokenFile> load(const QString &path);
    static Result<TokenFile> parse(const QByteArray &text, const QString &origin);

    std::optional<UserInfo> authenticate(const QByteArray &token) const;
    qsizetype size() const { return m_entries.size(); }

private:
    struct Entry
    {
        QByteArray token;
        UserInfo user;
    };
    QList<Entry> m_entries;
};

} // namespace flotilla::api
