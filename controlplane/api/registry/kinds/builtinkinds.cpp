#include "registry/kinds/builder.h"

#include <QHash>

namespace flotilla::api {

namespace {

const QList<KindTraits> &table()
{
    static const QList<KindTraits> kinds = kinds::coreKinds() + kinds::appsKinds() +
                                           kinds::batchKinds() + kinds::networkingKinds() +
                                           kinds::otherKinds();
    return kinds;
}

} // namespace

const KindTraits *builtinKindTraits(const QString &group, const QString &kind)
{
    for (const KindTraits &traits : table()) {
        if (traits.group == group && traits.kind == kind)
            return &traits;
    }
    return nullptr;
}

QList<const KindTraits *> allBuiltinKindTraits()
{
    QList<const KindTraits *> all;
    for (const KindTraits &traits : table())
        all << &traits;
    return all;
}

} // namespace flotilla::api
