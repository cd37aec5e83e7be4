// libFuzzer target for the request path up to the REST layer: raw bytes → HTTP parser
// (framing, headers, chunked bodies, limits) → Kubernetes request info, content
// negotiation, selectors from the query, continue tokens. None of it may crash, hang or
// read out of bounds, whatever arrives on the socket.
#include "api/http/httprequestparser.h"
#include "registry/resourceregistry.h"
#include "rest/listselection.h"
#include "rest/requestinfo.h"
#include "rest/restcontext.h"

#include <cstdint>

using namespace flotilla;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const http::HttpParseOutcome outcome = http::parseHttpRequests(bytes);
    for (const http::HttpRequest &request : outcome.requests) {
        const bool watch = api::parseBool(request.queryItemValue(u"watch"));
        const api::RequestInfo info =
            api::RequestInfo::parse(QString::fromLatin1(request.method), request.path, watch);
        (void)api::negotiate(request);
        if (!info.isResourceRequest)
            continue;
        const api::ResourceType *type =
            api::ResourceRegistry::builtin().find(info.group, info.version, info.resource);
        if (!type)
            continue;
        auto selection = api::ListSelection::parse(*type, request.queryItemValue(u"labelSelector"),
                                                   request.queryItemValue(u"fieldSelector"));
        if (auto *chosen = std::get_if<api::ListSelection>(&selection)) {
            const QJsonObject object{
                {QStringLiteral("metadata"),
                 QJsonObject{{QStringLiteral("name"), QStringLiteral("x")},
                             {QStringLiteral("labels"),
                              QJsonObject{{QStringLiteral("app"), QStringLiteral("web")}}}}}};
            (void)chosen->matches(object);
        }
        (void)api::decodeContinue(request.queryItemValue(u"continue"));
    }
    return 0;
}
