#include "rest/watchstream.h"

#include "rest/objectmeta.h"
#include "rest/table.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace flotilla::api {

namespace {

// Upstream's default: a watch ends somewhere between 30 and 60 minutes, so clients
// spread their re-watches.
int defaultTimeoutMs()
{
    return 1800'000 + QRandomGenerator::global()->bounded(1800'000);
}

} // namespace

void WatchStream::start(const RestContext &context, const ResourceRequest &request,
                        http::HttpResponder &responder)
{
    const auto format = negotiate(request.http);
    if (!format)
        return respond::error(responder, ApiError::notAcceptable(QString::fromUtf8(
                                             request.http.headers.combinedValue("Accept"))));
    auto selection =
        ListSelection::parse(request.type, request.http.queryItemValue(u"labelSelector"),
                             request.http.queryItemValue(u"fieldSelector"));
    if (auto *error = std::get_if<ApiError>(&selection))
        return respond::error(responder, *error);
    ListSelection chosen = std::get<ListSelection>(selection);
    if (!request.info.name.isEmpty()) { // GET …/pods/x?watch=true: a watch on one object
        auto named =
            ListSelection::parse(request.type, request.http.queryItemValue(u"labelSelector"),
                                 QStringLiteral("metadata.name=") + request.info.name);
        chosen = std::get<ListSelection>(named);
    }

    const QString rv = request.http.queryItemValue(u"resourceVersion");
    qint64 from = 0;
    bool initial = rv.isEmpty() || rv == QLatin1String("0");
    if (!initial) {
        bool ok = false;
        from = rv.toLongLong(&ok);
        if (!ok || from < 0)
            return respond::error(
                responder,
                ApiError::badRequest(QStringLiteral("invalid resource version: %1").arg(rv)));
    }
    const QString sendInitial = request.http.queryItemValue(u"sendInitialEvents");
    bool initialEndBookmark = false;
    if (!sendInitial.isEmpty()) {
        initial = parseBool(sendInitial);
        initialEndBookmark = initial;
    }
    const bool bookmarks = parseBool(request.http.queryItemValue(u"allowWatchBookmarks"));

    int timeoutMs = defaultTimeoutMs();
    const QString timeoutText = request.http.queryItemValue(u"timeoutSeconds");
    if (!timeoutText.isEmpty()) {
        bool ok = false;
        const qint64 seconds = timeoutText.toLongLong(&ok);
        if (!ok || seconds < 0)
            return respond::error(responder, ApiError::badRequest(QStringLiteral(
                                                 "timeoutSeconds must be a non-negative integer")));
        timeoutMs = int(std::min<qint64>(seconds, 24 * 3600) * 1000);
    }

    // A bound on open watches per client: one misbehaving client cannot hold them all.
    const QString client = request.http.remoteAddress.toString();
    int &open = (*context.watchesPerClient)[client];
    if (open >= context.maxWatchesPerClient)
        return respond::error(responder,
                              ApiError::tooManyRequests(
                                  QStringLiteral("too many watches from %1 (at most %2 at a time)")
                                      .arg(client)
                                      .arg(context.maxWatchesPerClient)));

    http::HttpResponse head(200);
    head.headers().set("Content-Type", "application/json");
    head.headers().set("Cache-Control", "no-cache, private");
    if (!responder.startStream(head))
        return;
    auto *stream =
        new WatchStream(context, request.type, std::move(chosen), request.info.namespaceName,
                        *format, bookmarks, responder.share());
    stream->m_client = client;
    ++open;
    stream->m_timeout.start(timeoutMs == 0 ? defaultTimeoutMs() : timeoutMs);
    stream->begin(from, initial, initialEndBookmark && bookmarks);
}

WatchStream::WatchStream(const RestContext &context, const ResourceType &type,
                         ListSelection selection, QString namespaceName, OutputFormat format,
                         bool bookmarks, std::shared_ptr<http::HttpResponder> responder)
    : m_context(context)
    , m_type(type)
    , m_selection(std::move(selection))
    , m_namespace(std::move(namespaceName))
    , m_format(format)
    , m_bookmarks(bookmarks)
    , m_responder(std::move(responder))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &WatchStream::end);
    m_responder->setDisconnectHandler([this] { end(); });
    if (m_bookmarks) {
        connect(&m_bookmarkTimer, &QTimer::timeout, this, [this] { sendBookmark(false); });
        m_bookmarkTimer.start(m_context.bookmarkIntervalMs);
    }
}

WatchStream::~WatchStream()
{
    if (!m_client.isNull()) {
        auto it = m_context.watchesPerClient->find(m_client);
        if (it != m_context.watchesPerClient->end() && --*it <= 0)
            m_context.watchesPerClient->erase(it);
    }
    if (m_watch)
        m_context.storage.store().cancelWatch(m_watch);
}

