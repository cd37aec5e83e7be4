#include "api/http/httplogging.h"

Q_LOGGING_CATEGORY(lcHttp, "flotilla.controlplane.api.http", QtInfoMsg)
