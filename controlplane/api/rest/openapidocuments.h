#pragma once

#include "common/result.h"
#include "registry/resourceregistry.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace flotilla::api {

// The published OpenAPI, generated from the vendored upstream structure and limited to
// what this server serves: per group version an OpenAPI 3.0 document (paths with their
// query parameters and x-kubernetes-group-version-kind, components.schemas closed over
// $ref), the /openapi/v3 index with content hashes, and one Swagger 2.0 document for
// clients that still ask for /openapi/v2. kubectl reads it to decide that the server
// validates fields (fieldValidation) and for `kubectl explain`. Built on first use.
class OpenApiDocuments final
{
public:
    explicit OpenApiDocuments(const ResourceRegistry &registry);

    QByteArray v3Index();
    // "api/v1", "apis/apps/v1"; nullopt for an unknown group version.
    std::optional<QByteArray> v3Document(const QString &groupVersionPath);
    QJsonObject v2Document();
    // The Swagger 2.0 document as gnostic protobuf, for kubectl 1.27 (encoded once).
    Result<QByteArray> v2Protobuf();

private:
    void build();

    const ResourceRegistry &m_registry;
    bool m_built = false;
    QHash<QString, QByteArray> m_v3; // group version path → document
    QByteArray m_v3Index;
    QJsonObject m_v2;
    QByteArray m_v2Protobuf;
};

} // namespace flotilla::api
