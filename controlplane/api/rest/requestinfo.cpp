#include "rest/requestinfo.h"

namespace flotilla::api {

bool parseBool(const QString &text, bool *ok)
{
    static const QStringList yes = {QStringLiteral("1"),    QStringLiteral("t"),
                                    QStringLiteral("T"),    QStringLiteral("TRUE"),
                                    QStringLiteral("true"), QStringLiteral("True")};
    static const QStringList no = {QStringLiteral("0"),     QStringLiteral("f"),
                                   QStringLiteral("F"),     QStringLiteral("FALSE"),
                                   QStringLiteral("false"), QStringLiteral("False")};
    if (ok)
        *ok = yes.contains(text) || no.contains(text);
    return yes.contains(text);
}

RequestInfo RequestInfo::parse(const QString &method, const QString &path, bool watch)
{
    RequestInfo info;
    QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    info.pathParts = parts;
    if (parts.isEmpty() || (parts[0] != QLatin1String("api") && parts[0] != QLatin1String("apis")))
        return info;
    info.apiPrefix = parts.takeFirst();
    if (info.apiPrefix == QLatin1String("apis")) {
        if (parts.size() < 2)
            return info; // /apis or /apis/<group>: discovery
        info.group = parts.takeFirst();
    }
    if (parts.isEmpty())
        return info; // /api
    info.version = parts.takeFirst();
    if (parts.isEmpty())
        return info; // /api/v1, /apis/apps/v1
    info.isResourceRequest = true;

    // The deprecated /watch/ prefix is the same as ?watch=true.
    if (parts.first() == QLatin1String("watch")) {
        parts.removeFirst();
        watch = true;
    }
    // namespaces/<ns>/<resource>…; but "namespaces/<name>" alone is the namespace object
    // and "namespaces/<name>/status" and "/finalize" are its subresources.
    if (parts.size() >= 3 && parts[0] == QLatin1String("namespaces") &&
        parts[2] != QLatin1String("status") && parts[2] != QLatin1String("finalize")) {
        info.namespaceName = parts[1];
        parts = parts.mid(2);
    }
    if (parts.isEmpty()) {
        info.isResourceRequest = false;
        return info;
    }
    info.resource = parts.value(0);
    info.name = parts.value(1);
    info.subresource = parts.value(2);
    if (parts.size() > 3) {
        info.isResourceRequest = false; // e.g. proxy/<path>: not served
        return info;
    }
    if (info.resource == QLatin1String("namespaces") && !info.name.isEmpty())
        info.namespaceName = info.name;

    const bool collection = info.name.isEmpty();
    if (method == QLatin1String("GET") || method == QLatin1String("HEAD"))
        info.verb = collection ? (watch ? QStringLiteral("watch") : QStringLiteral("list"))
                               : (watch ? QStringLiteral("watch") : QStringLiteral("get"));
    else if (method == QLatin1String("POST"))
        info.verb = QStringLiteral("create");
    else if (method == QLatin1String("PUT"))
        info.verb = QStringLiteral("update");
    else if (method == QLatin1String("PATCH"))
        info.verb = QStringLiteral("patch");
    else if (method == QLatin1String("DELETE"))
        info.verb = collection ? QStringLiteral("deletecollection") : QStringLiteral("delete");
    return info;
}

} // namespace flotilla::api
