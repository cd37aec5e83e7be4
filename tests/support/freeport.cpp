#include "support/freeport.h"

#include <QTcpServer>

namespace flotilla::testsupport {

quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        qFatal("cannot bind a free port on 127.0.0.1: %s", qPrintable(server.errorString()));
    return server.serverPort();
}

} // namespace flotilla::testsupport
