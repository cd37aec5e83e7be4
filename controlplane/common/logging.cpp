#include "common/logging.h"

Q_LOGGING_CATEGORY(lcStorage, "flotilla.controlplane.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "flotilla.app", QtInfoMsg)
