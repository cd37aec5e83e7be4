// Kinds of networking.k8s.io/v1 and discovery.k8s.io/v1.
#include "registry/kinds/builder.h"
#include "registry/validation.h"

namespace flotilla::api::kinds {

namespace {

using namespace printing;

KindTraits ingress()
{
    KindTraits t = traits("networking.k8s.io", "Ingress", {QStringLiteral("ing")});
    t.columns = {column("Class"), column("Hosts"), column("Address"), column("Ports"),
                 column("Age")};
    t.cells = [](const QJsonObject &i, qint64 now) {
        const QJsonObject sp = spec(i);
        QStringList hosts;
        for (const QJsonValue &r : sp.value(QLatin1String("rules")).toArray()) {
            const QString host = r.toObject().value(QLatin1String("host")).toString();
            hosts << (host.isEmpty() ? QStringLiteral("*") : host);
        }
        QStringList addresses;
        for (const QJsonValue &a :
             sub(status(i), "loadBalancer").value(QLatin1String("ingress")).toArray()) {
            const QJsonObject o = a.toObject();
            addresses << (o.contains(QLatin1String("ip"))
                              ? o.value(QLatin1String("ip")).toString()
                              : o.value(QLatin1String("hostname")).toString());
        }
        const bool tls = !sp.value(QLatin1String("tls")).toArray().isEmpty();
        return QJsonArray{orNone(sp.value(QLatin1String("ingressClassName")).toString()),
                          hosts.isEmpty() ? QStringLiteral("*") : hosts.join(QLatin1Char(',')),
                          addresses.join(QLatin1Char(',')),
                          tls ? QStringLiteral("80, 443") : QStringLiteral("80"), age(i, now)};
    };
    t.validate = [](const QJsonObject &i, const QJsonObject *) {
        FieldErrors errors;
        const QJsonObject sp = spec(i);
        if (!sp.contains(QLatin1String("defaultBackend")) &&
            sp.value(QLatin1String("rules")).toArray().isEmpty())
            errors << validation::invalid(
                QStringLiteral("spec"), sp,
                QStringLiteral("either `defaultBackend` or `rules` must be specified"));
        const QJsonArray rules = sp.value(QLatin1String("rules")).toArray();
        for (qsizetype r = 0; r < rules.size(); ++r) {
            const QJsonArray paths =
                sub(rules[r].toObject(), "http").value(QLatin1String("paths")).toArray();
            for (qsizetype p = 0; p < paths.size(); ++p) {
                const QString type =
                    paths[p].toObject().value(QLatin1String("pathType")).toString();
                static const QStringList types = {QStringLiteral("Exact"),
                                                  QStringLiteral("ImplementationSpecific"),
                                                  QStringLiteral("Prefix")};
                if (!types.contains(type))
                    errors << validation::notSupported(
                        QStringLiteral("spec.rules[%1].http.paths[%2].pathType").arg(r).arg(p),
                        type, types);
            }
        }
        return errors;
    };
    return t;
}

KindTraits ingressClass()
{
    KindTraits t = traits("networking.k8s.io", "IngressClass");
    t.columns = {column("Controller"), column("Parameters"), column("Age")};
    t.cells = [](const QJsonObject &c, qint64 now) {
        const QJsonObject params = sub(spec(c), "parameters");
        return QJsonArray{spec(c).value(QLatin1String("controller")).toString(),
                          params.isEmpty()
                              ? QStringLiteral("<none>")
                              : QString(params.value(QLatin1String("kind")).toString() +
                                        QLatin1Char('/') +
                                        params.value(QLatin1String("name")).toString()),
                          age(c, now)};
    };
    return t;
}

KindTraits networkPolicy()
{
    KindTraits t = traits("networking.k8s.io", "NetworkPolicy", {QStringLiteral("netpol")});
    t.columns = {column("Pod-Selector"), column("Age")};
    t.cells = [](const QJsonObject &n, qint64 now) {
        return QJsonArray{orNone(selectorText(sub(spec(n), "podSelector"))), age(n, now)};
    };
    t.defaults = [](QJsonObject &n) {
        QJsonObject sp = spec(n);
        if (!sp.contains(QLatin1String("policyTypes"))) {
            QJsonArray types{QStringLiteral("Ingress")};
            if (sp.contains(QLatin1String("egress")))
                types.append(QStringLiteral("Egress"));
            sp.insert(QLatin1String("policyTypes"), types);
        }
        n.insert(QLatin1String("spec"), sp);
    };
    return t;
}

KindTraits endpointSlice()
{
    KindTraits t = traits("discovery.k8s.io", "EndpointSlice");
    t.specTracksGeneration = false;
    t.columns = {column("AddressType"), column("Ports"), column("Endpoints"), column("Age")};
    t.cells = [](const QJsonObject &e, qint64 now) {
        QStringList ports;
        for (const QJsonValue &p : e.value(QLatin1String("ports")).toArray())
            ports << QString::number(p.toObject().value(QLatin1String("port")).toInt());
        QStringList addresses;
        for (const QJsonValue &ep : e.value(QLatin1String("endpoints")).toArray()) {
            for (const QJsonValue &a : ep.toObject().value(QLatin1String("addresses")).toArray())
                addresses << a.toString();
        }
        QString text = addresses.mid(0, 3).join(QLatin1Char(','));
        if (addresses.size() > 3)
            text += QStringLiteral(" + %1 more...").arg(addresses.size() - 3);
        return QJsonArray{e.value(QLatin1String("addressType")).toString(),
                          ports.isEmpty() ? QStringLiteral("<unset>")
                                          : ports.join(QLatin1Char(',')),
                          addresses.isEmpty() ? QStringLiteral("<unset>") : text, age(e, now)};
    };
    t.fieldSelectors = {{QStringLiteral("addressType"), [](const QJsonObject &e) {
                             return e.value(QLatin1String("addressType")).toString();
                         }}};
    return t;
}

} // namespace

QList<KindTraits> networkingKinds()
{
    return {ingress(), ingressClass(), networkPolicy(), endpointSlice()};
}

} // namespace flotilla::api::kinds
