#pragma once

#include <QString>
#include <QStringList>

namespace flotilla::api {

// Who made a request, as authentication established it.
struct UserInfo
{
    QString name;
    QString uid;
    QStringList groups;
};

} // namespace flotilla::api
