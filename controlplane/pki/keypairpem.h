#pragma once

#include <QByteArray>

namespace flotilla::pki {

// A certificate and its private key, both PEM, ready for a kubeconfig or a TLS stack.
// privateKeyPem is a secret: never log it or put it into an error message.
struct KeyPairPem
{
    QByteArray certificatePem;
    QByteArray privateKeyPem;
};

} // namespace flotilla::pki
