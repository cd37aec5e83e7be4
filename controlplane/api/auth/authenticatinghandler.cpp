#include "auth/authenticatinghandler.h"

#include "rest/apierror.h"
#include "rest/restcontext.h"

#include <QSslCertificate>

namespace flotilla::api {

AuthenticatingHandler::AuthenticatingHandler(http::HttpHandler &next,
                                             std::optional<TokenFile> tokens)
    : m_next(next)
    , m_tokens(std::move(tokens))
{}

std::optional<UserInfo> AuthenticatingHandler::userFromCertificate(const http::HttpRequest &request)
{
    if (request.peerCertificateChain.isEmpty())
        return std::nullopt;
    const QSslCertificate &leaf = request.peerCertificateChain.first();
    const QStringList names = leaf.subjectInfo(QSslCertificate::CommonName);
    if (names.isEmpty() || names.first().isEmpty())
        return std::nullopt;
    return UserInfo{names.first(), QString(), leaf.subjectInfo(QSslCertificate::Organization)};
}

void AuthenticatingHandler::handle(const http::HttpRequest &request, http::HttpResponder &responder)
{
    const QString &path = request.path;
    static const QStringList publicPaths = {QStringLiteral("/healthz"), QStringLiteral("/livez"),
                                            QStringLiteral("/readyz"), QStringLiteral("/version")};
    for (const QString &pub : publicPaths) {
        if ((path == pub || path.startsWith(pub + QLatin1Char('/'))) && request.method == "GET")
            return m_next.handle(request, responder);
    }
    if (userFromCertificate(request))
        return m_next.handle(request, responder);
    const QByteArray authorization = request.headers.value("Authorization");
    if (m_tokens && authorization.startsWith("Bearer ")) {
        if (m_tokens->authenticate(authorization.mid(7).trimmed()))
            return m_next.handle(request, responder);
    }
    respond::error(responder, ApiError::unauthorized());
}

} // namespace flotilla::api
