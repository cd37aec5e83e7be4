// Store benchmarks behind BENCHMARKS.md (issue 2's targets). Standalone rather than
// Google Benchmark: the store is asynchronous, and what matters are throughput and
// latency percentiles of whole scenarios.
//
//   bench_store [--backend sqlite|postgres] [--scenario all|creates|reads|watch|reopen]
//
// PostgreSQL runs start a throwaway server on loopback (default settings: fsync on).
#include "storage/objectstore.h"
#include "support/postgresserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

using namespace flotilla;
using namespace flotilla::storage;

namespace {

using SteadyClock = std::chrono::steady_clock;

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               SteadyClock::now().time_since_epoch())
        .count();
}

// A Pod-shaped JSON document of about 2 KB.
QByteArray objectValue(qint64 i)
{
    QByteArray value =
        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-)" + QByteArray::number(i) +
        R"(","namespace":"default","labels":{"app":"bench","tier":"backend"}},"spec":{"containers":[{"name":"app","image":"registry.example/app:1.0","env":[)";
    for (int e = 0; value.size() < 1900; ++e)
        value += (e ? "," : "") + QByteArray(R"({"name":"VAR_)") + QByteArray::number(e) +
                 R"(","value":"value-for-environment-variable-)" + QByteArray::number(e * i) +
                 R"("})";
    value += "]}]}}";
    return value;
}

double percentile(std::vector<qint64> &samples, double p)
{
    if (samples.empty())
        return 0;
    const size_t index = std::min(samples.size() - 1, size_t(double(samples.size()) * p));
    std::nth_element(samples.begin(), samples.begin() + qsizetype(index), samples.end());
    return double(samples[index]);
}

qint64 rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

class Backend
{
public:
    explicit Backend(bool postgres)
        : m_postgres(postgres)
    {}

    std::optional<StoreConfig> fresh()
    {
        ++m_counter;
        if (!m_postgres)
            return *StoreConfig::fromUrl(
                m_dir.filePath(QStringLiteral("bench-%1.db").arg(m_counter)));
        if (!m_server) {
            auto server = testsupport::PostgresServer::start();
            if (!server) {
                std::fprintf(stderr, "%s\n", qPrintable(server.error().message));
                return std::nullopt;
            }
            m_server = std::move(*server);
        }
        auto config = m_server->createDatabase(QStringLiteral("bench_%1").arg(m_counter));
        if (!config)
            return std::nullopt;
        return *config;
    }

private:
    bool m_postgres;
    QTemporaryDir m_dir;
    std::unique_ptr<testsupport::PostgresServer> m_server;
    int m_counter = 0;
};

std::unique_ptr<ObjectStore> openStore(const StoreConfig &config)
{
    ObjectStore::Options options;
    options.config = config;
    options.compaction.intervalMs = 0;
    auto store = ObjectStore::open(options);
    if (!store) {
        std::fprintf(stderr, "open: %s\n", qPrintable(store.error().message));
        std::exit(1);
    }
    return std::move(*store);
}

