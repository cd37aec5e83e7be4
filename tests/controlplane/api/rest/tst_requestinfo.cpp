#include "rest/requestinfo.h"

#include <QTest>

using namespace flotilla::api;

class TestRequestInfo : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("watch");
        QTest::addColumn<QString>("expected"); // "verb group/version ns resource name sub"
        QTest::newRow("core list") << "GET"
                                   << "/api/v1/pods" << false << "list /v1  pods  ";
        QTest::newRow("namespaced get")
            << "GET"
            << "/api/v1/namespaces/default/pods/web" << false << "get /v1 default pods web ";
        QTest::newRow("watch query")
            << "GET"
            << "/api/v1/namespaces/default/pods" << true << "watch /v1 default pods  ";
        QTest::newRow("watch prefix") << "GET"
                                      << "/apis/apps/v1/watch/namespaces/x/deployments" << false
                                      << "watch apps/v1 x deployments  ";
        QTest::newRow("scale") << "PATCH"
                               << "/apis/apps/v1/namespaces/d/deployments/web/scale" << false
                               << "patch apps/v1 d deployments web scale";
        QTest::newRow("namespace object")
            << "DELETE"
            << "/api/v1/namespaces/team" << false << "delete /v1 team namespaces team ";
        QTest::newRow("namespace status") << "PUT"
                                          << "/api/v1/namespaces/team/status" << false
                                          << "update /v1 team namespaces team status";
        QTest::newRow("deletecollection")
            << "DELETE"
            << "/api/v1/namespaces/d/configmaps" << false << "deletecollection /v1 d configmaps  ";
        QTest::newRow("cluster scoped") << "POST"
                                        << "/api/v1/nodes" << false << "create /v1  nodes  ";
    }

    void parse()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(bool, watch);
        QFETCH(QString, expected);
        const RequestInfo info = RequestInfo::parse(method, path, watch);
        QVERIFY(info.isResourceRequest);
        QCOMPARE(QStringLiteral("%1 %2/%3 %4 %5 %6 %7")
                     .arg(info.verb, info.group, info.version, info.namespaceName, info.resource,
                          info.name, info.subresource),
                 expected);
    }

    void nonResource_data()
    {
        QTest::addColumn<QString>("path");
        for (const char *path : {"/", "/api", "/apis", "/apis/apps", "/api/v1", "/apis/apps/v1",
                                 "/version", "/healthz", "/openapi/v3/apis/apps/v1",
                                 "/api/v1/namespaces/x/pods/y/proxy/extra/path"})
            QTest::newRow(path) << QString::fromLatin1(path);
    }

    void nonResource()
    {
        QFETCH(QString, path);
        QVERIFY(!RequestInfo::parse(QStringLiteral("GET"), path, false).isResourceRequest);
    }

    void goStyleBooleans()
    {
        bool ok = false;
        QVERIFY(parseBool(QStringLiteral("True"), &ok) && ok);
        QVERIFY(parseBool(QStringLiteral("1"), &ok) && ok);
        QVERIFY(!parseBool(QStringLiteral("false"), &ok) && ok);
        QVERIFY(!parseBool(QStringLiteral("yes"), &ok) && !ok);
    }
};

QTEST_GUILESS_MAIN(TestRequestInfo)
#include "tst_requestinfo.moc"
