#pragma once

#include "registry/kindtraits.h"

#include <QJsonObject>

// Pod spec defaulting and validation, shared by Pods and every pod template
// (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, RCs).
namespace flotilla::api::podspec {

void applyDefaults(QJsonObject &spec);
void applyTemplateDefaults(QJsonObject &podTemplate); // {metadata, spec}
FieldErrors validate(const QJsonObject &spec, const QString &path);
// A template's labels must select it: `selector` (metav1.LabelSelector) vs its labels.
FieldErrors validateTemplate(const QJsonObject &podTemplate, const QJsonObject &selector,
                             const QString &path);

} // namespace flotilla::api::podspec