// Fills a store with `count` objects as fast as the store takes them.
void populate(ObjectStore &store, qint64 count, const QByteArray &prefix)
{
    qint64 next = 0;
    qint64 acked = 0;
    std::function<void()> issue = [&] {
        if (next >= count)
            return;
        const qint64 i = next++;
        store.create(prefix + QByteArray::number(i), objectValue(i),
                     [&](const Result<KeyValue> &r) {
                         if (!r) {
                             std::fprintf(stderr, "populate: %s\n", qPrintable(r.error().message));
                             std::exit(1);
                         }
                         ++acked;
                         issue();
                     });
    };
    for (int i = 0; i < 256; ++i)
        issue();
    while (acked < count)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

void benchCreates(Backend &backend, const char *name)
{
    for (const int writers : {1, 8, 64}) {
        auto config = backend.fresh();
        if (!config)
            return;
        auto store = openStore(*config);
        const qint64 total = writers == 1 ? 3000 : 30000;
        qint64 issued = 0;
        qint64 acked = 0;
        std::vector<qint64> latencies;
        latencies.reserve(size_t(total));
        std::function<void()> issue = [&] {
            if (issued >= total)
                return;
            const qint64 i = issued++;
            const qint64 start = nowNs();
            store->create("/registry/pods/default/pod-" + QByteArray::number(i), objectValue(i),
                          [&, start](const Result<KeyValue> &r) {
                              if (!r) {
                                  std::fprintf(stderr, "create: %s\n",
                                               qPrintable(r.error().message));
                                  std::exit(1);
                              }
                              latencies.push_back(nowNs() - start);
                              ++acked;
                              issue();
                          });
        };
        const qint64 commitsBefore = store->commitCount();
        QElapsedTimer timer;
        timer.start();
        for (int w = 0; w < writers; ++w)
            issue();
        while (acked < total)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        std::printf("%-8s creates  writers=%-3d  %8.0f creates/s  p50 %6.2f ms  p99 %6.2f ms  "
                    "(%lld creates, %.1f per commit)\n",
                    name, writers, double(total) / seconds, percentile(latencies, 0.50) / 1e6,
                    percentile(latencies, 0.99) / 1e6, total,
                    double(total) / double(store->commitCount() - commitsBefore));
        std::fflush(stdout);
    }
}

void benchReads(Backend &backend, const char *name)
{
    auto config = backend.fresh();
    if (!config)
        return;
    auto store = openStore(*config);
    const qint64 count = 10000;
    populate(*store, count, "/registry/pods/default/pod-");

    std::vector<qint64> gets;
    const int rounds = 200000;
    gets.reserve(rounds);
    quint64 checksum = 0;
    for (int i = 0; i < rounds; ++i) {
        const QByteArray key =
            "/registry/pods/default/pod-" + QByteArray::number((i * 7919) % count);
        const qint64 start = nowNs();
        const auto kv = store->get(key);
        gets.push_back(nowNs() - start);
        checksum += quint64(kv->value.size());
    }
    std::vector<qint64> lists;
    for (int i = 0; i < 30; ++i) {
        const qint64 start = nowNs();
        auto list = store->list({.prefix = "/registry/pods/"});
        lists.push_back(nowNs() - start);
        checksum += quint64(list->items.size());
    }
    std::printf(
        "%-8s get      p50 %5.2f us  p99 %5.2f us   list 10,000: median %6.2f ms  max %6.2f "
        "ms  (checksum %llu)\n",
        name, percentile(gets, 0.5) / 1e3, percentile(gets, 0.99) / 1e3,
        percentile(lists, 0.5) / 1e6, double(*std::max_element(lists.begin(), lists.end())) / 1e6,
        static_cast<unsigned long long>(checksum));
    std::fflush(stdout);
}

void benchWatch(Backend &backend, const char *name)
{
    auto config = backend.fresh();
    if (!config)
        return;
    auto store = openStore(*config);
    const int watchers = 1000;
    const qint64 events = 10000;
    QHash<qint64, qint64> submittedAt; // revision -> submit time
    QHash<qint64, qint64> committedAt; // revision -> ack time
    std::vector<qint64> fromSubmit;
    std::vector<qint64> fromCommit;
    fromSubmit.reserve(size_t(watchers * events));
    fromCommit.reserve(size_t(watchers * events));
    qint64 delivered = 0;
    for (int w = 0; w < watchers; ++w) {
        auto id = store->watch("/registry/", store->revision(), [&](const StoreEvents &batch) {
            const qint64 now = nowNs();
            for (const StoreEvent &e : batch) {
                fromSubmit.push_back(now - submittedAt.value(e.revision));
                fromCommit.push_back(now - committedAt.value(e.revision));
            }
            delivered += batch.size();
        });
        if (!id)
            std::exit(1);
    }
    QCoreApplication::processEvents(); // catch-up deliveries (empty)

    qint64 issued = 0;
    std::function<void()> issue = [&] {
        if (issued >= events)
            return;
        const qint64 i = issued++;
        const qint64 start = nowNs();
        store->create("/registry/configmaps/default/cm-" + QByteArray::number(i), objectValue(i),
                      [&, start](const Result<KeyValue> &r) {
                          submittedAt.insert(r->modRevision, start);
                          committedAt.insert(r->modRevision, nowNs());
                          issue();
                      });
    };
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 64; ++i)
        issue();
    while (delivered < watchers * events)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    std::printf(
        "%-8s watch    %d watchers x %lld events: %lld delivered in %.2f s; lag from commit "
        "p99 %.2f ms, from submit p50 %.2f ms p99 %.2f ms\n",
        name, watchers, events, delivered, double(timer.nsecsElapsed()) / 1e9,
        percentile(fromCommit, 0.99) / 1e6, percentile(fromSubmit, 0.5) / 1e6,
        percentile(fromSubmit, 0.99) / 1e6);
    std::fflush(stdout);
}

