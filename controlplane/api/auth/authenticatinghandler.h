#pragma once

#include "api/http/httphandler.h"
#include "auth/tokenfile.h"

#include <optional>

namespace flotilla::api {

// Authentication in front of the REST handler: a client certificate verified against
// the cluster CA (CN = user, O = groups), or a bearer token from the token file.
// Anything else gets 401, except the public health and version endpoints, which
// kube-apiserver also serves to anonymous clients. Until RBAC exists, every
// authenticated user may do everything.
class AuthenticatingHandler final : public http::HttpHandler
{
public:
    AuthenticatingHandler(http::HttpHandler &next, std::optional<TokenFile> tokens);
    void handle(const http::HttpRequest &request, http::HttpResponder &responder) override;

    static std::optional<UserInfo> userFromCertificate(const http::HttpRequest &request);

private:
    http::HttpHandler &m_next;
    std::optional<TokenFile> m_tokens;
};

} // namespace flotilla::api
