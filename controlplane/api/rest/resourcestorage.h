#pragma once

#include "common/clock.h"
#include "registry/resourcetype.h"
#include "rest/apierror.h"
#include "rest/objectcache.h"
#include "storage/objectstore.h"

#include <QJsonObject>

#include <functional>
#include <optional>
#include <variant>

namespace flotilla::api {

// The outcome of one write: the object as stored (or as it would be, on a dry run) and
// the HTTP code to answer with, or an API error.
struct WriteResult
{
    std::optional<ApiError> error;
    QJsonObject object;
    int code = 200;

    static WriteResult failure(ApiError e) { return WriteResult{std::move(e), {}, 0}; }
};
using WriteDone = std::function<void(const WriteResult &)>;

// A change computed from the current object (PUT body, a patch, a scale, a binding).
using Mutation = std::function<std::variant<QJsonObject, ApiError>(const QJsonObject &current)>;

enum class UpdateTarget { Main, Status };

struct DeleteOptions
{
    std::optional<qint64> gracePeriodSeconds;
    QString propagationPolicy; // Background (default), Foreground, Orphan
    QString preconditionUid;
    QString preconditionResourceVersion;
};

// The life cycle of API objects on the object store, for every kind alike: metadata
// (uid, timestamps, generation, resourceVersion), defaulting and validation through the
// kind's traits, status/main separation, finalizers and graceful deletion, dry runs.
// All writes go through here — the REST handler's and, later, the controllers'.
class ResourceStorage final
{
public:
    ResourceStorage(storage::ObjectStore &store, ObjectCache &cache, const Clock &clock);

    storage::ObjectStore &store() { return m_store; }
    ObjectCache &cache() { return m_cache; }
    const Clock &clock() const { return m_clock; }

    // The current (newest, including queued writes) parsed object, or nullopt.
    std::optional<QJsonObject> latest(const ResourceType &type, const QString &ns,
                                      const QString &name);

    void create(const ResourceType &type, const QString &ns, QJsonObject object, bool dryRun,
                WriteDone done);
    void update(const ResourceType &type, const QString &ns, const QString &name,
                const Mutation &mutate, UpdateTarget target, bool dryRun, WriteDone done);
    void remove(const ResourceType &type, const QString &ns, const QString &name,
                const DeleteOptions &options, bool dryRun, WriteDone done);

    // Creates the object unless it exists (used at start for default namespaces).
    void ensureExists(const ResourceType &type, const QJsonObject &object);

private:
    std::optional<ApiError> checkNamespace(const ResourceType &type, const QString &ns) const;
    FieldErrors validate(const ResourceType &type, const QJsonObject &object,
                         const QJsonObject *old) const;
    void write(const ResourceType &type, const QByteArray &key, QJsonObject object,
               qint64 expectedRevision, bool created, WriteDone done);
    // Deletes the key now; the callback gets the object at the deletion's revision.
    void removeNow(const ResourceType &type, const QByteArray &key, qint64 expectedRevision,
                   QJsonObject object, WriteDone done);

    storage::ObjectStore &m_store;
    ObjectCache &m_cache;
    const Clock &m_clock;
};

ApiError storeError(const ResourceType &type, const QString &name, const Error &error);

} // namespace flotilla::api
