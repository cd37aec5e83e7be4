#pragma once

#include <QString>
#include <QStringList>

namespace flotilla::api {

// What a request path and method mean in Kubernetes terms (upstream's RequestInfo):
// /apis/apps/v1/namespaces/default/deployments/web/scale + PATCH → a "patch" of
// apps/v1 deployments "web", subresource "scale", in namespace "default".
struct RequestInfo
{
    bool isResourceRequest = false;
    QStringList pathParts; // for non-resource requests: the path split on '/'
    QString apiPrefix;     // "api" or "apis"
    QString group;
    QString version;
    QString namespaceName;
    QString resource; // plural
    QString name;
    QString subresource;
    QString verb; // get list watch create update patch delete deletecollection

    // Parses a decoded path; `watch` is the ?watch= query value, already parsed.
    static RequestInfo parse(const QString &method, const QString &path, bool watch);
};

// Go's strconv.ParseBool, as kubectl and the Python client send booleans.
bool parseBool(const QString &text, bool *ok = nullptr);

} // namespace flotilla::api