// Reopen is measured in a fresh child process so RSS is only what the store costs.
int reopenChild(const QString &url)
{
    const qint64 before = rssKb();
    QElapsedTimer timer;
    timer.start();
    auto store = openStore(*StoreConfig::fromUrl(url));
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    qint64 rawBytes = 0;
    const auto list = store->list({.prefix = "/"});
    for (const KeyValue &kv : list->items)
        rawBytes += kv.value.size();
    std::printf("%lld %.3f %lld %lld %lld\n", static_cast<long long>(store->size()), seconds,
                static_cast<long long>(rssKb()), static_cast<long long>(before),
                static_cast<long long>(rawBytes));
    return 0;
}

void benchReopen(Backend &backend, const char *name, const QString &self)
{
    auto config = backend.fresh();
    if (!config)
        return;
    {
        auto store = openStore(*config);
        populate(*store, 100000, "/registry/pods/default/pod-");
    }
    QString url = config->sqlitePath;
    if (config->backend == StoreConfig::Backend::Postgres)
        url = QStringLiteral("postgres://%1@%2:%3/%4")
                  .arg(config->user, config->host)
                  .arg(config->port)
                  .arg(config->database);
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("flotilla.*.info=false"));
    child.setProcessEnvironment(env);
    child.start(self, {QStringLiteral("--reopen-child"), url});
    child.waitForFinished(600000);
    const QList<QByteArray> f = child.readAllStandardOutput().trimmed().split(' ');
    if (f.size() != 5) {
        std::fprintf(stderr, "reopen child failed: %s\n", child.readAllStandardError().constData());
        return;
    }
    const double rawMb = f[4].toDouble() / 1e6;
    const double rssMb = f[2].toDouble() / 1024.0;
    std::printf("%-8s reopen   %s objects: serving after %s s; RSS %.0f MB (process baseline %.0f "
                "MB), raw JSON %.0f MB, limit 2x+50 = %.0f MB\n",
                name, f[0].constData(), f[1].constData(), rssMb, f[3].toDouble() / 1024.0, rawMb,
                2 * rawMb + 50);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() == 3 && args[1] == QLatin1String("--reopen-child"))
        return reopenChild(args[2]);

    QString backendName = QStringLiteral("sqlite");
    QString scenario = QStringLiteral("all");
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--backend"))
            backendName = args[i + 1];
        else if (args[i] == QLatin1String("--scenario"))
            scenario = args[i + 1];
    }
    if (backendName != QLatin1String("sqlite") && backendName != QLatin1String("postgres")) {
        std::fprintf(stderr, "bench_store: --backend must be sqlite or postgres\n");
        return 2;
    }
    qputenv("QT_LOGGING_RULES", "flotilla.*.info=false");
    Backend backend(backendName == QLatin1String("postgres"));
    const QByteArray name = backendName.toUtf8();
    const bool all = scenario == QLatin1String("all");
    if (all || scenario == QLatin1String("creates"))
        benchCreates(backend, name.constData());
    if (all || scenario == QLatin1String("reads"))
        benchReads(backend, name.constData());
    if (all || scenario == QLatin1String("watch"))
        benchWatch(backend, name.constData());
    if (all || scenario == QLatin1String("reopen"))
        benchReopen(backend, name.constData(), QCoreApplication::applicationFilePath());
    return 0;
}
