#pragma once

#include "api/http/httprequest.h"
#include "api/http/httpresponder.h"

namespace flotilla::http {

// What the API server implements. handle() runs on the server's thread, once per
// request, in order per connection: the next request on a connection is handed over
// only after this one's response is finished (as Go's net/http does), so a handler
// never sees two requests of one connection at a time.
//
// The handler answers through the responder, now or later: to answer later (a watch,
// a slow store call) it keeps `responder.share()`. If it keeps nothing and has not
// answered when handle() returns, the client gets 500.
class HttpHandler
{
public:
    virtual ~HttpHandler() = default;
    virtual void handle(const HttpRequest &request, HttpResponder &responder) = 0;
};

} // namespace flotilla::http
