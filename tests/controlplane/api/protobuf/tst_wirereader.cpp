#include "protobuf/wirereader.h"
#include "protoencoder.h"

#include <QTest>

using namespace flotilla;
using namespace flotilla::api;

class TestWireReader : public QObject
{
    Q_OBJECT

private slots:
    void varints_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<quint64>("expected");
        QTest::newRow("zero") << QByteArray(1, '\0') << quint64(0);
        QTest::newRow("one byte") << QByteArray("\x7f") << quint64(127);
        QTest::newRow("two bytes") << QByteArray("\xac\x02") << quint64(300);
        QTest::newRow("minus one, ten bytes")
            << QByteArray("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01") << ~quint64(0);
        // Bits past 64 in the tenth byte are dropped, as Go's decoder does.
        QTest::newRow("overlong tenth byte")
            << QByteArray("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f") << ~quint64(0);
        QTest::newRow("redundant continuation") << QByteArray("\x81\x80\x80\x00", 4) << quint64(1);
    }
    void varints()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(quint64, expected);
        WireReader reader(WireChunk{bytes, 0});
        const Result<quint64> value = reader.readVarint();
        QVERIFY2(value.ok(), qPrintable(value.error().message));
        QCOMPARE(*value, expected);
        QVERIFY(reader.atEnd());
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty varint")
            << QByteArray() << QStringLiteral("byte 10: truncated varint");
        QTest::newRow("truncated varint")
            << QByteArray("\x80\x80") << QStringLiteral("byte 10: truncated varint");
        QTest::newRow("eleven bytes") << QByteArray(QByteArray(10, '\x80') + QByteArray(1, '\x01'))
                                      << QStringLiteral("varint longer than 10 bytes");
    }
    void errors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        // Offsets in messages are absolute: the chunk starts at byte 10 of the body.
        WireReader reader(WireChunk{bytes, 10});
        const Result<quint64> value = reader.readVarint();
        QVERIFY(!value.ok());
        QCOMPARE(value.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(value.error().message.contains(message), qPrintable(value.error().message));
    }

    void tags()
    {
        const QByteArray bytes = ProtoMessage().string(5, "abc").varint(536870911, 1).encoded();
        WireReader reader(WireChunk{bytes, 0});
        Result<WireTag> tag = reader.readTag();
        QVERIFY(tag.ok());
        QCOMPARE(tag->number, 5);
        QCOMPARE(tag->type, WireType::LengthDelimited);
        const Result<WireChunk> value = reader.readLengthDelimited();
        QVERIFY(value.ok());
        QCOMPARE(value->bytes.toByteArray(), QByteArray("abc"));
        QCOMPARE(value->offset, 2);
        tag = reader.readTag();
        QVERIFY(tag.ok());
        QCOMPARE(tag->number, 536870911); // the largest field number
        QVERIFY(reader.skip(tag->type, tag->number).ok());
        QVERIFY(reader.atEnd());

        for (const QByteArray &bad : {QByteArray(1, '\0'), QByteArray("\x0e"), QByteArray("\x0f"),
                                      ProtoMessage::varintBytes(quint64(536870912) << 3)}) {
            WireReader badReader(WireChunk{bad, 0});
            QVERIFY2(!badReader.readTag().ok(), bad.toHex().constData());
        }
    }

    void lengths()
    {
        // A length can never reach past the chunk, however large.
        for (const quint64 length : {quint64(4), quint64(1) << 31, quint64(1) << 63, ~quint64(0)}) {
            const QByteArray bytes = ProtoMessage::varintBytes(length) + QByteArray("abc");
            WireReader reader(WireChunk{bytes, 0});
            const Result<WireChunk> value = reader.readLengthDelimited();
            QVERIFY(!value.ok());
            QVERIFY2(value.error().message.contains(QLatin1String("runs past the end")),
                     qPrintable(value.error().message));
        }
        const QByteArray exact = QByteArray("\x03"
                                            "abc");
        WireReader reader(WireChunk{exact, 0});
        QVERIFY(reader.readLengthDelimited().ok());
        QVERIFY(reader.atEnd());
    }

    void fixedWidth()
    {
        const QByteArray bytes("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c", 12);
        WireReader reader(WireChunk{bytes, 0});
        const Result<quint32> fixed32 = reader.readFixed32();
        QVERIFY(fixed32.ok());
        QCOMPARE(*fixed32, 0x04030201u);
        const Result<quint64> fixed64 = reader.readFixed64();
        QVERIFY(fixed64.ok());
        QCOMPARE(*fixed64, Q_UINT64_C(0x0c0b0a0908070605));
        QVERIFY(reader.atEnd());
        QVERIFY(!reader.readFixed32().ok());

        WireReader shortReader(WireChunk{QByteArray("\x01\x02\x03", 3), 0});
        QVERIFY(!shortReader.readFixed64().ok());
        QVERIFY(!shortReader.readFixed32().ok());
    }

    void skipping()
    {
        // Every wire type, groups nested within groups.
        const QByteArray bytes =
            ProtoMessage()
                .varint(1, -1)
                .fixed32(2, 7)
                .fixed64(3, 7)
                .string(4, "skip me")
                .group(5, ProtoMessage().varint(1, 1).group(2, ProtoMessage().string(3, "x")))
                .varint(6, 42)
                .encoded();
        WireReader reader(WireChunk{bytes, 0});
        for (int i = 0; i < 5; ++i) {
            const Result<WireTag> tag = reader.readTag();
            QVERIFY(tag.ok());
            QVERIFY2(reader.skip(tag->type, tag->number).ok(), qPrintable(QString::number(i)));
        }
        const Result<WireTag> last = reader.readTag();
        QVERIFY(last.ok());
        QCOMPARE(last->number, 6);
        QCOMPARE(*reader.readVarint(), quint64(42));
    }

    void groupErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("end without start")
            << QByteArray("\x0c") << QStringLiteral("without its start");
        QTest::newRow("unclosed") << QByteArray("\x0b\x10\x01") << QStringLiteral("is not closed");
        QByteArray deep;
        for (int i = 0; i <= WireReader::kMaxGroupDepth; ++i)
            deep += QByteArray("\x0b");
        QTest::newRow("too deep") << deep << QStringLiteral("nested too deeply");
        QTest::newRow("bad field inside")
            << QByteArray("\x0b\x12\x05x") << QStringLiteral("runs past the end");
    }
    void groupErrors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        WireReader reader(WireChunk{bytes, 0});
        const Result<WireTag> tag = reader.readTag();
        QVERIFY(tag.ok());
        const Result<void> skipped = reader.skip(tag->type, tag->number);
        QVERIFY(!skipped.ok());
        QVERIFY2(skipped.error().message.contains(message), qPrintable(skipped.error().message));
    }
};

QTEST_GUILESS_MAIN(TestWireReader)
#include "tst_wirereader.moc"
