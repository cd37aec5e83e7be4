#pragma once

#include "rest/restcontext.h"

namespace flotilla::api {

// GET on a collection: selectors, paging with continue tokens at one revision,
// resourceVersion/resourceVersionMatch, answered as a typed List or as a Table.
void handleList(const RestContext &context, const ResourceRequest &request,
                http::HttpResponder &responder);

// The items a list or deletecollection selects (all pages), parsed.
struct Selected
{
    QList<QJsonObject> objects;
    qint64 revision = 0;
};
std::variant<Selected, ApiError> selectAll(const RestContext &context,
                                           const ResourceRequest &request);

} // namespace flotilla::api
