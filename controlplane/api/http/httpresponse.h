#pragma once

#include "api/http/httpheaders.h"

#include <QByteArray>
#include <QByteArrayView>

namespace flotilla::http {

// What a handler answers: status, headers and (for a full response) the body. Framing
// headers (Content-Length, Transfer-Encoding) are the serializer's business and are
// ignored if set here.
class HttpResponse
{
public:
    HttpResponse() = default;
    explicit HttpResponse(int statusCode, QByteArray body = {})
        : m_statusCode(statusCode)
        , m_body(std::move(body))
    {}

    // status + "Content-Type: text/plain; charset=utf-8" + text
    static HttpResponse plainText(int statusCode, QByteArray text);

    int statusCode() const { return m_statusCode; }
    void setStatusCode(int statusCode) { m_statusCode = statusCode; }

    // The phrase set with setReasonPhrase(), else the standard one for the status.
    QByteArray reasonPhrase() const;
    void setReasonPhrase(QByteArray phrase) { m_reasonPhrase = std::move(phrase); }

    HttpHeaders &headers() { return m_headers; }
    const HttpHeaders &headers() const { return m_headers; }

    const QByteArray &body() const { return m_body; }
    void setBody(QByteArray body) { m_body = std::move(body); }

    // RFC 9110 reason phrases; "Unknown" for codes it does not name.
    static QByteArray standardReasonPhrase(int statusCode);
    // 1xx, 204 and 304 responses never carry a body (RFC 9110 §6.4.1).
    static bool statusAllowsBody(int statusCode);

private:
    int m_statusCode = 200;
    QByteArray m_reasonPhrase;
    HttpHeaders m_headers;
    QByteArray m_body;
};

} // namespace flotilla::http
