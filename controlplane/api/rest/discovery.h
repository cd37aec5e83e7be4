#pragma once

#include "registry/resourceregistry.h"

#include <QJsonObject>

// Discovery documents, generated from the resource registry: the aggregated form
// (apidiscovery.k8s.io v2 and v2beta1, one request for everything) and the legacy
// form (/api, /apis, then one APIResourceList per group version).
namespace flotilla::api::discovery {

// `core`: the document for /api (the core group) or for /apis (every named group).
QJsonObject aggregated(const ResourceRegistry &registry, bool core, const QString &apiVersion);
QJsonObject apiVersions(const QString &serverAddress);
QJsonObject apiGroupList(const ResourceRegistry &registry);
QJsonObject apiGroup(const ResourceRegistry &registry, const QString &group);
QJsonObject apiResourceList(const ResourceRegistry &registry, const QString &group,
                            const QString &version);

} // namespace flotilla::api::discovery
