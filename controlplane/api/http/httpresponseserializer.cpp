#include "api/http/httpresponseserializer.h"

#include "api/http/httplogging.h"

#include <QDateTime>

namespace flotilla::http {

namespace {

bool validStatus(int status)
{
    return status >= 100 && status <= 999;
}

// What goes on the wire: an impossible status code is a server bug, answered as 500.
int wireStatus(const HttpResponse &response)
{
    return validStatus(response.statusCode()) ? response.statusCode() : 500;
}

} // namespace

QByteArray HttpResponseSerializer::head(const HttpResponse &response)
{
    int status = response.statusCode();
    QByteArray reason = response.reasonPhrase();
    if (!validStatus(status)) {
        qCWarning(lcHttp) << "invalid status code" << status << "sent as 500";
        status = 500;
        reason = HttpResponse::standardReasonPhrase(500);
    }
    if (!HttpHeaders::isValidValue(reason))
        reason = HttpResponse::standardReasonPhrase(status);

    QByteArray out;
    out.reserve(128 + response.headers().size() * 48);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const HttpHeaders::Field &field : response.headers().fields()) {
        if (HttpHeaders::namesEqual(field.name, "Content-Length") ||
            HttpHeaders::namesEqual(field.name, "Transfer-Encoding"))
            continue;
        if (!HttpHeaders::isToken(field.name) || !HttpHeaders::isValidValue(field.value)) {
            qCWarning(lcHttp) << "dropping invalid response header" << field.name.left(64);
            continue;
        }
        out += field.name + ": " + field.value + "\r\n";
    }
    return out;
}

QByteArray HttpResponseSerializer::serialize(const HttpResponse &response, bool headRequest)
{
    QByteArray out = head(response);
    const bool bodyAllowed = HttpResponse::statusAllowsBody(wireStatus(response));
    if (bodyAllowed)
        out += "Content-Length: " + QByteArray::number(response.body().size()) + "\r\n";
    out += "\r\n";
    if (bodyAllowed && !headRequest)
        out += response.body();
    return out;
}

QByteArray HttpResponseSerializer::serializeStreamHead(const HttpResponse &response, bool chunked)
{
    QByteArray out = head(response);
    if (chunked && HttpResponse::statusAllowsBody(wireStatus(response)))
        out += "Transfer-Encoding: chunked\r\n";
    out += "\r\n";
    return out;
}

QByteArray HttpResponseSerializer::serializeChunk(QByteArrayView data)
{
    if (data.isEmpty())
        return {};
    QByteArray out;
    out.reserve(data.size() + 20);
    out += QByteArray::number(data.size(), 16) + "\r\n";
    out.append(data.data(), data.size());
    out += "\r\n";
    return out;
}

QByteArray HttpResponseSerializer::serializeLastChunk()
{
    return QByteArrayLiteral("0\r\n\r\n");
}

QByteArray HttpResponseSerializer::formatHttpDate(qint64 msSinceEpoch)
{
    // Built by hand: QDateTime::toString would use the C locale's names only by luck.
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC);
    const QDate d = t.date();
    const QTime tm = t.time();
    char buffer[40];
    qsnprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[d.dayOfWeek() - 1],
              d.day(), months[d.month() - 1], d.year(), tm.hour(), tm.minute(), tm.second());
    return QByteArray(buffer);
}

} // namespace flotilla::http
