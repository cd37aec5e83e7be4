#pragma once

#include "registry/kindtraits.h"
#include "schema/apischema.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace flotilla::api {

struct Subresource
{
    QString name;         // "status", "scale", "binding", "eviction", …
    GroupVersionKind gvk; // what its body is: the parent kind for status, Scale for scale
    QStringList verbs;
};

// One served resource: what discovery advertises and what the REST layer needs to
// route, store and present it. Built from the upstream path data plus KindTraits.
struct ResourceType
{
    GroupVersionKind gvk;
    QString plural;   // "deployments"
    QString singular; // "deployment"
    bool namespaced = true;
    QStringList verbs; // sorted, as discovery lists them
    QList<Subresource> subresources;
    const KindTraits *traits = nullptr;

    QString groupVersion() const { return gvk.apiVersion(); }
    const Subresource *subresource(const QString &name) const
    {
        for (const Subresource &sub : subresources) {
            if (sub.name == name)
                return &sub;
        }
        return nullptr;
    }
    bool hasVerb(const QString &verb) const { return verbs.contains(verb); }

    // Store layout: /registry/<group|core>/<plural>/[<namespace>/]<name>. The trailing
    // slash of a prefix keeps "default" from also matching "default2".
    QByteArray storagePrefix() const
    {
        return "/registry/" + (gvk.group.isEmpty() ? QByteArray("core") : gvk.group.toUtf8()) +
               '/' + plural.toUtf8() + '/';
    }
    QByteArray namespacePrefix(const QString &ns) const
    {
        return namespaced && !ns.isEmpty() ? storagePrefix() + ns.toUtf8() + '/' : storagePrefix();
    }
    QByteArray key(const QString &ns, const QString &name) const
    {
        return namespacePrefix(ns) + name.toUtf8();
    }
};

} // namespace flotilla::api
