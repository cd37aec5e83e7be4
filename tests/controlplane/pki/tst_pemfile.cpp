#include "pki/pemfile.h"
#include "pkitesthelpers.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace flotilla;
using namespace flotilla::pki;
using namespace flotilla::pki::testing;

Q_DECLARE_METATYPE(flotilla::pki::PemFile::Secrecy)

class TestPemFile : public QObject
{
    Q_OBJECT

private:
    mode_t m_savedUmask = 022;

private slots:
    void initTestCase() { m_savedUmask = ::umask(022); }
    void cleanupTestCase() { ::umask(m_savedUmask); }

    void createsWithTheRightMode_data()
    {
        QTest::addColumn<PemFile::Secrecy>("secrecy");
        QTest::addColumn<int>("umask");
        QTest::addColumn<bool>("existing");
        QTest::addColumn<int>("mode");
        QTest::newRow("secret") << PemFile::Secrecy::Secret << 022 << false << 0600;
        QTest::newRow("secret, permissive umask") << PemFile::Secrecy::Secret << 0 << false << 0600;
        QTest::newRow("secret replacing a 0644 file")
            << PemFile::Secrecy::Secret << 022 << true << 0600;
        QTest::newRow("public") << PemFile::Secrecy::Public << 022 << false << 0644;
        QTest::newRow("public, strict umask") << PemFile::Secrecy::Public << 077 << false << 0600;
    }

    void createsWithTheRightMode()
    {
        QFETCH(PemFile::Secrecy, secrecy);
        QFETCH(int, umask);
        QFETCH(bool, existing);
        QFETCH(int, mode);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("file.pem"));
        if (existing) {
            QVERIFY(writeAll(path, "old content"));
            QCOMPARE(fileMode(path), 0644);
        }
        ::umask(static_cast<mode_t>(umask));
        auto written = PemFile::write(path, "new content\n", secrecy);
        ::umask(022);
        QVERIFY2(written.ok(), qPrintable(written.error().message));
        QCOMPARE(fileMode(path), mode);
        QCOMPARE(readAll(path), QByteArray("new content\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("file.pem")});
    }

    void leftoverTemporaryFileIsIgnored()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("key.pem"));
        QVERIFY(writeAll(path + QStringLiteral(".tmp"), "half-written by a crashed run"));
        QVERIFY(QFile::setPermissions(path + QStringLiteral(".tmp"),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        QVERIFY(PemFile::write(path, "key\n", PemFile::Secrecy::Secret).ok());
        QCOMPARE(fileMode(path), 0600);
        QVERIFY(!QFile::exists(path + QStringLiteral(".tmp")));
    }

    void readsBack_data()
    {
        QTest::addColumn<PemFile::Secrecy>("secrecy");
        QTest::newRow("public") << PemFile::Secrecy::Public;
        QTest::newRow("secret") << PemFile::Secrecy::Secret;
    }

    void readsBack()
    {
        QFETCH(PemFile::Secrecy, secrecy);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.pem"));
        QVERIFY(PemFile::write(path, "content", secrecy).ok());
        auto read = PemFile::read(path, secrecy);
        QVERIFY2(read.ok(), qPrintable(read.error().message));
        QCOMPARE(*read, QByteArray("content"));
    }

    void readReportsProblems_data()
    {
        QTest::addColumn<int>("mode"); // -1: the file does not exist
        QTest::addColumn<PemFile::Secrecy>("secrecy");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("missing") << -1 << PemFile::Secrecy::Public << ErrorCode::NotFound
                                 << "does not exist";
        QTest::newRow("group-readable key")
            << 0640 << PemFile::Secrecy::Secret << ErrorCode::InvalidArgument << "(mode 0640)";
        QTest::newRow("world-writable key")
            << 0602 << PemFile::Secrecy::Secret << ErrorCode::InvalidArgument << "chmod 600";
    }

    void readReportsProblems()
    {
        QFETCH(int, mode);
        QFETCH(PemFile::Secrecy, secrecy);
        QFETCH(ErrorCode, code);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.pem"));
        if (mode >= 0) {
            QVERIFY(writeAll(path, "content"));
            QCOMPARE(::chmod(QFile::encodeName(path).constData(), static_cast<mode_t>(mode)), 0);
        }
        auto read = PemFile::read(path, secrecy);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, code);
        QVERIFY2(read.error().message.contains(path), qPrintable(read.error().message));
        QVERIFY2(read.error().message.contains(mentions), qPrintable(read.error().message));
    }

    void writeReportsProblems()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("no/such/dir/x.pem"));
        auto written = PemFile::write(path, "content", PemFile::Secrecy::Secret);
        QVERIFY(!written.ok());
        QCOMPARE(written.error().code, ErrorCode::Unavailable);
        QVERIFY2(written.error().message.contains(path), qPrintable(written.error().message));
    }
};

Q_DECLARE_METATYPE(flotilla::ErrorCode)

QTEST_GUILESS_MAIN(TestPemFile)
#include "tst_pemfile.moc"
