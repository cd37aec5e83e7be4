#pragma once

#include <QLoggingCategory>

// The pki module's category ("flotilla.controlplane.pki"). It logs which files were
// created or reissued and the CA hash; private keys never reach it.
Q_DECLARE_LOGGING_CATEGORY(lcPki)
