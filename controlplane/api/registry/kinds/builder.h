#pragma once

#include "registry/kinds/printing.h"
#include "registry/kindtraits.h"

#include <QJsonArray>

namespace flotilla::api::kinds {

// Small helpers so each kind's definition reads as its facts.
inline KindTraits traits(const char *group, const char *kind, QStringList shortNames = {},
                         QStringList categories = {})
{
    KindTraits t;
    t.group = QLatin1String(group);
    t.kind = QLatin1String(kind);
    t.shortNames = std::move(shortNames);
    t.categories = std::move(categories);
    return t;
}

inline TableColumn column(const char *name, const char *type = "string", int priority = 0)
{
    return TableColumn{QLatin1String(name), QLatin1String(type), QString(), priority, QString()};
}

inline QStringList all()
{
    return {QStringLiteral("all")};
}

inline QJsonObject sub(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toObject();
}

inline QJsonValue num(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toInt(0);
}

inline void setDefault(QJsonObject &object, const char *key, const QJsonValue &value)
{
    if (!object.contains(QLatin1String(key)) || object.value(QLatin1String(key)).isNull())
        object.insert(QLatin1String(key), value);
}

// The kinds of each API group, defined in kinds/<group>.cpp.
QList<KindTraits> coreKinds();
QList<KindTraits> appsKinds();
QList<KindTraits> batchKinds();
QList<KindTraits> networkingKinds();
QList<KindTraits> otherKinds();

} // namespace flotilla::api::kinds
