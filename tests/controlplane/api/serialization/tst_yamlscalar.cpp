#include "serialization/yamlscalar.h"

#include <QTest>

#include <cmath>

using namespace flotilla::api;

Q_DECLARE_METATYPE(YamlScalar::Kind)

// Plain-scalar resolution against go-yaml v2 (what sigs.k8s.io/yaml, and so kubectl and the
// apiserver, use). Expected values follow go-yaml's resolve.go.
class TestYamlScalar : public QObject
{
    Q_OBJECT

private slots:
    void resolve_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<YamlScalar::Kind>("kind");
        QTest::addColumn<QString>("value"); // bool as true/false, numbers in decimal

        using K = YamlScalar::Kind;
        // YAML 1.1 booleans, only in these spellings.
        for (const char *t :
             {"true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON"})
            QTest::newRow(t) << QByteArray(t) << K::Bool << "true";
        for (const char *f :
             {"false", "False", "FALSE", "no", "No", "NO", "n", "N", "off", "Off", "OFF"})
            QTest::newRow(f) << QByteArray(f) << K::Bool << "false";
        for (const char *s : {"yEs", "tRue", "oN", "nope", "yes please", "Yes!", "t", "f"})
            QTest::newRow(s) << QByteArray(s) << K::String << s;
        for (const char *n : {"", "~", "null", "Null", "NULL"})
            QTest::newRow(qPrintable(QStringLiteral("null '%1'").arg(QLatin1String(n))))
                << QByteArray(n) << K::Null << "";
        QTest::newRow("nUll") << QByteArray("nUll") << K::String << "nUll";

        QTest::newRow("int") << QByteArray("42") << K::Integer << "42";
        QTest::newRow("negative") << QByteArray("-42") << K::Integer << "-42";
        QTest::newRow("plus") << QByteArray("+42") << K::Integer << "42";
        QTest::newRow("zero") << QByteArray("0") << K::Integer << "0";
        QTest::newRow("hex") << QByteArray("0x1F") << K::Integer << "31";
        QTest::newRow("negative hex") << QByteArray("-0x10") << K::Integer << "-16";
        QTest::newRow("octal, leading zero") << QByteArray("017") << K::Integer << "15";
        QTest::newRow("octal, 0o") << QByteArray("0o17") << K::Integer << "15";
        QTest::newRow("binary") << QByteArray("0b101") << K::Integer << "5";
        QTest::newRow("underscores") << QByteArray("1_000_000") << K::Integer << "1000000";
        QTest::newRow("int64 min")
            << QByteArray("-9223372036854775808") << K::Integer << "-9223372036854775808";
        QTest::newRow("uint64 max")
            << QByteArray("18446744073709551615") << K::Integer << "18446744073709551615";
        // Not an octal integer, but the float regex takes it.
        QTest::newRow("08") << QByteArray("08") << K::Float << "8";
        QTest::newRow("beyond uint64 is a float")
            << QByteArray("99999999999999999999") << K::Float << "1e+20";

        QTest::newRow("float") << QByteArray("1.5") << K::Float << "1.5";
        QTest::newRow("float, no integer part") << QByteArray(".5") << K::Float << "0.5";
        QTest::newRow("negative float") << QByteArray("-.5") << K::Float << "-0.5";
        QTest::newRow("float 1.0") << QByteArray("1.0") << K::Float << "1";
        QTest::newRow("signed exponent") << QByteArray("1e+3") << K::Float << "1000";
        QTest::newRow("negative exponent") << QByteArray("2.5E-1") << K::Float << "0.25";
        QTest::newRow(".5e3 (ParseFloat path)") << QByteArray(".5e3") << K::Float << "500";
        QTest::newRow("underflow is zero") << QByteArray("1e-400") << K::Float << "0";
        QTest::newRow(".inf") << QByteArray(".inf") << K::Float << "inf";
        QTest::newRow("-.Inf") << QByteArray("-.Inf") << K::Float << "-inf";
        QTest::newRow(".NaN") << QByteArray(".NaN") << K::Float << "nan";

