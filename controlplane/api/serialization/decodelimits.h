#pragma once

#include <QtGlobal>

namespace flotilla::api {

// Bounds on what one request body can make the decoders do. The body size itself is capped
// by the caller (the HTTP layer); these keep a small body from turning into a deep
// recursion, an exponential alias expansion or an endless error list.

// Objects and arrays nested deeper than this are refused. Kubernetes objects stay far below
// it (a Deployment is about 12 levels); the limit keeps every recursive walker over decoded
// values, including the ones in later stages, well inside the stack.
inline constexpr int kMaxNestingDepth = 100;

// Values a YAML stream may expand to once anchors and aliases are resolved ("billion
// laughs"). A stream without aliases produces at most one value per input byte, so the
// effective cap is max(kMaxYamlValues, body size): only expansion can hit it.
inline constexpr qint64 kMaxYamlValues = 1'000'000;
// Characters of keys and strings a YAML stream may expand to, by the same reasoning
// (aliases of a long string multiply it without adding values).
inline constexpr qint64 kMaxYamlExpandedChars = 16 * 1024 * 1024;

// Integers beyond this magnitude cannot be held exactly as doubles, which is how JSON
// numbers travel through Qt and the patch and validation code; they are refused rather
// than silently rounded.
inline constexpr qint64 kMaxExactInteger = qint64(1) << 53;

// Problems of one kind reported per body; the apiserver caps its strict decoding errors at
// the same number.
inline constexpr qsizetype kMaxReportedProblems = 100;

} // namespace flotilla::api
