// Kinds of the core ("") API group.
#include "registry/kinds/builder.h"
#include "registry/kinds/podspec.h"
#include "registry/validation.h"

namespace flotilla::api::kinds {

namespace {

using namespace printing;

QString podPhaseReason(const QJsonObject &pod)
{
    const QJsonObject st = status(pod);
    QString reason = st.value(QLatin1String("reason")).toString();
    if (reason.isEmpty())
        reason = st.value(QLatin1String("phase")).toString();
    for (const QJsonValue &cs : st.value(QLatin1String("containerStatuses")).toArray()) {
        const QJsonObject state = cs.toObject().value(QLatin1String("state")).toObject();
        const QString waiting = state.value(QLatin1String("waiting"))
                                    .toObject()
                                    .value(QLatin1String("reason"))
                                    .toString();
        const QString terminated = state.value(QLatin1String("terminated"))
                                       .toObject()
                                       .value(QLatin1String("reason"))
                                       .toString();
        if (!waiting.isEmpty())
            reason = waiting;
        else if (!terminated.isEmpty())
            reason = terminated;
    }
    if (pod.value(QLatin1String("metadata"))
            .toObject()
            .contains(QLatin1String("deletionTimestamp")))
        reason = QStringLiteral("Terminating");
    return reason.isEmpty() ? QStringLiteral("Pending") : reason;
}

KindTraits pod()
{
    KindTraits t = traits("", "Pod", {QStringLiteral("po")}, all());
    t.columns = {column("Ready"),
                 column("Status"),
                 column("Restarts"),
                 column("Age"),
                 column("IP", "string", 1),
                 column("Node", "string", 1),
                 column("Nominated Node", "string", 1),
                 column("Readiness Gates", "string", 1)};
    t.cells = [](const QJsonObject &p, qint64 now) {
        const QJsonObject st = status(p);
        const QJsonArray containers = spec(p).value(QLatin1String("containers")).toArray();
        int ready = 0;
        int restarts = 0;
        for (const QJsonValue &cs : st.value(QLatin1String("containerStatuses")).toArray()) {
            ready += cs.toObject().value(QLatin1String("ready")).toBool() ? 1 : 0;
            restarts += cs.toObject().value(QLatin1String("restartCount")).toInt();
        }
        const QJsonArray gates = spec(p).value(QLatin1String("readinessGates")).toArray();
        return QJsonArray{QStringLiteral("%1/%2").arg(ready).arg(containers.size()),
                          podPhaseReason(p),
                          QString::number(restarts),
                          age(p, now),
                          orNone(st.value(QLatin1String("podIP")).toString()),
                          orNone(spec(p).value(QLatin1String("nodeName")).toString()),
                          orNone(st.value(QLatin1String("nominatedNodeName")).toString()),
                          gates.isEmpty() ? QStringLiteral("<none>")
                                          : QString::number(gates.size())};
    };
    t.defaults = [](QJsonObject &p) {
        QJsonObject s = spec(p);
        podspec::applyDefaults(s);
        setDefault(s, "enableServiceLinks", true);
        p.insert(QLatin1String("spec"), s);
    };
    t.validate = [](const QJsonObject &p, const QJsonObject *old) {
        FieldErrors errors = podspec::validate(spec(p), QStringLiteral("spec"));
        if (old) {
            // Most of a pod's spec is fixed once created; images may change.
            QJsonObject now = spec(p);
            QJsonObject before = spec(*old);
            for (QJsonObject *s : {&now, &before}) {
                QJsonArray containers;
                for (const QJsonValue &c : s->value(QLatin1String("containers")).toArray()) {
                    QJsonObject o = c.toObject();
                    o.remove(QLatin1String("image"));
                    containers.append(o);
                }
                s->insert(QLatin1String("containers"), containers);
                for (const char *mutableField :
                     {"activeDeadlineSeconds", "tolerations", "nodeName"})
                    s->remove(QLatin1String(mutableField));
            }
            if (now != before)
                errors << validation::forbidden(
                    QStringLiteral("spec"),
                    QStringLiteral("pod updates may not change fields other than "
                                   "`spec.containers[*].image`, "
                                   "`spec.activeDeadlineSeconds` or "
                                   "`spec.tolerations` (only additions to "
                                   "existing tolerations)"));
        }
        return errors;
    };
    t.fieldSelectors = {
        {QStringLiteral("spec.nodeName"),
         [](const QJsonObject &p) { return spec(p).value(QLatin1String("nodeName")).toString(); }},
        {QStringLiteral("spec.schedulerName"),
         [](const QJsonObject &p) {
             return spec(p).value(QLatin1String("schedulerName")).toString();
         }},
        {QStringLiteral("spec.serviceAccountName"),
         [](const QJsonObject &p) {
             return spec(p).value(QLatin1String("serviceAccountName")).toString();
         }},
        {QStringLiteral("spec.hostNetwork"),
         [](const QJsonObject &p) {
             return spec(p).value(QLatin1String("hostNetwork")).toBool() ? QStringLiteral("true")
                                                                         : QStringLiteral("false");
         }},
        {QStringLiteral("spec.restartPolicy"),
         [](const QJsonObject &p) {
             return spec(p).value(QLatin1String("restartPolicy")).toString();
         }},
        {QStringLiteral("status.phase"),
         [](const QJsonObject &p) { return status(p).value(QLatin1String("phase")).toString(); }},
        {QStringLiteral("status.podIP"),
         [](const QJsonObject &p) { return status(p).value(QLatin1String("podIP")).toString(); }},
        {QStringLiteral("status.nominatedNodeName"),
         [](const QJsonObject &p) {
             return status(p).value(QLatin1String("nominatedNodeName")).toString();
         }},
    };
    t.clearStatusOnCreate = false; // a new pod starts Pending (set by the REST layer)
    return t;
}

KindTraits service()
{
    KindTraits t = traits("", "Service", {QStringLiteral("svc")}, all());
    t.nameIsDnsLabel = true;
    t.columns = {column("Type"),    column("Cluster-IP"), column("External-IP"),
                 column("Port(s)"), column("Age"),        column("Selector", "string", 1)};
    t.cells = [](const QJsonObject &s, qint64 now) {
        const QJsonObject sp = spec(s);
        QStringList ports;
        for (const QJsonValue &p : sp.value(QLatin1String("ports")).toArray()) {
            const QJsonObject port = p.toObject();
            QString text = QString::number(port.value(QLatin1String("port")).toInt());
            if (port.contains(QLatin1String("nodePort")))
                text += QLatin1Char(':') +
                        QString::number(port.value(QLatin1String("nodePort")).toInt());
            ports << text + QLatin1Char('/') +
                         port.value(QLatin1String("protocol")).toString(QStringLiteral("TCP"));
        }
        QStringList external;
        for (const QJsonValue &ip : sp.value(QLatin1String("externalIPs")).toArray())
            external << ip.toString();
        for (const QJsonValue &ing : status(s)
                                         .value(QLatin1String("loadBalancer"))
                                         .toObject()
                                         .value(QLatin1String("ingress"))
                                         .toArray())
            external << ing.toObject().value(QLatin1String("ip")).toString();
        const QString type = sp.value(QLatin1String("type")).toString(QStringLiteral("ClusterIP"));
        QString externalText = external.join(QLatin1Char(','));
        if (externalText.isEmpty())
            externalText = type == QLatin1String("LoadBalancer") ? QStringLiteral("<pending>")
                           : type == QLatin1String("ExternalName")
                               ? sp.value(QLatin1String("externalName")).toString()
                               : QStringLiteral("<none>");
        return QJsonArray{
            type,         orNone(sp.value(QLatin1String("clusterIP")).toString()),
            externalText, ports.isEmpty() ? QStringLiteral("<none>") : ports.join(QLatin1Char(',')),
            age(s, now),  orNone(labelsText(sp.value(QLatin1String("selector")).toObject()))};
    };
    t.defaults = [](QJsonObject &s) {
        QJsonObject sp = spec(s);
        setDefault(sp, "type", QStringLiteral("ClusterIP"));
        setDefault(sp, "sessionAffinity", QStringLiteral("None"));
        setDefault(sp, "internalTrafficPolicy", QStringLiteral("Cluster"));
        setDefault(sp, "ipFamilyPolicy", QStringLiteral("SingleStack"));
        setDefault(sp, "ipFamilies", QJsonArray{QStringLiteral("IPv4")});
        QJsonArray ports;
        for (const QJsonValue &p : sp.value(QLatin1String("ports")).toArray()) {
            QJsonObject port = p.toObject();
            setDefault(port, "protocol", QStringLiteral("TCP"));
            setDefault(port, "targetPort", port.value(QLatin1String("port")));
            ports.append(port);
        }
        if (!ports.isEmpty())
            sp.insert(QLatin1String("ports"), ports);
        s.insert(QLatin1String("spec"), sp);
    };
    t.validate = [](const QJsonObject &s, const QJsonObject *old) {
        FieldErrors errors;
        const QJsonObject sp = spec(s);
        const QString type = sp.value(QLatin1String("type")).toString();
        static const QStringList types = {QStringLiteral("ClusterIP"), QStringLiteral("NodePort"),
                                          QStringLiteral("LoadBalancer"),
                                          QStringLiteral("ExternalName")};
        if (!types.contains(type))
            errors << validation::notSupported(QStringLiteral("spec.type"), type, types);
        const QJsonArray ports = sp.value(QLatin1String("ports")).toArray();
        if (ports.isEmpty() && type != QLatin1String("ExternalName") &&
            sp.value(QLatin1String("clusterIP")).toString() != QLatin1String("None"))
            errors << validation::required(QStringLiteral("spec.ports"));
        for (qsizetype i = 0; i < ports.size(); ++i) {
            const QJsonValue port = ports[i].toObject().value(QLatin1String("port"));
            if (port.toInt() < 1 || port.toInt() > 65535)
                errors << validation::invalid(
                    QStringLiteral("spec.ports[%1].port").arg(i), port,
                    QStringLiteral("must be between 1 and 65535, inclusive"));
            if (ports.size() > 1 &&
                ports[i].toObject().value(QLatin1String("name")).toString().isEmpty())
                errors << validation::required(QStringLiteral("spec.ports[%1].name").arg(i));
        }
        if (old) {
            const QString before = spec(*old).value(QLatin1String("clusterIP")).toString();
            const QString now = sp.value(QLatin1String("clusterIP")).toString();
            if (!before.isEmpty() && !now.isEmpty() && before != now)
                validation::immutable(errors, now, before, QStringLiteral("spec.clusterIP"));
        }
        return errors;
    };
    t.fieldSelectors = {
        {QStringLiteral("spec.clusterIP"),
         [](const QJsonObject &s) { return spec(s).value(QLatin1String("clusterIP")).toString(); }},
        {QStringLiteral("spec.type"),
         [](const QJsonObject &s) { return spec(s).value(QLatin1String("type")).toString(); }}};
    return t;
}

KindTraits namespaceKind()
{
    KindTraits t = traits("", "Namespace", {QStringLiteral("ns")});
    t.nameIsDnsLabel = true;
    t.specTracksGeneration = false;
    t.clearStatusOnCreate = false;
    t.columns = {column("Status"), column("Age")};
    t.cells = [](const QJsonObject &n, qint64 now) {
        return QJsonArray{
            status(n).value(QLatin1String("phase")).toString(QStringLiteral("Active")),
            age(n, now)};
    };
    t.defaults = [](QJsonObject &n) {
        QJsonObject st = status(n);
        setDefault(st, "phase", QStringLiteral("Active"));
        n.insert(QLatin1String("status"), st);
        QJsonObject sp = spec(n);
        setDefault(sp, "finalizers", QJsonArray{QStringLiteral("kubernetes")});
        n.insert(QLatin1String("spec"), sp);
        // Upstream labels every namespace with its own name.
        QJsonObject meta = n.value(QLatin1String("metadata")).toObject();
        QJsonObject labels = meta.value(QLatin1String("labels")).toObject();
        labels.insert(QStringLiteral("kubernetes.io/metadata.name"),
                      meta.value(QLatin1String("name")));
        meta.insert(QLatin1String("labels"), labels);
        n.insert(QLatin1String("metadata"), meta);
    };
    t.fieldSelectors = {{QStringLiteral("status.phase"), [](const QJsonObject &n) {
                             return status(n).value(QLatin1String("phase")).toString();
                         }}};
    return t;
}

KindTraits node()
{
    KindTraits t = traits("", "Node", {QStringLiteral("no")});
    t.specTracksGeneration = false;
    t.clearStatusOnCreate = false;
    t.columns = {column("Status"),
                 column("Roles"),
                 column("Age"),
                 column("Version"),
                 column("Internal-IP", "string", 1),
                 column("External-IP", "string", 1),
                 column("OS-Image", "string", 1),
                 column("Kernel-Version", "string", 1),
                 column("Container-Runtime", "string", 1)};
    t.cells = [](const QJsonObject &n, qint64 now) {
        QString ready = QStringLiteral("Unknown");
        for (const QJsonValue &c : status(n).value(QLatin1String("conditions")).toArray()) {
            const QJsonObject cond = c.toObject();
            if (cond.value(QLatin1String("type")).toString() == QLatin1String("Ready"))
                ready = cond.value(QLatin1String("status")).toString() == QLatin1String("True")
                            ? QStringLiteral("Ready")
                            : QStringLiteral("NotReady");
        }
        if (spec(n).value(QLatin1String("unschedulable")).toBool())
            ready += QStringLiteral(",SchedulingDisabled");
        QStringList roles;
        const QJsonObject labels =
            n.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it) {
            if (it.key().startsWith(QLatin1String("node-role.kubernetes.io/")))
                roles << it.key().mid(24);
        }
        QString internalIp;
        QString externalIp;
        for (const QJsonValue &a : status(n).value(QLatin1String("addresses")).toArray()) {
            const QJsonObject addr = a.toObject();
            if (addr.value(QLatin1String("type")).toString() == QLatin1String("InternalIP") &&
                internalIp.isEmpty())
                internalIp = addr.value(QLatin1String("address")).toString();
            if (addr.value(QLatin1String("type")).toString() == QLatin1String("ExternalIP") &&
                externalIp.isEmpty())
                externalIp = addr.value(QLatin1String("address")).toString();
        }
        const QJsonObject info = status(n).value(QLatin1String("nodeInfo")).toObject();
        return QJsonArray{ready,
                          orNone(roles.join(QLatin1Char(','))),
                          age(n, now),
                          info.value(QLatin1String("kubeletVersion")).toString(),
                          orNone(internalIp),
                          orNone(externalIp),
                          orNone(info.value(QLatin1String("osImage")).toString()),
                          orNone(info.value(QLatin1String("kernelVersion")).toString()),
                          orNone(info.value(QLatin1String("containerRuntimeVersion")).toString())};
    };
    t.fieldSelectors = {{QStringLiteral("spec.unschedulable"), [](const QJsonObject &n) {
                             return spec(n).value(QLatin1String("unschedulable")).toBool()
                                        ? QStringLiteral("true")
                                        : QStringLiteral("false");
                         }}};
    return t;
}

KindTraits configMap()
{
    KindTraits t = traits("", "ConfigMap", {QStringLiteral("cm")});
    t.specTracksGeneration = false;
    t.columns = {column("Data", "integer"), column("Age")};
    t.cells = [](const QJsonObject &c, qint64 now) {
        return QJsonArray{sub(c, "data").size() + sub(c, "binaryData").size(), age(c, now)};
    };
    return t;
}

KindTraits secret()
{
    KindTraits t = traits("", "Secret");
    t.specTracksGeneration = false;
    t.columns = {column("Type"), column("Data", "integer"), column("Age")};
    t.cells = [](const QJsonObject &s, qint64 now) {
        return QJsonArray{s.value(QLatin1String("type")).toString(), sub(s, "data").size(),
                          age(s, now)};
    };
    t.defaults = [](QJsonObject &s) { setDefault(s, "type", QStringLiteral("Opaque")); };
    t.validate = [](const QJsonObject &s, const QJsonObject *old) {
        FieldErrors errors;
        const QJsonObject data = sub(s, "data");
        qint64 total = 0;
        for (auto it = data.begin(); it != data.end(); ++it) {
            const QByteArray decoded = QByteArray::fromBase64(
                it.value().toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (decoded.isEmpty() && !it.value().toString().isEmpty())
                errors << validation::invalid(QStringLiteral("data[%1]").arg(it.key()),
                                              QStringLiteral("<secret contents redacted>"),
                                              QStringLiteral("must be base64 encoded"));
            total += decoded.size();
        }
        if (total > 1024 * 1024)
            errors << FieldError{FieldError::Type::TooLong, QStringLiteral("data"),
                                 QStringLiteral("must have at most 1048576 bytes"),
                                 QJsonValue::Undefined};
        if (old)
            validation::immutable(errors, s.value(QLatin1String("type")),
                                  old->value(QLatin1String("type")), QStringLiteral("type"));
        return errors;
    };
    t.fieldSelectors = {{QStringLiteral("type"), [](const QJsonObject &s) {
                             return s.value(QLatin1String("type")).toString();
                         }}};
    return t;
}

KindTraits coreEvent()
{
    KindTraits t = traits("", "Event", {QStringLiteral("ev")});
    t.specTracksGeneration = false;
    t.columns = {column("Last Seen"), column("Type"), column("Reason"), column("Object"),
                 column("Message")};
    t.cells = [](const QJsonObject &e, qint64 now) {
        const QJsonObject involved = sub(e, "involvedObject");
        QString last = e.value(QLatin1String("lastTimestamp")).toString();
        if (last.isEmpty())
            last = e.value(QLatin1String("eventTime")).toString();
        return QJsonArray{
            last.isEmpty() ? QStringLiteral("<unknown>") : ageOf(last, now),
            e.value(QLatin1String("type")).toString(), e.value(QLatin1String("reason")).toString(),
            QString(involved.value(QLatin1String("kind")).toString().toLower() + QLatin1Char('/') +
                    involved.value(QLatin1String("name")).toString()),
            e.value(QLatin1String("message")).toString()};
    };
    auto involved = [](const char *field) {
        return [field](const QJsonObject &e) {
            return sub(e, "involvedObject").value(QLatin1String(field)).toString();
        };
    };
    t.fieldSelectors = {
        {QStringLiteral("involvedObject.kind"), involved("kind")},
        {QStringLiteral("involvedObject.namespace"), involved("namespace")},
        {QStringLiteral("involvedObject.name"), involved("name")},
        {QStringLiteral("involvedObject.uid"), involved("uid")},
        {QStringLiteral("involvedObject.apiVersion"), involved("apiVersion")},
        {QStringLiteral("involvedObject.resourceVersion"), involved("resourceVersion")},
        {QStringLiteral("involvedObject.fieldPath"), involved("fieldPath")},
        {QStringLiteral("reason"),
         [](const QJsonObject &e) { return e.value(QLatin1String("reason")).toString(); }},
        {QStringLiteral("reportingComponent"),
         [](const QJsonObject &e) {
             return e.value(QLatin1String("reportingComponent")).toString();
         }},
        {QStringLiteral("source"),
         [](const QJsonObject &e) {
             return sub(e, "source").value(QLatin1String("component")).toString();
         }},
        {QStringLiteral("type"),
         [](const QJsonObject &e) { return e.value(QLatin1String("type")).toString(); }}};
    return t;
}

KindTraits replicationController()
{
    KindTraits t = traits("", "ReplicationController", {QStringLiteral("rc")}, all());
    t.columns = {column("Desired", "integer"),      column("Current", "integer"),
                 column("Ready", "integer"),        column("Age"),
                 column("Containers", "string", 1), column("Images", "string", 1),
                 column("Selector", "string", 1)};
    t.cells = [](const QJsonObject &r, qint64 now) {
        const QJsonObject tmpl = sub(spec(r), "template");
        return QJsonArray{num(spec(r), "replicas"),
                          num(status(r), "replicas"),
                          num(status(r), "readyReplicas"),
                          age(r, now),
                          containerNames(sub(tmpl, "spec")),
                          containerImages(sub(tmpl, "spec")),
                          labelsText(sub(spec(r), "selector"))};
    };
    t.defaults = [](QJsonObject &r) {
        QJsonObject sp = spec(r);
        setDefault(sp, "replicas", 1);
        QJsonObject tmpl = sub(sp, "template");
        podspec::applyTemplateDefaults(tmpl);
        sp.insert(QLatin1String("template"), tmpl);
        // An RC without a selector selects its template's labels.
        if (sub(sp, "selector").isEmpty())
            sp.insert(QLatin1String("selector"),
                      sub(tmpl, "metadata").value(QLatin1String("labels")));
        r.insert(QLatin1String("spec"), sp);
    };
    return t;
}

KindTraits serviceAccount()
{
    KindTraits t = traits("", "ServiceAccount", {QStringLiteral("sa")});
    t.specTracksGeneration = false;
    t.columns = {column("Secrets", "integer"), column("Age")};
    t.cells = [](const QJsonObject &s, qint64 now) {
        return QJsonArray{s.value(QLatin1String("secrets")).toArray().size(), age(s, now)};
    };
    return t;
}

KindTraits endpoints()
{
    KindTraits t = traits("", "Endpoints", {QStringLiteral("ep")});
    t.specTracksGeneration = false;
    t.columns = {column("Endpoints"), column("Age")};
    t.cells = [](const QJsonObject &e, qint64 now) {
        QStringList items;
        for (const QJsonValue &subset : e.value(QLatin1String("subsets")).toArray()) {
            for (const QJsonValue &a :
                 subset.toObject().value(QLatin1String("addresses")).toArray()) {
                const QString ip = a.toObject().value(QLatin1String("ip")).toString();
                const QJsonArray ports = subset.toObject().value(QLatin1String("ports")).toArray();
                if (ports.isEmpty())
                    items << ip;
                for (const QJsonValue &p : ports)
                    items << ip + QLatin1Char(':') +
                                 QString::number(p.toObject().value(QLatin1String("port")).toInt());
            }
        }
        QString text = items.mid(0, 3).join(QLatin1Char(','));
        if (items.size() > 3)
            text += QStringLiteral(" + %1 more...").arg(items.size() - 3);
        return QJsonArray{orNone(text), age(e, now)};
    };
    return t;
}

// kubectl's short forms: RWO, ROX, RWX, RWOP.
QString accessModesText(const QJsonArray &accessModes)
{
    QStringList modes;
    for (const QJsonValue &m : accessModes)
        modes << m.toString()
                     .replace(QLatin1String("ReadWriteOncePod"), QLatin1String("RWOP"))
                     .replace(QLatin1String("ReadWriteOnce"), QLatin1String("RWO"))
                     .replace(QLatin1String("ReadOnlyMany"), QLatin1String("ROX"))
                     .replace(QLatin1String("ReadWriteMany"), QLatin1String("RWX"));
    return modes.join(QLatin1Char(','));
}

KindTraits persistentVolume()
{
    KindTraits t = traits("", "PersistentVolume", {QStringLiteral("pv")});
    t.columns = {column("Capacity"), column("Access Modes"), column("Reclaim Policy"),
                 column("Status"),   column("Claim"),        column("StorageClass"),
                 column("Reason"),   column("Age")};
    t.cells = [](const QJsonObject &p, qint64 now) {
        const QJsonObject sp = spec(p);
        const QString modes = accessModesText(sp.value(QLatin1String("accessModes")).toArray());
        const QJsonObject claim = sub(sp, "claimRef");
        return QJsonArray{sub(sp, "capacity").value(QLatin1String("storage")).toString(),
                          modes,
                          sp.value(QLatin1String("persistentVolumeReclaimPolicy")).toString(),
                          status(p).value(QLatin1String("phase")).toString(),
                          claim.isEmpty()
                              ? QString()
                              : QString(claim.value(QLatin1String("namespace")).toString() +
                                        QLatin1Char('/') +
                                        claim.value(QLatin1String("name")).toString()),
                          sp.value(QLatin1String("storageClassName")).toString(),
                          status(p).value(QLatin1String("reason")).toString(),
                          age(p, now)};
    };
    t.defaults = [](QJsonObject &p) {
        QJsonObject sp = spec(p);
        setDefault(sp, "persistentVolumeReclaimPolicy", QStringLiteral("Retain"));
        setDefault(sp, "volumeMode", QStringLiteral("Filesystem"));
        p.insert(QLatin1String("spec"), sp);
        QJsonObject st = status(p);
        setDefault(st, "phase", QStringLiteral("Pending"));
        p.insert(QLatin1String("status"), st);
    };
    t.clearStatusOnCreate = false;
    return t;
}

KindTraits persistentVolumeClaim()
{
    KindTraits t = traits("", "PersistentVolumeClaim", {QStringLiteral("pvc")});
    t.columns = {column("Status"),
                 column("Volume"),
                 column("Capacity"),
                 column("Access Modes"),
                 column("StorageClass"),
                 column("Age"),
                 column("VolumeMode", "string", 1)};
    t.cells = [](const QJsonObject &p, qint64 now) {
        const QJsonObject sp = spec(p);
        const QString modes =
            accessModesText(status(p).value(QLatin1String("accessModes")).toArray());
        return QJsonArray{
            status(p).value(QLatin1String("phase")).toString(QStringLiteral("Pending")),
            sp.value(QLatin1String("volumeName")).toString(),
            sub(status(p), "capacity").value(QLatin1String("storage")).toString(),
            modes,
            orNone(sp.value(QLatin1String("storageClassName")).toString()),
            age(p, now),
            sp.value(QLatin1String("volumeMode")).toString()};
    };
    t.defaults = [](QJsonObject &p) {
        QJsonObject sp = spec(p);
        setDefault(sp, "volumeMode", QStringLiteral("Filesystem"));
        p.insert(QLatin1String("spec"), sp);
        QJsonObject st = status(p);
        setDefault(st, "phase", QStringLiteral("Pending"));
        p.insert(QLatin1String("status"), st);
    };
    t.clearStatusOnCreate = false;
    return t;
}

KindTraits limitRange()
{
    KindTraits t = traits("", "LimitRange", {QStringLiteral("limits")});
    t.columns = {column("Created At", "date")};
    t.cells = [](const QJsonObject &l, qint64) {
        return QJsonArray{l.value(QLatin1String("metadata"))
                              .toObject()
                              .value(QLatin1String("creationTimestamp"))
                              .toString()};
    };
    return t;
}

KindTraits resourceQuota()
{
    KindTraits t = traits("", "ResourceQuota", {QStringLiteral("quota")});
    t.columns = {column("Age"), column("Request"), column("Limit")};
    t.cells = [](const QJsonObject &q, qint64 now) {
        QStringList request;
        const QJsonObject hard = sub(status(q), "hard");
        const QJsonObject used = sub(status(q), "used");
        for (auto it = hard.begin(); it != hard.end(); ++it)
            request << it.key() + QStringLiteral(": ") +
                           used.value(it.key()).toString(QStringLiteral("0")) + QLatin1Char('/') +
                           it.value().toString();
        return QJsonArray{age(q, now), request.join(QStringLiteral(", ")), QString()};
    };
    return t;
}

} // namespace

QList<KindTraits> coreKinds()
{
    return {pod(),
            service(),
            namespaceKind(),
            node(),
            configMap(),
            secret(),
            coreEvent(),
            replicationController(),
            serviceAccount(),
            endpoints(),
            persistentVolume(),
            persistentVolumeClaim(),
            limitRange(),
            resourceQuota()};
}

} // namespace flotilla::api::kinds
