#pragma once

#include <QLoggingCategory>

// One category per module, so `QT_LOGGING_RULES="flotilla.storage.debug=true"` turns on
// exactly the part being investigated.
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcApp)
