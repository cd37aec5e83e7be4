#include "registry/resourceregistry.h"
#include "rest/listselection.h"

#include <QJsonDocument>
#include <QTest>

using namespace flotilla::api;

namespace {

const ResourceType &pods()
{
    return *ResourceRegistry::builtin().find(QString(), QStringLiteral("v1"),
                                             QStringLiteral("pods"));
}

QJsonObject pod(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class TestListSelection : public QObject
{
    Q_OBJECT

private slots:
    void matches_data()
    {
        QTest::addColumn<QString>("labels");
        QTest::addColumn<QString>("fields");
        QTest::addColumn<bool>("match");
        QTest::newRow("everything") << ""
                                    << "" << true;
        QTest::newRow("label equal") << "app=web"
                                     << "" << true;
        QTest::newRow("label set") << "app in (db,web),!canary"
                                   << "" << true;
        QTest::newRow("label miss") << "app=db"
                                    << "" << false;
        QTest::newRow("name") << ""
                              << "metadata.name=p1" << true;
        QTest::newRow("namespace") << ""
                                   << "metadata.namespace!=default" << false;
        QTest::newRow("node") << ""
                              << "spec.nodeName=n1" << true;
        QTest::newRow("phase") << "app=web"
                               << "status.phase=Running,spec.nodeName=n1" << true;
        QTest::newRow("phase miss") << ""
                                    << "status.phase=Pending" << false;
    }

    void matches()
    {
        QFETCH(QString, labels);
        QFETCH(QString, fields);
        QFETCH(bool, match);
        auto selection = ListSelection::parse(pods(), labels, fields);
        QVERIFY(std::holds_alternative<ListSelection>(selection));
        const QJsonObject object =
            pod(R"({"metadata":{"name":"p1","namespace":"default","labels":{"app":"web"}},
                                          "spec":{"nodeName":"n1"},"status":{"phase":"Running"}})");
        QCOMPARE(std::get<ListSelection>(selection).matches(object), match);
    }

    void unsupportedFieldIsRejected()
    {
        auto selection = ListSelection::parse(pods(), QString(), QStringLiteral("spec.hostname=x"));
        QVERIFY(std::holds_alternative<ApiError>(selection));
        QCOMPARE(std::get<ApiError>(selection).code, 400);
        QCOMPARE(std::get<ApiError>(selection).message,
                 QStringLiteral("field label not supported: spec.hostname"));
        auto bad = ListSelection::parse(pods(), QStringLiteral("a in (b"), QString());
        QVERIFY(std::holds_alternative<ApiError>(bad));
    }

    void continueTokensRoundTrip()
    {
        const QString token = encodeContinue(42, "/registry/core/pods/default/web");
        const auto decoded = decodeContinue(token);
        QVERIFY(decoded);
        QCOMPARE(decoded->first, 42);
        QCOMPARE(decoded->second, QByteArray("/registry/core/pods/default/web"));
        QVERIFY(!decodeContinue(QStringLiteral("not-a-token")));
        QVERIFY(!decodeContinue(QString()));
    }
};

QTEST_GUILESS_MAIN(TestListSelection)
#include "tst_listselection.moc"
