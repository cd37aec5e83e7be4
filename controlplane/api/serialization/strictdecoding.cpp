#include "serialization/strictdecoding.h"

namespace flotilla::api {

namespace {

// Go's %q for the ASCII paths Kubernetes objects have: quotes and backslashes escaped,
// control characters spelled out.
QString goQuoted(const QString &text)
{
    QString quoted;
    quoted.reserve(text.size() + 2);
    quoted += QLatin1Char('"');
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"':
            quoted += QLatin1String("\\\"");
            break;
        case '\\':
            quoted += QLatin1String("\\\\");
            break;
        case '\n':
            quoted += QLatin1String("\\n");
            break;
        case '\r':
            quoted += QLatin1String("\\r");
            break;
        case '\t':
            quoted += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                quoted += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                quoted += c;
        }
    }
    quoted += QLatin1Char('"');
    return quoted;
}

} // namespace

QString unknownFieldMessage(const QString &path)
{
    return QStringLiteral("unknown field ") + goQuoted(path);
}

QStringList duplicateFieldMessages(const QStringList &duplicatePaths)
{
    QStringList messages;
    messages.reserve(duplicatePaths.size());
    for (const QString &path : duplicatePaths) {
        const QString field = path.startsWith(QLatin1Char('.')) ? path.mid(1) : path;
        messages << QStringLiteral("duplicate field ") + goQuoted(field);
    }
    return messages;
}

QString strictDecodingErrorMessage(const QStringList &problems)
{
    return QStringLiteral("strict decoding error: ") + problems.join(QLatin1String(", "));
}

} // namespace flotilla::api
