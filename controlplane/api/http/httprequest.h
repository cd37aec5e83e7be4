#pragma once

#include "api/http/httpheaders.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace flotilla::http {

// One `key=value` pair of the query, decoded and as sent. Decoding follows
// application/x-www-form-urlencoded ('+' is a space, then percent-decoding), which is
// what Go clients such as kubectl produce: `labelSelector=app+in+%28a%29`.
struct HttpQueryItem
{
    QString key;
    QString value;
    QByteArray rawKey;
    QByteArray rawValue;

    friend bool operator==(const HttpQueryItem &, const HttpQueryItem &) = default;
};

// A parsed request plus what the connection knows about the peer. A value type:
// handlers may copy it and keep it after the response is done.
struct HttpRequest
{
    QByteArray method;   // case-sensitive token, e.g. "GET"
    QByteArray target;   // the request-target exactly as sent
    QByteArray rawPath;  // the path part of target, still percent-encoded
    QString path;        // rawPath percent-decoded (UTF-8)
    QByteArray rawQuery; // after '?', without it; empty if none
    QList<HttpQueryItem> queryItems;
    int versionMinor = 1; // HTTP/1.<versionMinor>; only 1.0 and 1.1 are accepted
    HttpHeaders headers;
    QByteArray body;       // de-chunked
    bool keepAlive = true; // what the request asked for (Connection header, version)

    // Filled in by HttpServer, empty for requests parsed on their own.
    QHostAddress remoteAddress;
    quint16 remotePort = 0;
    bool secure = false; // arrived over TLS
    // The client certificate chain, leaf first, only when it was verified against the
    // server's client CA; empty when the client sent none (it may still authenticate
    // with a bearer token).
    QList<QSslCertificate> peerCertificateChain;

    // QUrlQuery-style accessors over queryItems: the first value / every value of key.
    QString queryItemValue(QStringView key) const;
    QStringList allQueryItemValues(QStringView key) const;
    bool hasQueryItem(QStringView key) const;
    // rawQuery as a QUrlQuery, for callers that want its API ('+' stays a plus there).
    QUrlQuery urlQuery() const;
};

} // namespace flotilla::http
