#pragma once

#include <QtGlobal>

namespace flotilla::api {

// Bounds that keep hostile patches from exhausting the stack, memory or CPU. Real
// Kubernetes objects nest about a dozen levels; the deepest CRD schemas stay under 60.
inline constexpr int kMaxNestingDepth = 100;

// The apiserver refuses JSON patches with more operations than this (413 upstream).
inline constexpr qsizetype kMaxJsonPatchOperations = 10000;

// JSON patch `copy` can double a document per operation; cap the values copied in total
// so a few hundred bytes of patch cannot ask for gigabytes.
inline constexpr qint64 kMaxJsonPatchCopiedValues = 1000000;

} // namespace flotilla::api
