#include "pki/kubeconfig.h"

#include "pki/pemfile.h"

#include <QUrl>

#include <algorithm>
#include <utility>

namespace flotilla::pki {

namespace {

Error invalid(const QString &what)
{
    return Error{ErrorCode::InvalidArgument, QStringLiteral("cannot write kubeconfig: ") + what};
}

// A YAML double-quoted scalar. Quoting matters: an unquoted name such as `true`, `null`
// or `1.10` would reach kubectl as a boolean, null or number and be rejected.
QByteArray quoted(const QString &value)
{
    QByteArray out("\"");
    for (const char c : value.toUtf8()) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            out += QByteArray("\\x") +
                   QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

bool hasControlCharacters(const QString &value)
{
    return std::any_of(value.cbegin(), value.cend(), [](QChar c) { return c.unicode() < 0x20; });
}

Result<void> checkName(const QString &field, const QString &value)
{
    if (value.trimmed().isEmpty())
        return invalid(QStringLiteral("the %1 is empty").arg(field));
    if (hasControlCharacters(value))
        return invalid(QStringLiteral("the %1 contains control characters").arg(field));
    return {};
}

Result<void> checkPem(const QString &field, const QByteArray &pem)
{
    if (!pem.trimmed().startsWith("-----BEGIN "))
        return invalid(QStringLiteral("the %1 is not PEM").arg(field));
    return {};
}

} // namespace

QString Kubeconfig::contextName() const
{
    return userName + QLatin1Char('@') + clusterName;
}

Result<QByteArray> Kubeconfig::toYaml() const
{
    const QUrl url(serverUrl, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty())
        return invalid(QStringLiteral("server '%1' is not an https:// URL with a host, e.g. "
                                      "https://127.0.0.1:6443")
                           .arg(serverUrl));
    for (const auto &[field, value] : {std::pair{QStringLiteral("cluster name"), clusterName},
                                       std::pair{QStringLiteral("user name"), userName}}) {
        if (Result<void> ok = checkName(field, value); !ok)
            return ok.error();
    }
    for (const auto &[field, pem] :
         {std::pair{QStringLiteral("CA certificate"), caCertificatePem},
          std::pair{QStringLiteral("client certificate"), clientCertificatePem},
          std::pair{QStringLiteral("client key"), clientKeyPem}}) {
        if (Result<void> ok = checkPem(field, pem); !ok)
            return ok.error();
    }

    const QByteArray cluster = quoted(clusterName);
    const QByteArray user = quoted(userName);
    const QByteArray context = quoted(contextName());
    QByteArray yaml;
    const auto line = [&yaml](const char *text, const QByteArray &value = {}) {
        yaml += text;
        yaml += value;
        yaml += '\n';
    };
    line("apiVersion: v1");
    line("kind: Config");
    line("clusters:");
    line("- name: ", cluster);
    line("  cluster:");
    line("    server: ", quoted(serverUrl));
    line("    certificate-authority-data: ", caCertificatePem.toBase64());
    line("users:");
    line("- name: ", user);
    line("  user:");
    line("    client-certificate-data: ", clientCertificatePem.toBase64());
    line("    client-key-data: ", clientKeyPem.toBase64());
    line("contexts:");
    line("- name: ", context);
    line("  context:");
    line("    cluster: ", cluster);
    line("    user: ", user);
    line("current-context: ", context);
    line("preferences: {}");
    return yaml;
}

Result<void> Kubeconfig::writeTo(const QString &path) const
{
    Result<QByteArray> yaml = toYaml();
    if (!yaml)
        return yaml.error();
    return PemFile::write(path, *yaml, PemFile::Secrecy::Secret);
}

} // namespace flotilla::pki
