#include "api/http/httprequest.h"

namespace flotilla::http {

QString HttpRequest::queryItemValue(QStringView key) const
{
    for (const HttpQueryItem &item : queryItems) {
        if (item.key == key)
            return item.value;
    }
    return {};
}

QStringList HttpRequest::allQueryItemValues(QStringView key) const
{
    QStringList out;
    for (const HttpQueryItem &item : queryItems) {
        if (item.key == key)
            out.append(item.value);
    }
    return out;
}

bool HttpRequest::hasQueryItem(QStringView key) const
{
    for (const HttpQueryItem &item : queryItems) {
        if (item.key == key)
            return true;
    }
    return false;
}

QUrlQuery HttpRequest::urlQuery() const
{
    return QUrlQuery(QString::fromLatin1(rawQuery));
}

} // namespace flotilla::http
