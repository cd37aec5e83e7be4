#pragma once

#include <QString>
#include <QStringList>

namespace flotilla::api {

// The texts the apiserver uses for fieldValidation problems, so kubectl users see the
// same words against Flotilla. With fieldValidation=Strict they are joined into one
// BadRequest message; with Warn each one becomes a Warning header.

// `unknown field "spec.replicass"`; path as Kubernetes writes it (no leading dot,
// array elements as [0]).
QString unknownFieldMessage(const QString &path);

// `duplicate field "spec.replicas"` for each path of DecodedJson::duplicateFields (which
// carry a leading dot: ".spec.replicas").
QStringList duplicateFieldMessages(const QStringList &duplicatePaths);

// `strict decoding error: unknown field "a", duplicate field "b"`.
QString strictDecodingErrorMessage(const QStringList &problems);

} // namespace flotilla::api
