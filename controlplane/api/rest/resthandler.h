#pragma once

#include "api/http/httphandler.h"
#include "rest/openapidocuments.h"
#include "rest/restcontext.h"

namespace flotilla::api {

// The Kubernetes REST API over the resource registry and storage: discovery, version
// and health endpoints, then every verb on every served resource and subresource.
// Authentication happens before (ApiServer); this handler trusts its caller.
class RestHandler final : public http::HttpHandler
{
public:
    explicit RestHandler(RestContext context);

    void handle(const http::HttpRequest &request, http::HttpResponder &responder) override;

private:
    void handleNonResource(const http::HttpRequest &request, const RequestInfo &info,
                           http::HttpResponder &responder);
    void handleResource(const ResourceRequest &request, http::HttpResponder &responder);

    void get(const ResourceRequest &request, http::HttpResponder &responder);
    void create(const ResourceRequest &request, http::HttpResponder &responder);
    void update(const ResourceRequest &request, http::HttpResponder &responder);
    void patch(const ResourceRequest &request, http::HttpResponder &responder);
    void remove(const ResourceRequest &request, http::HttpResponder &responder);
    void removeCollection(const ResourceRequest &request, http::HttpResponder &responder);
    void scale(const ResourceRequest &request, http::HttpResponder &responder);
    void bind(const ResourceRequest &request, http::HttpResponder &responder);
    void evict(const ResourceRequest &request, http::HttpResponder &responder);

    RestContext m_context;
    OpenApiDocuments m_openApi;
};

} // namespace flotilla::api
