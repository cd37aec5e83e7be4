// Kill -9 at random moments: a child process (crash_writer) writes continuously; after
// SIGKILL the store must reopen cleanly, hold every write the child acknowledged, and
// hold only whole batches: revisions 1..N without gaps, each row intact.
#include "storetesthelpers.h"
#include "support/storefixture.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

using namespace flotilla;
using namespace flotilla::storage;

namespace {

struct Ack
{
    qint64 revision;
    QByteArray key;
    qint64 sequence;
};

QList<Ack> parseAcks(const QByteArray &output)
{
    QList<Ack> acks;
    for (const QByteArray &line : output.split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() == 3) // a torn last line cannot happen with write(2), but be strict
            acks.append(Ack{parts[0].toLongLong(), parts[1], parts[2].toLongLong()});
    }
    return acks;
}

bool intactPayload(const QByteArray &value, qint64 *sequence)
{
    if (!value.startsWith("seq="))
        return false;
    const qsizetype semicolon = value.indexOf(';');
    bool ok = false;
    *sequence = value.mid(4, semicolon - 4).toLongLong(&ok);
    return ok && value.size() - semicolon - 1 == 600 &&
           value.mid(semicolon + 1) == QByteArray(600, char('a' + *sequence % 26));
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private:
    testsupport::StoreFixture m_fixture;

    std::unique_ptr<ObjectStore> reopen(const StoreConfig &config)
    {
        ObjectStore::Options options;
        options.config = config;
        options.compaction.intervalMs = 0;
        // On PostgreSQL the killed client's session (and its writer lock) ends a moment later.
        for (int attempt = 0; attempt < 50; ++attempt) {
            auto store = ObjectStore::open(options);
            if (store)
                return std::move(*store);
            qInfo("reopen attempt %d: %s", attempt, qPrintable(store.error().message));
            QTest::qWait(100);
        }
        return nullptr;
    }

private slots:
    void ackedWritesSurviveSigkill()
    {
        const QString writer = qEnvironmentVariable("CRASH_WRITER");
        QVERIFY2(QFile::exists(writer), "CRASH_WRITER must name the crash_writer binary");
        auto config = m_fixture.freshStore();
        QVERIFY2(config.ok(), qPrintable(config.error().toString()));
        const QString url = config->backend == StoreConfig::Backend::Sqlite
                                ? config->sqlitePath
                                : QStringLiteral("postgres://%1@%2:%3/%4")
                                      .arg(config->user, config->host)
                                      .arg(config->port)
                                      .arg(config->database);

        const quint32 envSeed = quint32(qEnvironmentVariableIntValue("CRASH_SEED"));
        const quint32 seed = envSeed ? envSeed : 20261127u;
        QRandomGenerator random(seed);
        const int rounds = m_fixture.backend() == StoreConfig::Backend::Sqlite ? 25 : 10;
        qInfo("seed %u, %d rounds", seed, rounds);

        qint64 totalAcked = 0;
        for (int round = 0; round < rounds; ++round) {
            QProcess child;
            child.setProcessChannelMode(QProcess::SeparateChannels);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("flotilla.*.info=false"));
            child.setProcessEnvironment(env);
            child.start(writer, {url});
            QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
            // Kill somewhere between 20 ms and 400 ms of writing, after the first ack.
            QByteArray output;
            QTRY_VERIFY_WITH_TIMEOUT((output += child.readAllStandardOutput()).contains('\n'),
                                     30000);
            QTest::qWait(int(random.bounded(20, 400)));
            child.kill(); // SIGKILL
            QVERIFY(child.waitForFinished(10000));
            output += child.readAllStandardOutput();
            const QByteArray errors = child.readAllStandardError();
            QVERIFY2(errors.isEmpty(), errors.constData());

            const QList<Ack> acks = parseAcks(output);
            QVERIFY(!acks.isEmpty());
            totalAcked += acks.size();

            auto store = reopen(*config);
            QVERIFY2(store, "the store did not reopen after SIGKILL");

            // Every revision from 1 to the newest is present exactly once and intact.
            QHash<qint64, StoreEvent> log;
            auto id = store->watch({}, 0, [&](const StoreEvents &events) {
                for (const StoreEvent &e : events)
                    log.insert(e.revision, e);
            });
            QVERIFY(id.ok());
            QTRY_COMPARE_WITH_TIMEOUT(log.size(), qsizetype(store->revision()), 30000);
            for (qint64 rev = 1; rev <= store->revision(); ++rev) {
                QVERIFY2(log.contains(rev),
                         qPrintable(QStringLiteral("gap at revision %1").arg(rev)));
                qint64 sequence = 0;
                QVERIFY2(intactPayload(log[rev].value, &sequence),
                         qPrintable(QStringLiteral("revision %1 is damaged").arg(rev)));
            }
            // …and every acknowledged write is among them, as acknowledged.
            for (const Ack &ack : acks) {
                QVERIFY2(
                    log.contains(ack.revision),
                    qPrintable(QStringLiteral("acknowledged revision %1 lost").arg(ack.revision)));
                qint64 sequence = 0;
                QVERIFY(intactPayload(log[ack.revision].value, &sequence));
                QCOMPARE(log[ack.revision].key, ack.key);
                QCOMPARE(sequence, ack.sequence);
            }
        }
        qInfo("%lld acknowledged writes checked over %d kills", totalAcked, rounds);
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