        // go-yaml's float regex wants a sign in the exponent.
        QTest::newRow("1e3 stays a string") << QByteArray("1e3") << K::String << "1e3";
        QTest::newRow("overflow stays a string") << QByteArray("1e+400") << K::String << "1e+400";
        QTest::newRow("1.") << QByteArray("1.") << K::String << "1.";
        QTest::newRow("version") << QByteArray("1.2.3") << K::String << "1.2.3";
        QTest::newRow("sexagesimal") << QByteArray("12:30") << K::String << "12:30";
        QTest::newRow("date") << QByteArray("2001-12-14") << K::String << "2001-12-14";
        QTest::newRow("0x alone") << QByteArray("0x") << K::String << "0x";
        QTest::newRow("minus") << QByteArray("-") << K::String << "-";
        QTest::newRow("inf without dot") << QByteArray("inf") << K::String << "inf";
        QTest::newRow(".iNf") << QByteArray(".iNf") << K::String << ".iNf";
        QTest::newRow("leading underscore") << QByteArray("_1") << K::String << "_1";
        QTest::newRow("port mapping") << QByteArray("80:80") << K::String << "80:80";
        QTest::newRow("quantity") << QByteArray("100m") << K::String << "100m";
        QTest::newRow("word") << QByteArray("nginx") << K::String << "nginx";
    }

    void resolve()
    {
        QFETCH(QByteArray, text);
        QFETCH(YamlScalar::Kind, kind);
        QFETCH(QString, value);
        const YamlScalar scalar =
            resolvePlainYamlScalar(std::string_view(text.constData(), size_t(text.size())));
        QCOMPARE(scalar.kind, kind);
        switch (kind) {
        case YamlScalar::Kind::Bool:
            QCOMPARE(scalar.boolean, value == QLatin1String("true"));
            break;
        case YamlScalar::Kind::Integer:
            QCOMPARE((scalar.negative ? QStringLiteral("-") : QString()) +
                         QString::number(scalar.magnitude),
                     value);
            break;
        case YamlScalar::Kind::Float:
            if (std::isnan(scalar.number))
                QCOMPARE(QStringLiteral("nan"), value);
            else if (std::isinf(scalar.number))
                QCOMPARE(QString::fromLatin1(scalar.number > 0 ? "inf" : "-inf"), value);
            else
                QCOMPARE(scalar.number, value.toDouble());
            break;
        case YamlScalar::Kind::Null:
        case YamlScalar::Kind::String:
            break;
        }
    }

    // Float map keys become text the way sigs.k8s.io/yaml writes them (Go's
    // FormatFloat(f, 'g', -1, 32)).
    void floatKeys_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("1.5") << 1.5 << "1.5";
        QTest::newRow("8") << 8.0 << "8";
        QTest::newRow("0.25") << 0.25 << "0.25";
        QTest::newRow("123456") << 123456.0 << "123456";
        QTest::newRow("1234567") << 1234567.0 << "1.234567e+06";
        QTest::newRow("1e+20") << 1e20 << "1e+20";
        QTest::newRow("0.0001") << 0.0001 << "0.0001";
        QTest::newRow("0.00001") << 0.00001 << "1e-05";
        QTest::newRow("float32 precision") << 0.1 << "0.1";
        QTest::newRow("negative") << -2.5 << "-2.5";
        QTest::newRow("zero") << 0.0 << "0";
        QTest::newRow("inf") << qInf() << ".inf";
        QTest::newRow("-inf") << -qInf() << "-.inf";
        QTest::newRow("nan") << qQNaN() << ".nan";
        // Found by fuzz_decode: a double beyond float32's range narrows to infinity.
        QTest::newRow("beyond float32") << 7.7e300 << ".inf";
        QTest::newRow("beyond float32, negative") << -7.7e300 << "-.inf";
    }

    void floatKeys()
    {
        QFETCH(double, value);
        QFETCH(QString, text);
        QCOMPARE(yamlFloatKeyString(value), text);
    }
};

QTEST_GUILESS_MAIN(TestYamlScalar)
#include "tst_yamlscalar.moc"
