#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace flotilla::api {

class ProtobufSchema;

// The media type kubectl 1.32+ sends create and update bodies in.
inline constexpr char kKubernetesProtobufMediaType[] = "application/vnd.kubernetes.protobuf";

// True when body starts with the Kubernetes protobuf envelope's magic bytes "k8s\0".
bool hasKubernetesProtobufMagic(const QByteArray &body);

// The protobuf message that carries a kind of an API group version, as named in the
// upstream generated.proto files: ("apps/v1", "Deployment") -> "k8s.io.api.apps.v1.Deployment",
// ("v1", "ConfigMap") -> "k8s.io.api.core.v1.ConfigMap". Empty for groups that are not
// built into Kubernetes (custom resources have no protobuf form).
QString protobufMessageName(const QString &apiVersion, const QString &kind);

// Decodes a request body in the Kubernetes protobuf encoding (the magic "k8s\0", then a
// runtime.Unknown envelope naming apiVersion and kind around the object's own message) into
// the JSON object a JSON client would have sent for the same Go object, with apiVersion and
// kind set. See decodeProtobufMessage for the mapping. The caller caps the body size.
// Errors (InvalidArgument): no magic, a malformed envelope or object, a compressed or
// non-protobuf payload, and kinds without a protobuf schema (named in the message).
Result<QJsonObject> decodeKubernetesProtobuf(const QByteArray &body);
// The same against a given schema (tests).
Result<QJsonObject> decodeKubernetesProtobuf(const QByteArray &body, const ProtobufSchema &schema);

} // namespace flotilla::api
