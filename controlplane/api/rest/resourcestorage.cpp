#include "rest/resourcestorage.h"

#include "registry/resourceregistry.h"
#include "registry/validation.h"
#include "rest/objectmeta.h"

#include <QJsonArray>
#include <QUuid>

namespace flotilla::api {

namespace {

const QLatin1String kMetadata("metadata");
const QLatin1String kStatus("status");

bool hasStatusSubresource(const ResourceType &type)
{
    return type.subresource(QStringLiteral("status")) != nullptr;
}

// Everything but metadata and status: what a spec change (and so a new generation) is.
QJsonObject specPart(QJsonObject object)
{
    object.remove(kMetadata);
    object.remove(kStatus);
    return object;
}

QString podQosClass(const QJsonObject &pod)
{
    bool anyRequest = false;
    bool allGuaranteed = true;
    for (const QJsonValue &c :
         pod.value(QLatin1String("spec")).toObject().value(QLatin1String("containers")).toArray()) {
        const QJsonObject resources = c.toObject().value(QLatin1String("resources")).toObject();
        const QJsonObject requests = resources.value(QLatin1String("requests")).toObject();
        const QJsonObject limits = resources.value(QLatin1String("limits")).toObject();
        anyRequest = anyRequest || !requests.isEmpty() || !limits.isEmpty();
        for (const char *r : {"cpu", "memory"}) {
            const QJsonValue limit = limits.value(QLatin1String(r));
            const QJsonValue request = requests.value(QLatin1String(r));
            if (limit.isUndefined() || (!request.isUndefined() && request != limit))
                allGuaranteed = false;
        }
    }
    if (!anyRequest)
        return QStringLiteral("BestEffort");
    return allGuaranteed ? QStringLiteral("Guaranteed") : QStringLiteral("Burstable");
}

const ResourceType &namespaces()
{
    return *ResourceRegistry::builtin().find(QString(), QStringLiteral("v1"),
                                             QStringLiteral("namespaces"));
}

} // namespace

ApiError storeError(const ResourceType &type, const QString &name, const Error &error)
{
    switch (error.code) {
    case ErrorCode::NotFound:
        return ApiError::notFound(type, name);
    case ErrorCode::AlreadyExists:
        return ApiError::alreadyExists(type, name);
    case ErrorCode::Conflict:
        return ApiError::conflict(
            type, name,
            QStringLiteral("the object has been modified; please apply your changes to the "
                           "latest version and try again"));
    case ErrorCode::Expired:
        return ApiError::expired(error.message);
    case ErrorCode::Unavailable:
        return ApiError::unavailable(error.message);
    case ErrorCode::InvalidArgument:
        return ApiError::badRequest(error.message);
    case ErrorCode::Corrupt:
    case ErrorCode::Internal:
        break;
    }
    return ApiError::internal(error.message);
}

ResourceStorage::ResourceStorage(storage::ObjectStore &store, ObjectCache &cache,
                                 const Clock &clock)
    : m_store(store)
    , m_cache(cache)
    , m_clock(clock)
{}

std::optional<QJsonObject> ResourceStorage::latest(const ResourceType &type, const QString &ns,
                                                   const QString &name)
{
    const auto kv = m_store.latest(type.key(ns, name));
    if (!kv)
        return std::nullopt;
    const auto parsed = m_cache.get(*kv);
    if (!parsed)
        return std::nullopt;
    return *parsed;
}

std::optional<ApiError> ResourceStorage::checkNamespace(const ResourceType &type,
                                                        const QString &ns) const
{
    if (!type.namespaced)
        return std::nullopt;
    const auto kv = m_store.latest(namespaces().key(QString(), ns));
    if (!kv)
        return ApiError::notFound(namespaces(), ns);
    const auto parsed = m_cache.get(*kv);
    if (parsed && meta::of(*parsed).contains(QLatin1String("deletionTimestamp")))
        return ApiError{
            403, QStringLiteral("Forbidden"),
            QStringLiteral(
                "unable to create new content in namespace %1 because it is being terminated")
                .arg(ns),
            QJsonObject{{QStringLiteral("kind"), type.plural}}};
    return std::nullopt;
}

FieldErrors ResourceStorage::validate(const ResourceType &type, const QJsonObject &object,
                                      const QJsonObject *old) const
{
    FieldErrors errors =
        validation::objectMeta(meta::of(object), type.namespaced, type.traits->nameIsDnsLabel);
    if (type.traits->validate)
        errors += type.traits->validate(object, old);
    if (old) {
        // Identity and history are the server's: they cannot change through an update.
        validation::immutable(errors, meta::of(object).value(QLatin1String("uid")),
                              meta::of(*old).value(QLatin1String("uid")),
                              QStringLiteral("metadata.uid"));
        validation::immutable(errors, meta::of(object).value(QLatin1String("creationTimestamp")),
                              meta::of(*old).value(QLatin1String("creationTimestamp")),
                              QStringLiteral("metadata.creationTimestamp"));
    }
    return errors;
}

void ResourceStorage::create(const ResourceType &type, const QString &ns, QJsonObject object,
                             bool dryRun, WriteDone done)
{
    QJsonObject metadata = meta::of(object);
    if (type.namespaced) {
        const QString bodyNs = metadata.value(QLatin1String("namespace")).toString();
        if (!bodyNs.isEmpty() && bodyNs != ns)
            return done(WriteResult::failure(ApiError::badRequest(
                QStringLiteral("the namespace of the provided object does not match the "
                               "namespace sent on the request"))));
        metadata.insert(QLatin1String("namespace"), ns);
    } else {
        metadata.remove(QLatin1String("namespace"));
    }
    if (!metadata.value(QLatin1String("resourceVersion")).toString().isEmpty())
        return done(WriteResult::failure(ApiError::badRequest(
            QStringLiteral("resourceVersion should not be set on objects to be created"))));
    if (auto error = checkNamespace(type, ns))
        return done(WriteResult::failure(*error));

    const QString generateName = metadata.value(QLatin1String("generateName")).toString();
    if (metadata.value(QLatin1String("name")).toString().isEmpty() && !generateName.isEmpty()) {
        QString name;
        for (int attempt = 0; attempt < 8; ++attempt) {
            name = generateName.left(58) + meta::randomSuffix();
            if (!m_store.latest(type.key(ns, name)))
                break;
        }
        metadata.insert(QLatin1String("name"), name);
    }
    metadata.insert(QLatin1String("uid"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    metadata.insert(QLatin1String("creationTimestamp"), meta::timestamp(m_clock.nowMs()));
    for (const char *serverOwned : {"deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"})
        metadata.remove(QLatin1String(serverOwned));
    if (type.traits->specTracksGeneration)
        metadata.insert(QLatin1String("generation"), 1);
    else
        metadata.remove(QLatin1String("generation"));
    object.insert(kMetadata, metadata);
    object.insert(QLatin1String("apiVersion"), type.gvk.apiVersion());
    object.insert(QLatin1String("kind"), type.gvk.kind);

    if (hasStatusSubresource(type) && type.traits->clearStatusOnCreate)
        object.remove(kStatus);
    if (type.gvk.kind == QLatin1String("Pod") && type.gvk.group.isEmpty()) {
        QJsonObject status{{QStringLiteral("phase"), QStringLiteral("Pending")},
                           {QStringLiteral("qosClass"), podQosClass(object)}};
        object.insert(kStatus, status);
    }
    if (type.traits->defaults)
        type.traits->defaults(object);

    const QString name = meta::name(object);
    if (const FieldErrors errors = validate(type, object, nullptr); !errors.isEmpty())
        return done(WriteResult::failure(ApiError::invalid(type, name, errors)));
    if (dryRun)
        return done(WriteResult{std::nullopt, object, 201});
    write(type, type.key(ns, name), object, 0, true, std::move(done));
}

void ResourceStorage::write(const ResourceType &type, const QByteArray &key, QJsonObject object,
                            qint64 expectedRevision, bool created, WriteDone done)
{
    const QString name = meta::name(object);
    meta::set(object, QStringLiteral("resourceVersion"), QJsonValue::Undefined);
    auto encode = [object](qint64 revision) {
        QJsonObject stored = object;
        meta::set(stored, QStringLiteral("resourceVersion"), QString::number(revision));
        return meta::serialize(stored);
    };
    auto callback = [&type, object, name, created, done](const Result<storage::KeyValue> &result) {
        if (!result)
            return done(WriteResult::failure(storeError(type, name, result.error())));
        QJsonObject stored = object;
        meta::set(stored, QStringLiteral("resourceVersion"), QString::number(result->modRevision));
        done(WriteResult{std::nullopt, stored, created ? 201 : 200});
    };
    if (created)
        m_store.create(key, encode, callback);
    else
        m_store.update(key, encode, expectedRevision, callback);
}

void ResourceStorage::removeNow(const ResourceType &type, const QByteArray &key,
                                qint64 expectedRevision, QJsonObject object, WriteDone done)
{
    const QString name = meta::name(object);
    m_store.remove(key, expectedRevision,
                   [&type, object, name, done](const Result<storage::KeyValue> &result) {
                       if (!result)
                           return done(
                               WriteResult::failure(storeError(type, name, result.error())));
                       // The deleted object carries the deletion's revision, as upstream answers.
                       QJsonObject deleted = object;
                       meta::set(deleted, QStringLiteral("resourceVersion"),
                                 QString::number(result->modRevision));
                       done(WriteResult{std::nullopt, deleted, 200});
                   });
}

void ResourceStorage::update(const ResourceType &type, const QString &ns, const QString &name,
                             const Mutation &mutate, UpdateTarget target, bool dryRun,
                             WriteDone done)
{
    const QByteArray key = type.key(ns, name);
    const auto kv = m_store.latest(key);
    if (!kv)
        return done(WriteResult::failure(ApiError::notFound(type, name)));
    const auto parsed = m_cache.get(*kv);
    if (!parsed)
        return done(WriteResult::failure(
            ApiError::internal(QStringLiteral("stored object is unreadable"))));
    const QJsonObject &current = *parsed;

    auto mutated = mutate(current);
    if (auto *error = std::get_if<ApiError>(&mutated))
        return done(WriteResult::failure(*error));
    QJsonObject object = std::get<QJsonObject>(std::move(mutated));

    // Optimistic concurrency: a resourceVersion in the new object must be the current one.
    const QString rv = meta::resourceVersion(object);
    if (!rv.isEmpty() && rv != QString::number(kv->modRevision))
        return done(WriteResult::failure(storeError(type, name, Error{ErrorCode::Conflict, {}})));
    const QString bodyName = meta::name(object);
    if (!bodyName.isEmpty() && bodyName != name)
        return done(WriteResult::failure(ApiError::badRequest(
            QStringLiteral("the name of the object (%1) does not match the name on the URL (%2)")
                .arg(bodyName, name))));
    const QString bodyNs = meta::namespaceOf(object);
    if (type.namespaced && !bodyNs.isEmpty() && bodyNs != ns)
        return done(WriteResult::failure(ApiError::badRequest(
            QStringLiteral("the namespace of the provided object does not match the namespace "
                           "sent on the request"))));

    QJsonObject metadata = meta::of(object);
    const QJsonObject oldMetadata = meta::of(current);
    if (target == UpdateTarget::Status) {
        // A status write changes status only (upstream's ResetObjectMetaForStatus).
        QJsonObject next = current;
        next.insert(kStatus, object.value(kStatus));
        object = next;
        metadata = oldMetadata;
    } else if (hasStatusSubresource(type) && type.gvk.kind != QLatin1String("Namespace")) {
        object.insert(kStatus, current.value(kStatus)); // status belongs to the status subresource
        if (current.value(kStatus).isUndefined())
            object.remove(kStatus);
    }
    for (const char *serverOwned : {"uid", "creationTimestamp", "deletionTimestamp",
                                    "deletionGracePeriodSeconds", "generation"}) {
        const QLatin1String field(serverOwned);
        if (oldMetadata.contains(field))
            metadata.insert(field, oldMetadata.value(field));
        else
            metadata.remove(field);
    }
    metadata.insert(QLatin1String("name"), name);
    if (type.namespaced)
        metadata.insert(QLatin1String("namespace"), ns);
    metadata.remove(QLatin1String("resourceVersion"));
    object.insert(kMetadata, metadata);
    object.insert(QLatin1String("apiVersion"), type.gvk.apiVersion());
    object.insert(QLatin1String("kind"), type.gvk.kind);

    if (target == UpdateTarget::Main && type.traits->defaults)
        type.traits->defaults(object);
    if (target == UpdateTarget::Main && type.traits->specTracksGeneration &&
        specPart(object) != specPart(current))
        meta::set(object, QStringLiteral("generation"),
                  oldMetadata.value(QLatin1String("generation")).toInt(1) + 1);

    if (target == UpdateTarget::Main) {
        if (const FieldErrors errors = validate(type, object, &current); !errors.isEmpty())
            return done(WriteResult::failure(ApiError::invalid(type, name, errors)));
        // Once deleting, an object may lose finalizers but not gain new ones.
        if (oldMetadata.contains(QLatin1String("deletionTimestamp"))) {
            const QJsonArray before = oldMetadata.value(QLatin1String("finalizers")).toArray();
            for (const QJsonValue &f : metadata.value(QLatin1String("finalizers")).toArray()) {
                if (!before.contains(f))
                    return done(WriteResult::failure(ApiError::invalid(
                        type, name,
                        {validation::forbidden(QStringLiteral("metadata.finalizers"),
                                               QStringLiteral("no new finalizers can be added if "
                                                              "the object is being deleted"))})));
            }
        }
    }

    QJsonObject unchanged = current;
    meta::set(unchanged, QStringLiteral("resourceVersion"), QJsonValue::Undefined);
    if (object == unchanged) // nothing to write: upstream answers with the object as it is
        return done(WriteResult{std::nullopt, current, 200});
    if (dryRun) {
        meta::set(object, QStringLiteral("resourceVersion"), QString::number(kv->modRevision));
        return done(WriteResult{std::nullopt, object, 200});
    }
    // The last finalizer of a deleting object is gone: the deletion completes now.
    if (metadata.contains(QLatin1String("deletionTimestamp")) &&
        metadata.value(QLatin1String("finalizers")).toArray().isEmpty() &&
        !(type.gvk.kind == QLatin1String("Pod") &&
          metadata.value(QLatin1String("deletionGracePeriodSeconds")).toInt() > 0)) {
        return removeNow(type, key, kv->modRevision, object, done);
    }
    write(type, key, object, kv->modRevision, false, std::move(done));
}

void ResourceStorage::remove(const ResourceType &type, const QString &ns, const QString &name,
                             const DeleteOptions &options, bool dryRun, WriteDone done)
{
    const QByteArray key = type.key(ns, name);
    const auto kv = m_store.latest(key);
    if (!kv)
        return done(WriteResult::failure(ApiError::notFound(type, name)));
    const auto parsed = m_cache.get(*kv);
    if (!parsed)
        return done(WriteResult::failure(
            ApiError::internal(QStringLiteral("stored object is unreadable"))));
    QJsonObject object = *parsed;
    QJsonObject metadata = meta::of(object);

    if (!options.preconditionUid.isEmpty() &&
        options.preconditionUid != metadata.value(QLatin1String("uid")).toString())
        return done(WriteResult::failure(ApiError::conflict(
            type, name,
            QStringLiteral("Precondition failed: UID in precondition: %1, UID in object meta: %2")
                .arg(options.preconditionUid, metadata.value(QLatin1String("uid")).toString()))));
    if (!options.preconditionResourceVersion.isEmpty() &&
        options.preconditionResourceVersion != QString::number(kv->modRevision))
        return done(WriteResult::failure(ApiError::conflict(
            type, name,
            QStringLiteral("Precondition failed: ResourceVersion in precondition: %1, "
                           "ResourceVersion in object meta: %2")
                .arg(options.preconditionResourceVersion)
                .arg(kv->modRevision))));

    // Graceful deletion: a pod on a node gets its grace period for the node to stop it.
    qint64 grace = 0;
    const bool isPod = type.gvk.kind == QLatin1String("Pod") && type.gvk.group.isEmpty();
    if (isPod) {
        const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
        grace = options.gracePeriodSeconds.value_or(
            spec.value(QLatin1String("terminationGracePeriodSeconds")).toInt(30));
        if (spec.value(QLatin1String("nodeName")).toString().isEmpty())
            grace = 0; // never scheduled: nothing to stop
    }
    const bool hasFinalizers = !metadata.value(QLatin1String("finalizers")).toArray().isEmpty();
    const bool namespacePhase =
        type.gvk.kind == QLatin1String("Namespace") && type.gvk.group.isEmpty();

    if (hasFinalizers || grace > 0 || namespacePhase) {
        if (metadata.contains(QLatin1String("deletionTimestamp")) &&
            grace >= metadata.value(QLatin1String("deletionGracePeriodSeconds")).toInt())
            return done(WriteResult{std::nullopt, object, 200}); // already deleting
        metadata.insert(QLatin1String("deletionTimestamp"),
                        meta::timestamp(m_clock.nowMs() + grace * 1000));
        metadata.insert(QLatin1String("deletionGracePeriodSeconds"), qint64(grace));
        object.insert(kMetadata, metadata);
        if (namespacePhase) {
            QJsonObject status = object.value(kStatus).toObject();
            status.insert(QStringLiteral("phase"), QStringLiteral("Terminating"));
            object.insert(kStatus, status);
        }
        if (dryRun)
            return done(WriteResult{std::nullopt, object, 200});
        write(type, key, object, kv->modRevision, false, std::move(done));
        return;
    }
    if (dryRun)
        return done(WriteResult{std::nullopt, object, 200});
    removeNow(type, key, kv->modRevision, object, done);
}

void ResourceStorage::ensureExists(const ResourceType &type, const QJsonObject &object)
{
    const QString ns = meta::namespaceOf(object);
    if (m_store.latest(type.key(ns, meta::name(object))))
        return;
    create(type, ns, object, false, [](const WriteResult &) {});
}

} // namespace flotilla::api
