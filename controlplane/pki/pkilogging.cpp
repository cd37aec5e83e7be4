#include "pki/pkilogging.h"

Q_LOGGING_CATEGORY(lcPki, "flotilla.controlplane.pki", QtInfoMsg)
