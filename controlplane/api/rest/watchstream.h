#pragma once

#include "rest/listselection.h"
#include "rest/restcontext.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace flotilla::api {

// One `?watch=true` response: a chunked stream of {"type":…,"object":…} lines fed by
// the object store's watch, filtered by namespace and selectors. An object moving out
// of the selection is a DELETED for this watcher, moving in an ADDED, as upstream does.
// Owns itself: it ends (and deletes itself) on timeout, client disconnect, a client
// that reads too slowly, or an expired start revision (sent as an ERROR event).
class WatchStream final : public QObject
{
    Q_OBJECT

public:
    static void start(const RestContext &context, const ResourceRequest &request,
                      http::HttpResponder &responder);
    ~WatchStream() override;

private:
    WatchStream(const RestContext &context, const ResourceType &type, ListSelection selection,
                QString namespaceName, OutputFormat format, bool bookmarks,
                std::shared_ptr<http::HttpResponder> responder);

    void begin(qint64 fromRevision, bool initialEvents, bool initialEventsEndBookmark);
    void onEvents(const storage::StoreEvents &events);
    void deliver(const storage::StoreEvents &events);
    bool write(const QByteArray &lines);
    bool send(const char *type, const QJsonObject &object);
    bool sendRaw(const char *type, const QByteArray &objectJson);
    void sendBookmark(bool initialEventsEnd);
    void end();

    const RestContext &m_context;
    const ResourceType &m_type;
    ListSelection m_selection;
    QString m_namespace;
    OutputFormat m_format;
    bool m_bookmarks;
    std::shared_ptr<http::HttpResponder> m_responder;
    storage::ObjectStore::WatchId m_watch = 0;
    qint64 m_revision = 0; // newest revision sent
    QTimer m_timeout;
    QTimer m_bookmarkTimer;
    bool m_ended = false;
    QString m_client; // remote address, for the per-client watch bound
    bool m_batching = false;
    QByteArray m_batch; // lines of the commit being delivered
};

} // namespace flotilla::api
