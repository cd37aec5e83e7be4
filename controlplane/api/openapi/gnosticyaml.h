#pragma once

#include <QJsonValue>
#include <QString>

namespace flotilla::api {

// The YAML text gnostic stores in `openapi.v2.Any.yaml` for a JSON value: vendor
// extensions (`x-kubernetes-*`), `default`, `example` and `enum` entries. kube-apiserver
// builds its protobuf OpenAPI document with gnostic's ParseDocument, which keeps such
// values as yaml.v3 nodes and re-marshals them in block style (4-space indentation,
// "- " items with their mapping aligned after the dash), always ending in a newline.
// Clients (kubectl's openapi and validation code) parse this text back with a YAML
// library, so what matters is that it parses to the same value; this emitter follows
// yaml.v3's layout so the bytes also match for the values Kubernetes uses.
//
// Deliberate differences from yaml.v3: strings that need quoting are always
// double-quoted (yaml.v3 uses literal blocks for multi-line text), and numbers are
// printed from their double value (integral values without a fraction) because Qt's JSON
// parser does not keep the original spelling.
QString toGnosticYaml(const QJsonValue &value);

} // namespace flotilla::api
