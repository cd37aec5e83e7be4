#pragma once

#include <QLoggingCategory>

// The HTTP layer's category ("flotilla.controlplane.api.http"): refused connections,
// malformed requests and timeouts at debug level, so a noisy client cannot flood the log.
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
