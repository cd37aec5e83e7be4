#pragma once

#include <QtGlobal>

namespace flotilla::testsupport {

// A TCP port on 127.0.0.1 that was free a moment ago (the kernel picked it).
quint16 freePort();

} // namespace flotilla::testsupport