void WatchStream::begin(qint64 fromRevision, bool initialEvents, bool initialEventsEndBookmark)
{
    storage::ObjectStore &store = m_context.storage.store();
    const QByteArray prefix = m_type.namespacePrefix(m_namespace);
    if (initialEvents) {
        // The current state as synthetic ADDED events, then everything after it.
        auto list = store.list({prefix, {}, 0, 0});
        fromRevision = list ? list->revision : store.revision();
        if (list) {
            for (const storage::KeyValue &kv : list->items) {
                const auto object = m_context.storage.cache().get(kv);
                if (object && m_selection.matches(*object) && !send("ADDED", *object))
                    return;
            }
        }
        m_revision = fromRevision;
        if (initialEventsEndBookmark)
            sendBookmark(true);
    }
    m_revision = std::max(m_revision, fromRevision);
    auto id = store.watch(prefix, fromRevision,
                          [this](const storage::StoreEvents &events) { onEvents(events); });
    if (!id) {
        const ApiError expired =
            ApiError::expired(QStringLiteral("too old resource version: %1 (%2)")
                                  .arg(fromRevision)
                                  .arg(store.compactRevision()));
        send("ERROR", expired.toStatus());
        return end();
    }
    m_watch = *id;
}

void WatchStream::onEvents(const storage::StoreEvents &events)
{
    // All events of one commit go out as one chunk: one TLS record and one write per
    // watcher per commit, not per event.
    m_batching = true;
    deliver(events);
    m_batching = false;
    if (!m_ended && !m_batch.isEmpty())
        write(m_batch);
    m_batch.clear();
}

void WatchStream::deliver(const storage::StoreEvents &events)
{
    for (const storage::StoreEvent &event : events) {
        if (m_ended)
            return;
        m_revision = event.revision;
        const bool json = m_format == OutputFormat::Json;
        // The stored bytes already are the object with its resourceVersion: a JSON watcher
        // without selectors gets them as they are, with no parsing or re-encoding.
        if (json && m_selection.isEverything() && !event.deleted) {
            if (!sendRaw(event.created ? "ADDED" : "MODIFIED", event.value))
                return;
            continue;
        }
        ObjectCache &cache = m_context.storage.cache();
        std::shared_ptr<const QJsonObject> now;
        std::shared_ptr<const QJsonObject> before;
        if (!event.deleted)
            now = cache.get(
                storage::KeyValue{event.key, event.value, event.createRevision, event.revision});
        if (!event.created && !event.prevValue.isEmpty())
            before = cache.get(storage::KeyValue{event.key, event.prevValue, event.createRevision,
                                                 event.prevRevision});
        const bool matchedBefore = before && m_selection.matches(*before);
        const bool matchesNow = now && m_selection.matches(*now);
        if (matchesNow) {
            const char *type = matchedBefore ? "MODIFIED" : "ADDED";
            if (!(json ? sendRaw(type, event.value) : send(type, *now)))
                return;
        } else if (matchedBefore) {
            // Gone, or no longer selected: the watcher sees a deletion at this revision.
            QJsonObject last = now ? *now : *before;
            meta::set(last, QStringLiteral("resourceVersion"), QString::number(event.revision));
            if (!send("DELETED", last))
                return;
        }
    }
}

bool WatchStream::send(const char *type, const QJsonObject &object)
{
    if (m_ended)
        return false;
    QJsonObject payload = object;
    if (m_format == OutputFormat::Table &&
        object.value(QLatin1String("kind")).toString() == m_type.gvk.kind) {
        const QJsonArray rows{table::row(m_type, object, m_context.storage.clock().nowMs(),
                                         table::IncludeObject::Metadata)};
        payload = table::make(m_type, rows,
                              {{QStringLiteral("resourceVersion"), meta::resourceVersion(object)}});
    }
    return sendRaw(type, meta::serialize(payload));
}

bool WatchStream::sendRaw(const char *type, const QByteArray &objectJson)
{
    if (m_ended)
        return false;
    const QByteArray line =
        "{\"type\":\"" + QByteArray(type) + "\",\"object\":" + objectJson + "}\n";
    if (m_batching) {
        m_batch += line;
        return true;
    }
    return write(line);
}

bool WatchStream::write(const QByteArray &lines)
{
    if (!m_responder->writeChunk(lines)) {
        end();
        return false;
    }
    if (m_responder->bufferedBytes() > m_context.maxWatchBufferBytes) {
        end(); // the client cannot keep up; it will re-list and re-watch
        return false;
    }
    return true;
}

void WatchStream::sendBookmark(bool initialEventsEnd)
{
    QJsonObject metadata{
        {QStringLiteral("resourceVersion"),
         QString::number(std::max(m_revision, m_context.storage.store().revision()))}};
    if (initialEventsEnd)
        metadata.insert(
            QStringLiteral("annotations"),
            QJsonObject{{QStringLiteral("k8s.io/initial-events-end"), QStringLiteral("true")}});
    send("BOOKMARK", QJsonObject{{QStringLiteral("kind"), m_type.gvk.kind},
                                 {QStringLiteral("apiVersion"), m_type.groupVersion()},
                                 {QStringLiteral("metadata"), metadata}});
}

void WatchStream::end()
{
    if (m_ended)
        return;
    m_ended = true;
    m_timeout.stop();
    m_bookmarkTimer.stop();
    if (m_watch) {
        m_context.storage.store().cancelWatch(m_watch);
        m_watch = 0;
    }
    m_responder->setDisconnectHandler({});
    m_responder->finish();
    deleteLater();
}

} // namespace flotilla::api
