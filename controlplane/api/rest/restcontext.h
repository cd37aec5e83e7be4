#pragma once

#include "api/http/httprequest.h"
#include "api/http/httpresponder.h"
#include "registry/resourceregistry.h"
#include "rest/apierror.h"
#include "rest/requestinfo.h"
#include "rest/resourcestorage.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

#include <memory>

namespace flotilla::api {

// What every part of the REST layer shares for one server.
struct RestContext
{
    const ResourceRegistry &registry;
    ResourceStorage &storage;
    QString serverAddress; // host:port, for legacy discovery
    int bookmarkIntervalMs = 60'000;
    qint64 maxWatchBufferBytes = 16 * 1024 * 1024; // a slower watcher is cut off and re-watches
    int maxWatchesPerClient = 2048;                // per remote address
    std::shared_ptr<QHash<QString, int>> watchesPerClient = std::make_shared<QHash<QString, int>>();
};

// One resource request, parsed.
struct ResourceRequest
{
    const http::HttpRequest &http;
    const RequestInfo &info;
    const ResourceType &type;
};

enum class OutputFormat { Json, Table };
// From the Accept header; nullopt when nothing acceptable was asked for.
std::optional<OutputFormat> negotiate(const http::HttpRequest &request);

namespace respond {

void json(http::HttpResponder &responder, int code, const QByteArray &body,
          const QStringList &warnings = {}, const QByteArray &contentType = "application/json");
void object(http::HttpResponder &responder, int code, const QJsonObject &object,
            const QStringList &warnings = {});
void error(http::HttpResponder &responder, const ApiError &error);
// The object, or a one-row Table when the client asked for one.
void objectAs(http::HttpResponder &responder, const RestContext &context,
              const ResourceRequest &request, int code, const QJsonObject &object,
              const QStringList &warnings = {});

} // namespace respond

} // namespace flotilla::api
