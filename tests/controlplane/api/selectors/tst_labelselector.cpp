#include "selectors/labelselector.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using namespace flotilla;
using namespace flotilla::api;

namespace {

// "a=1;b=" -> {a: "1", b: ""}: compact label sets for the tables.
QHash<QString, QString> labelSet(const QString &spec)
{
    QHash<QString, QString> labels;
    for (const QString &entry : spec.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        labels.insert(entry.left(eq), eq < 0 ? QString() : entry.mid(eq + 1));
    }
    return labels;
}

QJsonObject toJsonObject(const QHash<QString, QString> &labels)
{
    QJsonObject object;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QJsonObject parseJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", json.constData());
    return document.object();
}

QString repeated(char c, qsizetype count)
{
    return QString(count, QLatin1Char(c));
}

} // namespace

class TestLabelSelector : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("equals") << "a=b"
                                << "a=b";
        QTest::newRow("double equals kept") << "a==b"
                                            << "a==b";
        QTest::newRow("not equals") << "a!=b"
                                    << "a!=b";
        QTest::newRow("in") << "a in (x,y)"
                            << "a in (x,y)";
        QTest::newRow("in sorts and dedups") << "a in (y, x, y)"
                                             << "a in (x,y)";
        QTest::newRow("notin") << "a notin (x)"
                               << "a notin (x)";
        QTest::newRow("in without spaces") << "a in(x)"
                                           << "a in (x)";
        QTest::newRow("notin without spaces") << "a notin(x,y)"
                                              << "a notin (x,y)";
        QTest::newRow("exists") << "a"
                                << "a";
        QTest::newRow("does not exist") << "!a"
                                        << "!a";
        QTest::newRow("does not exist spaced") << " !  a "
                                               << "!a";
        QTest::newRow("greater than") << "a>1"
                                      << "a>1";
        QTest::newRow("less than") << "a < 10"
                                   << "a<10";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("blank") << " \t\r\n "
                               << "";
        QTest::newRow("whitespace everywhere") << "  a  =  b  ,  c  ,\t!d\n"
                                               << "a=b,c,!d";
        QTest::newRow("tabs and newlines") << "\ta\n=\rb"
                                           << "a=b";
        QTest::newRow("sorted by key") << "b=1,a=2,c"
                                       << "a=2,b=1,c";
        QTest::newRow("same key keeps order") << "a=x,a!=y"
                                              << "a=x,a!=y";
        QTest::newRow("empty value") << "a="
                                     << "a=";
        QTest::newRow("empty value then more") << "a=,b"
                                               << "a=,b";
        QTest::newRow("empty not equals") << "a!="
                                          << "a!=";
        QTest::newRow("in () is the empty value") << "a in ()"
                                                  << "a in ()";
        QTest::newRow("notin () is the empty value") << "a notin ()"
                                                     << "a notin ()";
        QTest::newRow("leading empty value") << "a in (,x)"
                                             << "a in (,x)";
        QTest::newRow("trailing empty value") << "a in (x,)"
                                              << "a in (,x)";
        QTest::newRow("lone comma") << "a in (,)"
                                    << "a in ()";
        QTest::newRow("upstream doc example") << "x in (foo,,baz),y,z notin ()"
                                              << "x in (,baz,foo),y,z notin ()";
        QTest::newRow("keywords as key and values") << "in in (in, notin)"
                                                    << "in in (in,notin)";
        QTest::newRow("keyword key exists") << "notin"
                                            << "notin";
        QTest::newRow("keyword value") << "a=in"
                                       << "a=in";
        QTest::newRow("prefixed key") << "example.com/app=web"
                                      << "example.com/app=web";
        QTest::newRow("k8s.io key") << "app.kubernetes.io/name in (nginx)"
                                    << "app.kubernetes.io/name in (nginx)";
        QTest::newRow("name charset") << "a.b-c_D9=A.b-C_1"
                                      << "a.b-c_D9=A.b-C_1";
        QTest::newRow("numeric key") << "123=456"
                                     << "123=456";
        QTest::newRow("single char key and value") << "a=1"
                                                   << "a=1";
        QTest::newRow("leading zeros for gt") << "a>007"
                                              << "a>007";
        QTest::newRow("gt int64 max") << "a>9223372036854775807"
                                      << "a>9223372036854775807";
        const QString name63 = repeated('n', 63);
        QTest::newRow("63 char name")
            << name63 + QStringLiteral("=v") << name63 + QStringLiteral("=v");
        const QString prefix253 = repeated('p', 61) + QStringLiteral(".") + repeated('q', 61) +
                                  QStringLiteral(".") + repeated('r', 61) + QStringLiteral(".") +
                                  repeated('s', 67);
        QCOMPARE(prefix253.size(), 253);
        QTest::newRow("253 char prefix")
            << prefix253 + QStringLiteral("/n") << prefix253 + QStringLiteral("/n");
        const QString value63 = repeated('v', 63);
        QTest::newRow("63 char value")
            << QStringLiteral("k=") + value63 << QStringLiteral("k=") + value63;
    }

    void parseValid()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        const auto selector = LabelSelector::parse(text);
        QVERIFY2(selector.ok(), qPrintable(selector.error().message));
        QCOMPARE(selector->toString(), canonical);
        QCOMPARE(selector->isEmpty(), canonical.isEmpty());
        // The canonical form is a fixed point.
        const auto again = LabelSelector::parse(canonical);
        QVERIFY2(again.ok(), qPrintable(again.error().message));
        QCOMPARE(again->toString(), canonical);
    }

    void parseStructure()
    {
        const auto selector = LabelSelector::parse(
            QStringLiteral("tier notin (cache),env in (prod,dev),!legacy,app==web,x"));
        QVERIFY(selector.ok());
        const QList<LabelRequirement> &requirements = selector->requirements();
        QCOMPARE(requirements.size(), 5);
        QCOMPARE(requirements[0].key(), QStringLiteral("app"));
        QCOMPARE(requirements[0].op(), SelectorOperator::DoubleEquals);
        QCOMPARE(requirements[0].values(), QStringList{QStringLiteral("web")});
        QCOMPARE(requirements[1].key(), QStringLiteral("env"));
        QCOMPARE(requirements[1].op(), SelectorOperator::In);
        QCOMPARE(requirements[1].values(),
                 (QStringList{QStringLiteral("dev"), QStringLiteral("prod")}));
        QCOMPARE(requirements[2].key(), QStringLiteral("legacy"));
        QCOMPARE(requirements[2].op(), SelectorOperator::DoesNotExist);
        QVERIFY(requirements[2].values().isEmpty());
        QCOMPARE(requirements[3].key(), QStringLiteral("tier"));
        QCOMPARE(requirements[3].op(), SelectorOperator::NotIn);
        QCOMPARE(requirements[4].key(), QStringLiteral("x"));
        QCOMPARE(requirements[4].op(), SelectorOperator::Exists);
    }

    void parseInvalid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("messagePart");
        // Syntax.
        QTest::newRow("unclosed in")
            << "a in (b"
            << "unable to parse requirement: found '', expected: ',' or ')'";
        QTest::newRow("trailing comma") << "a=b,"
                                        << "found '', expected: identifier after ','";
        QTest::newRow("lone comma") << ","
                                    << "found ',', expected: !, identifier, or 'end of string'";
        QTest::newRow("double comma") << "a,,b"
                                      << "found ',', expected: identifier after ','";
        QTest::newRow("missing key") << "=b"
                                     << "found '=', expected: !, identifier, or 'end of string'";
        QTest::newRow("missing key not equals") << "!=b"
                                                << "found '!=', expected: !, identifier";
        QTest::newRow("lone bang") << "!"
                                   << "unable to parse requirement: found '', expected: identifier";
        QTest::newRow("double bang")
            << "!!a"
            << "unable to parse requirement: found '!', expected: identifier";
        QTest::newRow("bang with value") << "!a=b"
                                         << "found '=', expected: ',' or 'end of string'";
        QTest::newRow("two identifiers") << "a b"
                                         << "unable to parse requirement: found 'b', expected: "
                                            "in, notin, =, ==, !=, gt, lt";
        QTest::newRow("bang after key") << "a!b"
                                        << "found '!', expected: in, notin";
        QTest::newRow("in without set") << "a in"
                                        << "found '', expected: '('";
        QTest::newRow("in with bare value") << "a in b"
                                            << "found 'b', expected: '('";
        QTest::newRow("in missing comma") << "a in (b c)"
                                          << "found 'c', expected: ',' or ')'";
        QTest::newRow("in with operator") << "a in (=)"
                                          << "found '=', expected: ',', ')' or identifier";
        QTest::newRow("in nested") << "a in ((b))"
                                   << "found '(', expected: ',', ')' or identifier";
        QTest::newRow("in open only") << "a in ("
                                      << "found '', expected: ',', ')' or identifier";
        // Upstream's list grammar rejects these two; kept for exact compatibility.
        QTest::newRow("in value then two commas") << "a in (b,,)"
                                                  << "found ')', expected: ',', or identifier";
        QTest::newRow("in two commas") << "a in (,,)"
                                       << "found ')', expected: ',', or identifier";
        QTest::newRow("equals paren") << "a=("
                                      << "found '(', expected: identifier";
        QTest::newRow("value then identifier") << "a=b c"
                                               << "found 'c', expected: ',' or 'end of string'";
        QTest::newRow("chained equals") << "a=b=c"
                                        << "found '=', expected: ',' or 'end of string'";
        QTest::newRow("triple equals") << "a===b"
                                       << "found '=', expected: identifier";
        QTest::newRow("stray close paren") << ")"
                                           << "found ')', expected: !, identifier";
        QTest::newRow("open paren") << "("
                                    << "found '('";
        QTest::newRow("gt not integer") << "a>x"
                                        << "the value must be an integer, not \"x\"";
        QTest::newRow("gt empty") << "a>"
                                  << "the value must be an integer";
        QTest::newRow("gt overflow") << "a>9223372036854775808"
                                     << "the value must be an integer";
        QTest::newRow("gt negative is not a label value") << "a>-1"
                                                          << "invalid label value \"-1\"";
        // Keys.
        QTest::newRow("key leading dash") << "-a=b"
                                          << "invalid label key \"-a\": name part must consist of";
        QTest::newRow("key trailing dash") << "a-=b"
                                           << "invalid label key \"a-\": name part must consist";
        QTest::newRow("key bad char") << "a*b=c"
                                      << "invalid label key \"a*b\"";
        QTest::newRow("key non-ascii")
            << QStringLiteral("cl\u00e9=v") << QStringLiteral("invalid label key \"cl\u00e9\"");
        QTest::newRow("key empty prefix")
            << "/a=b"
            << "invalid label key \"/a\": prefix part must be non-empty";
        QTest::newRow("key empty name") << "a/=b"
                                        << "invalid label key \"a/\": name part must be non-empty";
        QTest::newRow("key uppercase prefix") << "Example.com/a=b"
                                              << "prefix part a lowercase RFC 1123 subdomain";
        QTest::newRow("key prefix underscore") << "ex_ample.com/a"
                                               << "prefix part a lowercase RFC 1123 subdomain";
        QTest::newRow("key prefix empty label") << "example..com/a"
                                                << "prefix part a lowercase RFC 1123 subdomain";
        QTest::newRow("key prefix trailing dot") << "example.com./a"
                                                 << "prefix part a lowercase RFC 1123 subdomain";
        QTest::newRow("key two slashes") << "a/b/c=d"
                                         << "invalid label key \"a/b/c\": a qualified name must";
        QTest::newRow("key in exists form") << "a/b/c"
                                            << "invalid label key \"a/b/c\"";
        QTest::newRow("key bad in does-not-exist") << "!-a"
                                                   << "invalid label key \"-a\"";
        QTest::newRow("key nul") << QStringLiteral("a") + QChar(0) + QStringLiteral("=b")
                                 << QStringLiteral("invalid label key");
        QTest::newRow("key name 64")
            << repeated('n', 64) + QStringLiteral("=v")
            << QStringLiteral("name part must be no more than 63 characters");
        QTest::newRow("key prefix 254")
            << repeated('p', 63) + QStringLiteral(".") + repeated('q', 63) + QStringLiteral(".") +
                   repeated('r', 63) + QStringLiteral(".") + repeated('s', 62) +
                   QStringLiteral("/n")
            << QStringLiteral("prefix part must be no more than 253 characters");
        // Values.
        QTest::newRow("value leading dash")
            << "a=-b"
            << "invalid label value \"-b\" for key \"a\": a valid label";
        QTest::newRow("value trailing underscore") << "a=b_"
                                                   << "invalid label value \"b_\"";
        QTest::newRow("value slash") << "a=b/c"
                                     << "invalid label value \"b/c\"";
        QTest::newRow("value non-ascii")
            << QStringLiteral("a=\u00fc") << QStringLiteral("invalid label value \"\u00fc\"");
        QTest::newRow("value nul")
            << QStringLiteral("a=b") + QChar(0) << QStringLiteral("invalid label value");
        QTest::newRow("value in set") << "a in (x, -y)"
                                      << "invalid label value \"-y\"";
        QTest::newRow("value in notin set") << "a notin (x.)"
                                            << "invalid label value \"x.\"";
        QTest::newRow("value 64") << QStringLiteral("k=") + repeated('v', 64)
                                  << QStringLiteral("must be no more than 63 characters");
        // Size.
        QTest::newRow("too long") << repeated('a', maxSelectorLength + 1)
                                  << QStringLiteral("label selector is too long: 32769 characters");
    }

    void parseInvalid()
    {
        QFETCH(QString, text);
        QFETCH(QString, messagePart);
        const auto selector = LabelSelector::parse(text);
        QVERIFY(!selector.ok());
        QCOMPARE(selector.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(selector.error().message.contains(messagePart),
                 qPrintable(selector.error().message));
    }

    void errorMessagesStayShort()
    {
        // A 30,000-character key is named, but not in full.
        const auto selector = LabelSelector::parse(repeated('-', 30000));
        QVERIFY(!selector.ok());
        QVERIFY2(selector.error().message.size() < 1000, qPrintable(selector.error().message));
    }

    void matches_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("labels");
        QTest::addColumn<bool>("expected");
        QTest::newRow("empty selector, no labels") << ""
                                                   << "" << true;
        QTest::newRow("empty selector, labels") << ""
                                                << "a=1" << true;
        QTest::newRow("= same") << "a=1"
                                << "a=1;b=2" << true;
        QTest::newRow("= other") << "a=1"
                                 << "a=2" << false;
        QTest::newRow("= absent") << "a=1"
                                  << "b=1" << false;
        QTest::newRow("= is case sensitive") << "app=web"
                                             << "App=web" << false;
        QTest::newRow("== same") << "a==1"
                                 << "a=1" << true;
        QTest::newRow("== other") << "a==1"
                                  << "a=2" << false;
        QTest::newRow("!= same") << "a!=1"
                                 << "a=1" << false;
        QTest::newRow("!= other") << "a!=1"
                                  << "a=2" << true;
        QTest::newRow("!= absent matches") << "a!=1"
                                           << "" << true;
        QTest::newRow("in member") << "a in (1,2)"
                                   << "a=2" << true;
        QTest::newRow("in non-member") << "a in (1,2)"
                                       << "a=3" << false;
        QTest::newRow("in absent") << "a in (1,2)"
                                   << "" << false;
        QTest::newRow("notin member") << "a notin (1,2)"
                                      << "a=1" << false;
        QTest::newRow("notin non-member") << "a notin (1,2)"
                                          << "a=3" << true;
        QTest::newRow("notin absent matches") << "a notin (1,2)"
                                              << "" << true;
        QTest::newRow("exists") << "a"
                                << "a=" << true;
        QTest::newRow("exists absent") << "a"
                                       << "b=1" << false;
        QTest::newRow("does not exist absent") << "!a"
                                               << "b=1" << true;
        QTest::newRow("does not exist present") << "!a"
                                                << "a=1" << false;
        QTest::newRow("= empty value") << "a="
                                       << "a=" << true;
        QTest::newRow("= empty value, absent") << "a="
                                               << "" << false;
        QTest::newRow("in () matches empty") << "a in ()"
                                             << "a=" << true;
        QTest::newRow("in () not other") << "a in ()"
                                         << "a=x" << false;
        QTest::newRow("in with empty member") << "a in (x,)"
                                              << "a=" << true;
        QTest::newRow("gt above") << "a>1"
                                  << "a=2" << true;
        QTest::newRow("gt equal") << "a>1"
                                  << "a=1" << false;
        QTest::newRow("gt not a number") << "a>1"
                                         << "a=x" << false;
        QTest::newRow("gt absent") << "a>1"
                                   << "" << false;
        QTest::newRow("lt negative label") << "a<1"
                                           << "a=-5" << true;
        QTest::newRow("lt above") << "a<1"
                                  << "a=5" << false;
        QTest::newRow("lt overflowing label") << "a<1"
                                              << "a=-99999999999999999999" << false;
        QTest::newRow("and, all hold") << "a=1,b!=2,!c"
                                       << "a=1;b=3" << true;
        QTest::newRow("and, one fails") << "a=1,b!=2,!c"
                                        << "a=1;b=3;c=" << false;
        QTest::newRow("contradiction") << "a=1,a=2"
                                       << "a=1" << false;
        QTest::newRow("prefixed key") << "example.com/tier=db"
                                      << "example.com/tier=db" << true;
    }

    void matches()
    {
        QFETCH(QString, selector);
        QFETCH(QString, labels);
        QFETCH(bool, expected);
        const auto parsed = LabelSelector::parse(selector);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
        const QHash<QString, QString> set = labelSet(labels);
        QCOMPARE(parsed->matches(set), expected);
        QCOMPARE(parsed->matches(toJsonObject(set)), expected);
    }

    void matchesNonStringJsonLabel()
    {
        // Not a valid object, but it must not crash: the label is present with value "".
        const auto selector = LabelSelector::parse(QStringLiteral("a,b="));
        QVERIFY(selector.ok());
        QVERIFY(selector->matches(parseJson(R"({"a": 1, "b": null})")));
    }

    void fromJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("empty object") << QByteArray("{}") << "";
        QTest::newRow("null members")
            << QByteArray(R"({"matchLabels": null, "matchExpressions": null})") << "";
        QTest::newRow("empty members")
            << QByteArray(R"({"matchLabels": {}, "matchExpressions": []})") << "";
        QTest::newRow("match labels")
            << QByteArray(R"({"matchLabels": {"b": "1", "a": "2"}})") << "a=2,b=1";
        QTest::newRow("empty label value") << QByteArray(R"({"matchLabels": {"a": ""}})") << "a=";
        QTest::newRow("in")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "In", "values": ["y", "x"]}]})")
            << "a in (x,y)";
        QTest::newRow("notin")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["x"]}]})")
            << "a notin (x)";
        QTest::newRow("exists")
            << QByteArray(R"({"matchExpressions": [{"key": "a", "operator": "Exists"}]})") << "a";
        QTest::newRow("exists, empty values")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "Exists", "values": []}]})")
            << "a";
        QTest::newRow("does not exist")
            << QByteArray(R"({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]})")
            << "!a";
        QTest::newRow("labels and expressions sorted by key")
            << QByteArray(R"({"matchLabels": {"tier": "db"},
                              "matchExpressions": [{"key": "zone", "operator": "Exists"},
                                                   {"key": "app", "operator": "In", "values": ["a"]}]})")
            << "app in (a),tier=db,zone";
        QTest::newRow("unknown members ignored")
            << QByteArray(R"({"matchLabels": {"a": "b"}, "other": 1})") << "a=b";
    }

    void fromJson()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, canonical);
        const auto selector = LabelSelector::fromJson(parseJson(json));
        QVERIFY2(selector.ok(), qPrintable(selector.error().message));
        QCOMPARE(selector->toString(), canonical);
        QCOMPARE(selector->isEmpty(), canonical.isEmpty());
    }

    void fromJsonInvalid_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("exists with values")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]})")
            << "matchExpressions[0]: invalid values for key \"a\" (operator 'exists'): values set "
               "must be empty for exists and does not exist";
        QTest::newRow("does not exist with values")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "DoesNotExist", "values": [""]}]})")
            << "values set must be empty for exists and does not exist";
        QTest::newRow("in without values")
            << QByteArray(R"({"matchExpressions": [{"key": "a", "operator": "In"}]})")
            << "for 'in', 'notin' operators, values set can't be empty";
        QTest::newRow("notin with empty values")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": []}]})")
            << "for 'in', 'notin' operators, values set can't be empty";
        QTest::newRow("unknown operator")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "Equals", "values": ["x"]}]})")
            << "matchExpressions[0].operator: \"Equals\" is not a valid label selector operator";
        QTest::newRow("lowercase operator")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "in", "values": ["x"]}]})")
            << "\"in\" is not a valid label selector operator";
        QTest::newRow("missing operator") << QByteArray(R"({"matchExpressions": [{"key": "a"}]})")
                                          << "\"\" is not a valid label selector operator";
        QTest::newRow("missing key")
            << QByteArray(R"({"matchExpressions": [{"operator": "Exists"}]})")
            << "invalid label key \"\": name part must be non-empty";
        QTest::newRow("second expression")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "Exists"}, {"key": "-b", "operator": "Exists"}]})")
            << "matchExpressions[1]: invalid label key \"-b\"";
        QTest::newRow("bad expression value")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "In", "values": ["ok", "not ok"]}]})")
            << "invalid label value \"not ok\" for key \"a\"";
        QTest::newRow("bad label key") << QByteArray(R"({"matchLabels": {"a/b/c": "x"}})")
                                       << "matchLabels: invalid label key \"a/b/c\"";
        QTest::newRow("bad label value") << QByteArray(R"({"matchLabels": {"a": "-x"}})")
                                         << "matchLabels: invalid label value \"-x\"";
        QTest::newRow("label value not a string")
            << QByteArray(R"({"matchLabels": {"a": 1}})") << "matchLabels.a must be a string";
        QTest::newRow("match labels not an object")
            << QByteArray(R"({"matchLabels": ["a"]})") << "matchLabels must be an object";
        QTest::newRow("expressions not an array")
            << QByteArray(R"({"matchExpressions": {}})") << "matchExpressions must be an array";
        QTest::newRow("expression not an object") << QByteArray(R"({"matchExpressions": ["a"]})")
                                                  << "matchExpressions[0] must be an object";
        QTest::newRow("values not an array")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "In", "values": "x"}]})")
            << "matchExpressions[0].values must be an array of strings";
        QTest::newRow("value not a string")
            << QByteArray(
                   R"({"matchExpressions": [{"key": "a", "operator": "In", "values": [1]}]})")
            << "matchExpressions[0].values must be an array of strings";
        QTest::newRow("key not a string")
            << QByteArray(R"({"matchExpressions": [{"key": 1, "operator": "Exists"}]})")
            << "matchExpressions[0].key must be a string";
        QTest::newRow("operator not a string")
            << QByteArray(R"({"matchExpressions": [{"key": "a", "operator": 1}]})")
            << "matchExpressions[0].operator must be a string";
    }

    void fromJsonInvalid()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, messagePart);
        const auto selector = LabelSelector::fromJson(parseJson(json));
        QVERIFY(!selector.ok());
        QCOMPARE(selector.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(selector.error().message.contains(messagePart),
                 qPrintable(selector.error().message));
    }

    void fromJsonMatches()
    {
        const auto everything = LabelSelector::fromJson(QJsonObject());
        QVERIFY(everything.ok());
        QVERIFY(everything->isEmpty());
        QVERIFY(everything->matches(QHash<QString, QString>()));
        QVERIFY(everything->matches(labelSet(QStringLiteral("a=1"))));

        const auto selector = LabelSelector::fromJson(parseJson(R"({
            "matchLabels": {"app": "web"},
            "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["cache"]},
                                 {"key": "legacy", "operator": "DoesNotExist"}]})"));
        QVERIFY2(selector.ok(), qPrintable(selector.error().message));
        QVERIFY(selector->matches(labelSet(QStringLiteral("app=web"))));
        QVERIFY(selector->matches(labelSet(QStringLiteral("app=web;tier=db"))));
        QVERIFY(!selector->matches(labelSet(QStringLiteral("app=web;tier=cache"))));
        QVERIFY(!selector->matches(labelSet(QStringLiteral("app=web;legacy=yes"))));
        QVERIFY(!selector->matches(labelSet(QStringLiteral("tier=db"))));
        // Duplicate values from JSON are kept but print sorted, as upstream.
        const auto duplicates = LabelSelector::fromJson(parseJson(
            R"({"matchExpressions": [{"key": "a", "operator": "In", "values": ["y", "x", "y"]}]})"));
        QVERIFY(duplicates.ok());
        QCOMPARE(duplicates->toString(), QStringLiteral("a in (x,y,y)"));
    }

    void exactMatch_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("found");
        QTest::addColumn<QString>("value");
        QTest::newRow("equals") << "a=1,b=2"
                                << "b" << true << "2";
        QTest::newRow("double equals") << "a==1"
                                       << "a" << true << "1";
        QTest::newRow("single in") << "a in (1)"
                                   << "a" << true << "1";
        QTest::newRow("empty value") << "a="
                                     << "a" << true << "";
        QTest::newRow("multi in") << "a in (1,2)"
                                  << "a" << false << "";
        QTest::newRow("not equals") << "a!=1"
                                    << "a" << false << "";
        QTest::newRow("exists") << "a"
                                << "a" << false << "";
        QTest::newRow("other key") << "a=1"
                                   << "b" << false << "";
        QTest::newRow("empty selector") << ""
                                        << "a" << false << "";
    }

    void exactMatch()
    {
        QFETCH(QString, selector);
        QFETCH(QString, key);
        QFETCH(bool, found);
        QFETCH(QString, value);
        const auto parsed = LabelSelector::parse(selector);
        QVERIFY(parsed.ok());
        const std::optional<QString> match = parsed->exactMatch(key);
        QCOMPARE(match.has_value(), found);
        if (found)
            QCOMPARE(*match, value);
    }

    void defaultIsEmpty()
    {
        const LabelSelector selector;
        QVERIFY(selector.isEmpty());
        QCOMPARE(selector.toString(), QString());
        QVERIFY(selector.matches(labelSet(QStringLiteral("a=1"))));
    }

    // Hostile inputs at the size cap must fail or succeed quickly, never crash or hang.
    void largeInputs_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        const qsizetype n = maxSelectorLength;
        QTest::newRow("open parens") << repeated('(', n) << false;
        QTest::newRow("bangs") << repeated('!', n) << false;
        QTest::newRow("commas") << repeated(',', n) << false;
        QTest::newRow("equals") << repeated('=', n) << false;
        QTest::newRow("whitespace") << repeated(' ', n) << true;
        QTest::newRow("one long key") << repeated('a', n) << false;
        QString manyValues = QStringLiteral("a in (");
        for (int i = 0; manyValues.size() < n - 16; ++i)
            manyValues += QString::number(i) + QLatin1Char(',');
        manyValues += QStringLiteral("x)");
        QTest::newRow("many values") << manyValues << true;
        QTest::newRow("many commas in set")
            << QStringLiteral("a in (") + repeated(',', n - 8) + QStringLiteral(",)") << true;
        QString manyRequirements;
        for (int i = 0; manyRequirements.size() < n - 16; ++i)
            manyRequirements += QStringLiteral("k%1=v,").arg(i % 100);
        manyRequirements += QStringLiteral("z");
        QTest::newRow("many requirements") << manyRequirements << true;
        QTest::newRow("unclosed set")
            << QStringLiteral("a in (") + repeated('b', 60) + QStringLiteral(",").repeated(2000)
            << false;
    }

    void largeInputs()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QVERIFY(text.size() <= maxSelectorLength);
        QElapsedTimer timer;
        timer.start();
        const auto selector = LabelSelector::parse(text);
        QCOMPARE(selector.ok(), valid);
        if (valid) {
            (void)selector->matches(labelSet(QStringLiteral("a=1;k1=v")));
            const QString canonical = selector->toString();
            QVERIFY(LabelSelector::parse(canonical).ok());
        }
        // Generous for a sanitizer build on a loaded machine; quadratic would take minutes.
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestLabelSelector)
#include "tst_labelselector.moc"
