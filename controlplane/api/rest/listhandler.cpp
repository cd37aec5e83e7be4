#include "rest/listhandler.h"

#include "rest/listselection.h"
#include "rest/objectmeta.h"
#include "rest/table.h"

#include <QJsonArray>

namespace flotilla::api {

namespace {

constexpr qsizetype kScanChunk = 512;

struct ListPlan
{
    QByteArray prefix;
    QByteArray startAfter;
    qint64 revision = 0; // 0: current
    qsizetype limit = 0;
};

std::variant<ListPlan, ApiError> planList(const RestContext &context,
                                          const ResourceRequest &request)
{
    const http::HttpRequest &http = request.http;
    ListPlan plan;
    plan.prefix = request.type.namespacePrefix(request.info.namespaceName);
    const QString limit = http.queryItemValue(u"limit");
    if (!limit.isEmpty()) {
        bool ok = false;
        plan.limit = limit.toLongLong(&ok);
        if (!ok || plan.limit < 0)
            return ApiError::badRequest(
                QStringLiteral("limit must be a non-negative integer (got %1)").arg(limit));
    }
    const QString rv = http.queryItemValue(u"resourceVersion");
    const QString match = http.queryItemValue(u"resourceVersionMatch");
    const QString token = http.queryItemValue(u"continue");
    const qint64 current = context.storage.store().revision();
    if (!token.isEmpty()) {
        if (!rv.isEmpty() && rv != QLatin1String("0"))
            return ApiError::badRequest(
                QStringLiteral("specifying resource version is not allowed when using continue"));
        const auto decoded = decodeContinue(token);
        if (!decoded || !decoded->second.startsWith(plan.prefix))
            return ApiError::badRequest(
                QStringLiteral("continue key is not valid: the token is malformed"));
        plan.revision = decoded->first;
        plan.startAfter = decoded->second;
        return plan;
    }
    if (!match.isEmpty() && match != QLatin1String("Exact") &&
        match != QLatin1String("NotOlderThan"))
        return ApiError::badRequest(
            QStringLiteral("resourceVersionMatch: Unsupported value: \"%1\": supported values: "
                           "\"Exact\", \"NotOlderThan\"")
                .arg(match));
    if (!match.isEmpty() && rv.isEmpty())
        return ApiError::badRequest(
            QStringLiteral("resourceVersionMatch is forbidden unless resourceVersion is provided"));
    if (rv.isEmpty() || rv == QLatin1String("0")) {
        if (match == QLatin1String("Exact"))
            return ApiError::badRequest(QStringLiteral(
                "resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\""));
        return plan;
    }
    bool ok = false;
    const qint64 wanted = rv.toLongLong(&ok);
    if (!ok || wanted < 0)
        return ApiError::badRequest(QStringLiteral("invalid resource version: %1").arg(rv));
    if (wanted > current)
        return ApiError::timeout(
            QStringLiteral("Too large resource version: %1, current: %2").arg(wanted).arg(current));
    if (match == QLatin1String("Exact"))
        plan.revision = wanted;
    return plan;
}

ApiError listStoreError(const ListPlan &plan, const Error &error)
{
    if (error.code == ErrorCode::Expired) {
        if (!plan.startAfter.isEmpty())
            return ApiError::expired(
                QStringLiteral("The provided continue parameter is too old to display a consistent "
                               "list result. You can start a "
                               "new list without the continue parameter."));
        return ApiError::expired(QStringLiteral("too old resource version: %1").arg(plan.revision));
    }
    return ApiError::internal(error.message);
}

struct Page
{
    QList<storage::KeyValue> items;
    QList<std::shared_ptr<const QJsonObject>> parsed; // only when selecting or printing
    qint64 revision = 0;
    QByteArray lastKey;
    bool more = false;
};

// Scans in chunks until `limit` matching items are found (upstream applies limit after
// filtering too), so paging and selectors compose.
std::variant<Page, ApiError> scan(const RestContext &context, const ListPlan &plan,
                                  const ListSelection &selection, bool needParsed)
{
    Page page;
    storage::ListOptions options{plan.prefix, plan.startAfter, plan.revision, kScanChunk};
    for (;;) {
        auto chunk = context.storage.store().list(options);
        if (!chunk)
            return listStoreError(plan, chunk.error());
        page.revision = chunk->revision;
        options.revision = chunk->revision;
        for (qsizetype i = 0; i < chunk->items.size(); ++i) {
            const storage::KeyValue &kv = chunk->items[i];
            std::shared_ptr<const QJsonObject> parsed;
            if (needParsed || !selection.isEverything()) {
                parsed = context.storage.cache().get(kv);
                if (!parsed || !selection.matches(*parsed))
                    continue;
            }
            if (plan.limit > 0 && page.items.size() == plan.limit) {
                page.more = true;
                return page;
            }
            page.items.append(kv);
            page.parsed.append(parsed);
            page.lastKey = kv.key;
        }
        if (!chunk->more)
            return page;
        options.startAfter = chunk->items.last().key;
    }
}

} // namespace

void handleList(const RestContext &context, const ResourceRequest &request,
                http::HttpResponder &responder)
{
    const auto format = negotiate(request.http);
    if (!format)
        return respond::error(responder, ApiError::notAcceptable(QString::fromUtf8(
                                             request.http.headers.combinedValue("Accept"))));
    auto plan = planList(context, request);
    if (auto *error = std::get_if<ApiError>(&plan))
        return respond::error(responder, *error);
    auto selection =
        ListSelection::parse(request.type, request.http.queryItemValue(u"labelSelector"),
                             request.http.queryItemValue(u"fieldSelector"));
    if (auto *error = std::get_if<ApiError>(&selection))
        return respond::error(responder, *error);
    auto scanned = scan(context, std::get<ListPlan>(plan), std::get<ListSelection>(selection),
                        *format == OutputFormat::Table);
    if (auto *error = std::get_if<ApiError>(&scanned))
        return respond::error(responder, *error);
    const Page &page = std::get<Page>(scanned);

    QJsonObject listMeta{{QStringLiteral("resourceVersion"), QString::number(page.revision)}};
    if (page.more)
        listMeta.insert(QStringLiteral("continue"), encodeContinue(page.revision, page.lastKey));

    if (*format == OutputFormat::Table) {
        const qint64 now = context.storage.clock().nowMs();
        const auto include =
            table::includeObjectFrom(request.http.queryItemValue(u"includeObject"));
        // Rows are serialized one by one and spliced: building one QJsonArray of
        // thousands of rows and encoding it whole costs more than the rows themselves.
        QByteArray body = meta::serialize(table::make(request.type, QJsonArray(), listMeta));
        body.chop(2); // the empty rows array's "]}" (keys are sorted: "rows" is last)
        Q_ASSERT(body.endsWith("\"rows\":["));
        for (qsizetype i = 0; i < page.parsed.size(); ++i) {
            if (i)
                body += ',';
            body += meta::serialize(table::row(request.type, *page.parsed[i], now, include));
        }
        body += "]}";
        return respond::json(responder, 200, body);
    }
    // Items are already serialized in the store (with their resourceVersion): splice
    // them into the list without re-encoding.
    QByteArray body = "{\"kind\":\"" + request.type.gvk.kind.toUtf8() + "List\",\"apiVersion\":\"" +
                      request.type.groupVersion().toUtf8() +
                      "\",\"metadata\":" + meta::serialize(listMeta) + ",\"items\":[";
    qsizetype total = body.size() + 2;
    for (const storage::KeyValue &kv : page.items)
        total += kv.value.size() + 1;
    body.reserve(total);
    for (qsizetype i = 0; i < page.items.size(); ++i) {
        if (i)
            body += ',';
        body += page.items[i].value;
    }
    body += "]}";
    respond::json(responder, 200, body);
}

std::variant<Selected, ApiError> selectAll(const RestContext &context,
                                           const ResourceRequest &request)
{
    auto selection =
        ListSelection::parse(request.type, request.http.queryItemValue(u"labelSelector"),
                             request.http.queryItemValue(u"fieldSelector"));
    if (auto *error = std::get_if<ApiError>(&selection))
        return *error;
    ListPlan plan;
    plan.prefix = request.type.namespacePrefix(request.info.namespaceName);
    auto scanned = scan(context, plan, std::get<ListSelection>(selection), true);
    if (auto *error = std::get_if<ApiError>(&scanned))
        return *error;
    Selected selected;
    selected.revision = std::get<Page>(scanned).revision;
    for (const auto &object : std::get<Page>(scanned).parsed)
        selected.objects.append(*object);
    return selected;
}

} // namespace flotilla::api
