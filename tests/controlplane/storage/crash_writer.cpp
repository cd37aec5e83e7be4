// Helper for tst_crashsafety: writes to a store as fast as it can, with many writes in
// flight, and prints one line per acknowledged write: "<revision> <key> <sequence>".
// The test kills it with SIGKILL at a random moment and checks what survived.
#include "storage/objectstore.h"

#include <QCoreApplication>

#include <cstdio>
#include <unistd.h>

using namespace flotilla;
using namespace flotilla::storage;

QByteArray payloadFor(qint64 sequence)
{
    // Self-checking: the value names its sequence number and has a fixed-size body.
    return "seq=" + QByteArray::number(sequence) + ";" + QByteArray(600, char('a' + sequence % 26));
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: crash_writer STORE_URL\n");
        return 2;
    }
    auto config = StoreConfig::fromUrl(QString::fromLocal8Bit(argv[1]));
    if (!config) {
        std::fprintf(stderr, "%s\n", qPrintable(config.error().message));
        return 2;
    }
    ObjectStore::Options options;
    options.config = *config;
    options.compaction.intervalMs = 0;
    auto opened = ObjectStore::open(options);
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        return 1;
    }
    ObjectStore &store = **opened;

    qint64 sequence = store.revision(); // continue numbering after a previous run
    std::function<void()> writeOne = [&] {
        const qint64 seq = ++sequence;
        // Two in three writes create a key; every third updates an earlier one.
        const QByteArray key = "/crash/" + QByteArray::number(seq % 3 == 0 ? seq / 3 : seq);
        auto done = [&, key, seq](const Result<KeyValue> &result) {
            if (result.ok()) {
                const QByteArray line = QByteArray::number(result->modRevision) + ' ' + key + ' ' +
                                        QByteArray::number(seq) + '\n';
                // write(2), not stdio: nothing acknowledged may sit in a user-space buffer.
                if (::write(1, line.constData(), size_t(line.size())) != line.size())
                    std::abort();
            }
            writeOne();
        };
        if (store.latest(key))
            store.update(key, payloadFor(seq), 0, done);
        else
            store.create(key, payloadFor(seq), done);
    };
    for (int i = 0; i < 32; ++i)
        writeOne();
    return QCoreApplication::exec();
}
