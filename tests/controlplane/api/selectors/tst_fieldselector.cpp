#include "selectors/fieldselector.h"

#include <QElapsedTimer>
#include <QTest>

using namespace flotilla;
using namespace flotilla::api;

namespace {

// "a=1;b=" -> {a: "1", b: ""}: compact field sets for the tables.
QHash<QString, QString> fieldSet(const QString &spec)
{
    QHash<QString, QString> fields;
    for (const QString &entry : spec.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        fields.insert(entry.left(eq), eq < 0 ? QString() : entry.mid(eq + 1));
    }
    return fields;
}

} // namespace

Q_DECLARE_METATYPE(flotilla::api::FieldRequirement)

namespace flotilla::api {
// Readable QCOMPARE failures.
char *toString(const FieldRequirement &requirement)
{
    const QString text = requirement.field +
                         (requirement.op == SelectorOperator::NotEquals ? QLatin1String(" != ")
                                                                        : QLatin1String(" = ")) +
                         requirement.value;
    return qstrdup(text.toUtf8().constData());
}
} // namespace flotilla::api

class TestFieldSelector : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<FieldRequirement>>("requirements");
        QTest::addColumn<QString>("canonical");
        const auto eq = [](const char *field, const QString &value) {
            return FieldRequirement{QString::fromUtf8(field), SelectorOperator::Equals, value};
        };
        const auto ne = [](const char *field, const QString &value) {
            return FieldRequirement{QString::fromUtf8(field), SelectorOperator::NotEquals, value};
        };
        const auto s = [](const char *text) { return QString::fromUtf8(text); };
        using List = QList<FieldRequirement>;

        QTest::newRow("equals") << "metadata.name=foo" << List{eq("metadata.name", s("foo"))}
                                << "metadata.name=foo";
        QTest::newRow("double equals is equals")
            << "metadata.name==foo" << List{eq("metadata.name", s("foo"))} << "metadata.name=foo";
        QTest::newRow("not equals")
            << "status.phase!=Running" << List{ne("status.phase", s("Running"))}
            << "status.phase!=Running";
        QTest::newRow("sorted by term")
            << "b=1,a=2" << List{eq("a", s("2")), eq("b", s("1"))} << "a=2,b=1";
        QTest::newRow("empty") << "" << List{} << "";
        QTest::newRow("lone comma skipped") << "," << List{} << "";
        QTest::newRow("trailing comma skipped") << "a=b," << List{eq("a", s("b"))} << "a=b";
        QTest::newRow("empty terms skipped")
            << ",a=b,,c!=d," << List{eq("a", s("b")), ne("c", s("d"))} << "a=b,c!=d";
        QTest::newRow("empty value")
            << "spec.nodeName=" << List{eq("spec.nodeName", QString())} << "spec.nodeName=";
        QTest::newRow("empty value not equals")
            << "spec.nodeName!=" << List{ne("spec.nodeName", QString())} << "spec.nodeName!=";
        QTest::newRow("escaped comma") << R"(a=x\,y)" << List{eq("a", s("x,y"))} << R"(a=x\,y)";
        QTest::newRow("escaped equals") << R"(a=x\=y)" << List{eq("a", s("x=y"))} << R"(a=x\=y)";
        QTest::newRow("escaped backslash")
            << R"(a=x\\y)" << List{eq("a", s(R"(x\y)"))} << R"(a=x\\y)";
        QTest::newRow("only a backslash") << R"(a=\\)" << List{eq("a", s(R"(\)"))} << R"(a=\\)";
        QTest::newRow("escaped comma then term")
            << R"(a=\,,b=c)" << List{eq("a", s(",")), eq("b", s("c"))} << R"(a=\,,b=c)";
        QTest::newRow("escapes in not equals")
            << R"(a!=\=\,\\)" << List{ne("a", s(R"(=,\)"))} << R"(a!=\=\,\\)";
        // Upstream takes the field verbatim and leaves its validation to the caller.
        QTest::newRow("spaces are kept") << " a = b " << List{eq(" a ", s(" b "))} << " a = b ";
        QTest::newRow("empty field") << "=x" << List{eq("", s("x"))} << "=x";
        QTest::newRow("bang in field") << "a!b=c" << List{eq("a!b", s("c"))} << "a!b=c";
        QTest::newRow("non-ascii value")
            << QStringLiteral("a=\u00fc\u4e2d") << List{eq("a", QStringLiteral("\u00fc\u4e2d"))}
            << QStringLiteral("a=\u00fc\u4e2d");
        QTest::newRow("contradiction kept")
            << "a=1,a=2" << List{eq("a", s("1")), eq("a", s("2"))} << "a=1,a=2";
        QTest::newRow("typical kubectl")
            << "spec.nodeName=node-1,status.phase!=Succeeded,status.phase!=Failed"
            << List{eq("spec.nodeName", s("node-1")), ne("status.phase", s("Failed")),
                    ne("status.phase", s("Succeeded"))}
            << "spec.nodeName=node-1,status.phase!=Failed,status.phase!=Succeeded";
    }

    void parseValid()
    {
        QFETCH(QString, text);
        QFETCH(QList<FieldRequirement>, requirements);
        QFETCH(QString, canonical);
        const auto selector = FieldSelector::parse(text);
        QVERIFY2(selector.ok(), qPrintable(selector.error().message));
        QCOMPARE(selector->requirements(), requirements);
        QCOMPARE(selector->isEmpty(), requirements.isEmpty());
        QCOMPARE(selector->toString(), canonical);
        const auto again = FieldSelector::parse(canonical);
        QVERIFY2(again.ok(), qPrintable(again.error().message));
        QCOMPARE(again->requirements(), requirements);
    }

    void parseInvalid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("no operator") << "a"
                                     << "invalid selector: 'a'; can't understand 'a'";
        QTest::newRow("second term without operator")
            << "a=b,c"
            << "invalid selector: 'a=b,c'; can't understand 'c'";
        QTest::newRow("bang only") << "a!b"
                                   << "can't understand 'a!b'";
        QTest::newRow("bare equals in value") << "a=b=c"
                                              << "unescaped character in value: '='";
        QTest::newRow("triple equals") << "a===b"
                                       << "unescaped character in value: '='";
        QTest::newRow("not double equals") << "a!==b"
                                           << "unescaped character in value: '='";
        QTest::newRow("invalid escape") << R"(a=x\y)"
                                        << R"(invalid field selector: invalid escape sequence: \y)";
        QTest::newRow("escaped space") << R"(a=x\ y)"
                                       << R"(invalid escape sequence: \ )";
        QTest::newRow("trailing backslash")
            << R"(a=x\)"
            << R"(invalid field selector: invalid escape sequence: \)";
        QTest::newRow("escaped comma in field only") << R"(a\,b)"
                                                     << R"(can't understand 'a\,b')";
        QTest::newRow("too long") << QString(maxSelectorLength + 1, QLatin1Char('a'))
                                  << "field selector is too long: 32769 characters";
    }

    void parseInvalid()
    {
        QFETCH(QString, text);
        QFETCH(QString, messagePart);
        const auto selector = FieldSelector::parse(text);
        QVERIFY(!selector.ok());
        QCOMPARE(selector.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(selector.error().message.contains(messagePart),
                 qPrintable(selector.error().message));
    }

    void matches_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("fields");
        QTest::addColumn<bool>("expected");
        QTest::newRow("empty selector") << ""
                                        << "" << true;
        QTest::newRow("= same") << "metadata.name=foo"
                                << "metadata.name=foo" << true;
        QTest::newRow("= other") << "metadata.name=foo"
                                 << "metadata.name=bar" << false;
        QTest::newRow("= missing field") << "metadata.name=foo"
                                         << "" << false;
        QTest::newRow("== same") << "metadata.name==foo"
                                 << "metadata.name=foo" << true;
        QTest::newRow("!= same") << "status.phase!=Running"
                                 << "status.phase=Running" << false;
        QTest::newRow("!= other") << "status.phase!=Running"
                                  << "status.phase=Pending" << true;
        QTest::newRow("!= missing field") << "status.phase!=Running"
                                          << "" << true;
        // A missing field reads as "", as upstream's fields.Set.Get.
        QTest::newRow("= empty, missing field") << "spec.nodeName="
                                                << "" << true;
        QTest::newRow("= empty, empty field") << "spec.nodeName="
                                              << "spec.nodeName=" << true;
        QTest::newRow("= empty, set field") << "spec.nodeName="
                                            << "spec.nodeName=n1" << false;
        QTest::newRow("!= empty, missing field") << "spec.nodeName!="
                                                 << "" << false;
        QTest::newRow("!= empty, set field") << "spec.nodeName!="
                                             << "spec.nodeName=n1" << true;
        QTest::newRow("escaped value") << R"(a=x\,y)"
                                       << "a=x,y" << true;
        QTest::newRow("escaped value, raw text") << R"(a=x\,y)"
                                                 << R"(a=x\,y)" << false;
        QTest::newRow("and") << "a=1,b!=2"
                             << "a=1;b=3" << true;
        QTest::newRow("and, one fails") << "a=1,b!=2"
                                        << "a=1;b=2" << false;
        QTest::newRow("contradiction") << "a=1,a=2"
                                       << "a=1" << false;
    }

    void matches()
    {
        QFETCH(QString, selector);
        QFETCH(QString, fields);
        QFETCH(bool, expected);
        const auto parsed = FieldSelector::parse(selector);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
        const QHash<QString, QString> set = fieldSet(fields);
        QCOMPARE(parsed->matches(set), expected);
        QStringList asked;
        const bool viaLookup = parsed->matches([&](const QString &field) -> std::optional<QString> {
            asked << field;
            const auto it = set.constFind(field);
            return it == set.constEnd() ? std::nullopt : std::optional<QString>(*it);
        });
        QCOMPARE(viaLookup, expected);
        if (!selector.isEmpty())
            QVERIFY(!asked.isEmpty());
    }

    void exactMatch_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("field");
        QTest::addColumn<bool>("found");
        QTest::addColumn<QString>("value");
        QTest::newRow("equals") << "metadata.name=foo,metadata.namespace!=bar"
                                << "metadata.name" << true << "foo";
        QTest::newRow("double equals") << "metadata.name==foo"
                                       << "metadata.name" << true << "foo";
        QTest::newRow("not equals") << "metadata.name=foo,metadata.namespace!=bar"
                                    << "metadata.namespace" << false << "";
        QTest::newRow("escaped") << R"(metadata.name=a\,b)"
                                 << "metadata.name" << true << "a,b";
        QTest::newRow("empty value") << "spec.nodeName="
                                     << "spec.nodeName" << true << "";
        QTest::newRow("other field") << "a=1"
                                     << "b" << false << "";
        QTest::newRow("empty selector") << ""
                                        << "a" << false << "";
        QTest::newRow("first in sorted order") << "a=2,a=1"
                                               << "a" << true << "1";
    }

    void exactMatch()
    {
        QFETCH(QString, selector);
        QFETCH(QString, field);
        QFETCH(bool, found);
        QFETCH(QString, value);
        const auto parsed = FieldSelector::parse(selector);
        QVERIFY(parsed.ok());
        const std::optional<QString> match = parsed->exactMatch(field);
        QCOMPARE(match.has_value(), found);
        if (found)
            QCOMPARE(*match, value);
    }

    void escaping_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("escaped");
        QTest::newRow("plain") << "abc"
                               << "abc";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("comma") << "a,b"
                               << R"(a\,b)";
        QTest::newRow("equals") << "a=b"
                                << R"(a\=b)";
        QTest::newRow("backslash") << R"(a\b)"
                                   << R"(a\\b)";
        QTest::newRow("all") << R"(\,=)"
                             << R"(\\\,\=)";
        QTest::newRow("other specials untouched") << "a!b (c)"
                                                  << "a!b (c)";
    }

    void escaping()
    {
        QFETCH(QString, raw);
        QFETCH(QString, escaped);
        QCOMPARE(FieldSelector::escapeValue(raw), escaped);
        const auto back = FieldSelector::unescapeValue(escaped);
        QVERIFY2(back.ok(), qPrintable(back.error().message));
        QCOMPARE(*back, raw);
    }

    void callerRejectsUnsupportedFields()
    {
        // How the API layer uses requirements(): anything outside its list is refused with
        // upstream's message, naming the field.
        const QStringList supported{QStringLiteral("metadata.name"),
                                    QStringLiteral("metadata.namespace")};
        const auto selector = FieldSelector::parse(QStringLiteral("metadata.name=a,spec.foo=b"));
        QVERIFY(selector.ok());
        QString refused;
        for (const FieldRequirement &requirement : selector->requirements()) {
            if (!supported.contains(requirement.field)) {
                refused = QStringLiteral("field label not supported: ") + requirement.field;
                break;
            }
        }
        QCOMPARE(refused, QStringLiteral("field label not supported: spec.foo"));
    }

    void defaultIsEmpty()
    {
        const FieldSelector selector;
        QVERIFY(selector.isEmpty());
        QCOMPARE(selector.toString(), QString());
        QVERIFY(selector.matches(QHash<QString, QString>()));
    }

    void largeInputs_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        const qsizetype n = maxSelectorLength;
        QTest::newRow("commas") << QString(n, QLatin1Char(',')) << true;
        QTest::newRow("backslashes") << QString(n, QLatin1Char('\\')) << false;
        QTest::newRow("equals") << QString(n, QLatin1Char('=')) << false;
        QTest::newRow("one long field") << QString(n, QLatin1Char('a')) << false;
        QTest::newRow("long escaped value")
            << QStringLiteral("a=") + QStringLiteral("\\,").repeated((n - 2) / 2) << true;
        QTest::newRow("many terms sharing a prefix")
            << QString(QString(100, QLatin1Char('x')) + QStringLiteral("=v,")).repeated(n / 104)
            << true;
    }

    void largeInputs()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QVERIFY(text.size() <= maxSelectorLength);
        QElapsedTimer timer;
        timer.start();
        const auto selector = FieldSelector::parse(text);
        QCOMPARE(selector.ok(), valid);
        if (valid) {
            (void)selector->matches(fieldSet(QStringLiteral("a=1")));
            QVERIFY(FieldSelector::parse(selector->toString()).ok());
        }
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestFieldSelector)
#include "tst_fieldselector.moc"
