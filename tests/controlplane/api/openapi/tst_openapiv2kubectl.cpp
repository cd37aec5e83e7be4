#include "openapi/openapiv2protobuf.h"

#include "fakeapiserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace flotilla;
using namespace flotilla::api;
using namespace flotilla::api::testing;

// End to end: the real kubectl 1.27, which validates manifests on the client against the
// protobuf OpenAPI v2 document, talks to a fake API server that serves our encoding. If
// kubectl could not parse the document, none of these outcomes would be possible: it
// would fail with a download or parse error before validating anything.

namespace {

const QString kubectlPath = QStringLiteral("/usr/lib/google-cloud-sdk/bin/kubectl.1.27");

const QString configMapRef = QStringLiteral("#/definitions/io.k8s.api.core.v1.ConfigMap");

QJsonObject gvk(const QString &kind)
{
    return {{QStringLiteral("group"), QString()},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("version"), QStringLiteral("v1")}};
}

QJsonObject stringType()
{
    return {{QStringLiteral("type"), QStringLiteral("string")}};
}

QJsonObject stringMap()
{
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("additionalProperties"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                         {QStringLiteral("default"), QString()}}}};
}

QJsonObject queryParameter(const QString &name, const QString &type = QStringLiteral("string"))
{
    return {{QStringLiteral("in"), QStringLiteral("query")},
            {QStringLiteral("name"), name},
            {QStringLiteral("type"), type},
            {QStringLiteral("uniqueItems"), true}};
}

QJsonObject bodyParameter(const QJsonObject &schema)
{
    return {{QStringLiteral("in"), QStringLiteral("body")},
            {QStringLiteral("name"), QStringLiteral("body")},
            {QStringLiteral("required"), true},
            {QStringLiteral("schema"), schema}};
}

QJsonObject response(const QString &description, const QString &ref = QString())
{
    QJsonObject result{{QStringLiteral("description"), description}};
    if (!ref.isEmpty())
        result.insert(QStringLiteral("schema"), QJsonObject{{QStringLiteral("$ref"), ref}});
    return result;
}

QJsonObject objectMetaDefinition()
{
    return {
        {QStringLiteral("description"), QStringLiteral("ObjectMeta is metadata that all "
                                                       "persisted resources must have.")},
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{
             {QStringLiteral("annotations"), stringMap()},
             {QStringLiteral("creationTimestamp"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                          {QStringLiteral("format"), QStringLiteral("date-time")}}},
             {QStringLiteral("finalizers"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                          {QStringLiteral("items"),
                           QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                       {QStringLiteral("default"), QString()}}},
                          {QStringLiteral("x-kubernetes-patch-strategy"), QStringLiteral("merge")},
                          {QStringLiteral("x-kubernetes-list-type"), QStringLiteral("set")}}},
             {QStringLiteral("generation"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                          {QStringLiteral("format"), QStringLiteral("int64")}}},
             {QStringLiteral("labels"), stringMap()},
             {QStringLiteral("name"), stringType()},
             {QStringLiteral("namespace"), stringType()},
             {QStringLiteral("resourceVersion"), stringType()},
             {QStringLiteral("uid"), stringType()},
         }},
    };
}

QJsonObject configMapDefinition()
{
    return {
        {QStringLiteral("description"),
         QStringLiteral("ConfigMap holds configuration data for pods to consume.")},
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{
             {QStringLiteral("apiVersion"), stringType()},
             {QStringLiteral("binaryData"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                          {QStringLiteral("additionalProperties"),
                           QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                       {QStringLiteral("format"), QStringLiteral("byte")}}}}},
             {QStringLiteral("data"), stringMap()},
             {QStringLiteral("immutable"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}},
             {QStringLiteral("kind"), stringType()},
             {QStringLiteral("metadata"),
              QJsonObject{
                  {QStringLiteral("$ref"),
                   QStringLiteral("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")},
                  {QStringLiteral("default"), QJsonObject()}}},
         }},
        {QStringLiteral("x-kubernetes-group-version-kind"),
         QJsonArray{gvk(QStringLiteral("ConfigMap"))}},
    };
}

// A Swagger document shaped like kube-apiserver's for ConfigMaps. With
// advertiseFieldValidation, it also has the PATCH operation whose fieldValidation
// parameter tells kubectl that the server validates, so kubectl skips its own check.
QJsonObject configMapSwagger(bool advertiseFieldValidation)
{
    QJsonObject paths{
        {QStringLiteral("/api/v1/namespaces/{namespace}/configmaps"),
         QJsonObject{
             {QStringLiteral("post"),
              QJsonObject{
                  {QStringLiteral("consumes"), QJsonArray{QStringLiteral("*/*")}},
                  {QStringLiteral("operationId"),
                   QStringLiteral("createCoreV1NamespacedConfigMap")},
                  {QStringLiteral("parameters"),
                   QJsonArray{bodyParameter({{QStringLiteral("$ref"), configMapRef}}),
                              queryParameter(QStringLiteral("dryRun")),
                              queryParameter(QStringLiteral("fieldManager"))}},
                  {QStringLiteral("produces"), QJsonArray{QStringLiteral("application/json")}},
                  {QStringLiteral("responses"),
                   QJsonObject{
                       {QStringLiteral("200"), response(QStringLiteral("OK"), configMapRef)},
                       {QStringLiteral("201"), response(QStringLiteral("Created"), configMapRef)},
                       {QStringLiteral("401"), response(QStringLiteral("Unauthorized"))}}},
                  {QStringLiteral("schemes"), QJsonArray{QStringLiteral("https")}},
                  {QStringLiteral("tags"), QJsonArray{QStringLiteral("core_v1")}},
                  {QStringLiteral("x-kubernetes-action"), QStringLiteral("post")},
                  {QStringLiteral("x-kubernetes-group-version-kind"),
                   gvk(QStringLiteral("ConfigMap"))},
              }},
             {QStringLiteral("parameters"),
              QJsonArray{QJsonObject{{QStringLiteral("in"), QStringLiteral("path")},
                                     {QStringLiteral("name"), QStringLiteral("namespace")},
                                     {QStringLiteral("required"), true},
                                     {QStringLiteral("type"), QStringLiteral("string")},
                                     {QStringLiteral("uniqueItems"), true}}}},
         }},
    };
    if (advertiseFieldValidation) {
        paths.insert(
            QStringLiteral("/api/v1/namespaces/{namespace}/configmaps/{name}"),
            QJsonObject{
                {QStringLiteral("patch"),
                 QJsonObject{
                     {QStringLiteral("operationId"),
                      QStringLiteral("patchCoreV1NamespacedConfigMap")},
                     {QStringLiteral("parameters"),
                      QJsonArray{
                          bodyParameter({{QStringLiteral("type"), QStringLiteral("object")}}),
                          queryParameter(QStringLiteral("dryRun")),
                          queryParameter(QStringLiteral("fieldManager")),
                          queryParameter(QStringLiteral("fieldValidation")),
                          queryParameter(QStringLiteral("force"), QStringLiteral("boolean"))}},
                     {QStringLiteral("responses"),
                      QJsonObject{
                          {QStringLiteral("200"), response(QStringLiteral("OK"), configMapRef)}}},
                     {QStringLiteral("x-kubernetes-action"), QStringLiteral("patch")},
                     {QStringLiteral("x-kubernetes-group-version-kind"),
                      gvk(QStringLiteral("ConfigMap"))},
                 }}});
    }
    return {
        {QStringLiteral("swagger"), QStringLiteral("2.0")},
        {QStringLiteral("info"),
         QJsonObject{{QStringLiteral("title"), QStringLiteral("Kubernetes")},
                     {QStringLiteral("version"), QStringLiteral("v1.27.0")}}},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("definitions"),
         QJsonObject{{QStringLiteral("io.k8s.api.core.v1.ConfigMap"), configMapDefinition()},
                     {QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
                      objectMetaDefinition()}}},
        {QStringLiteral("securityDefinitions"),
         QJsonObject{{QStringLiteral("BearerToken"),
                      QJsonObject{{QStringLiteral("in"), QStringLiteral("header")},
                                  {QStringLiteral("name"), QStringLiteral("authorization")},
                                  {QStringLiteral("type"), QStringLiteral("apiKey")}}}}},
        {QStringLiteral("security"),
         QJsonArray{QJsonObject{{QStringLiteral("BearerToken"), QJsonArray()}}}},
    };
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray notFound()
{
    return json({{QStringLiteral("kind"), QStringLiteral("Status")},
                 {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                 {QStringLiteral("status"), QStringLiteral("Failure")},
                 {QStringLiteral("reason"), QStringLiteral("NotFound")},
                 {QStringLiteral("code"), 404}});
}

struct KubectlRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestOpenApiV2Kubectl : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QByteArray m_openApi;
    std::unique_ptr<FakeApiServer> m_server;

    FakeApiServer::Reply answer(const FakeApiServer::Request &request)
    {
        const QByteArray jsonType = "application/json";
        if (request.method == "GET" && request.path == "/api")
            return {200, jsonType,
                    json({{QStringLiteral("kind"), QStringLiteral("APIVersions")},
                          {QStringLiteral("versions"), QJsonArray{QStringLiteral("v1")}},
                          {QStringLiteral("serverAddressByClientCIDRs"),
                           QJsonArray{QJsonObject{
                               {QStringLiteral("clientCIDR"), QStringLiteral("0.0.0.0/0")},
                               {QStringLiteral("serverAddress"),
                                QString(QStringLiteral("127.0.0.1:") +
                                        QString::number(m_server->port()))}}}}})};
        if (request.method == "GET" && request.path == "/apis")
            return {200, jsonType, R"({"kind":"APIGroupList","apiVersion":"v1","groups":[]})"};
        if (request.method == "GET" && request.path == "/api/v1")
            return {
                200, jsonType,
                R"({"kind":"APIResourceList","groupVersion":"v1","resources":[)"
                R"({"name":"configmaps","singularName":"","namespaced":true,"kind":"ConfigMap",)"
                R"("verbs":["create","delete","deletecollection","get","list","patch","update",)"
                R"("watch"],"shortNames":["cm"]}]})"};
        if (request.method == "GET" && request.path == "/openapi/v2")
            return {200, openApiV2ProtobufContentType, m_openApi};
        if (request.method == "POST" && request.path == "/api/v1/namespaces/default/configmaps") {
            QJsonObject object = QJsonDocument::fromJson(request.body).object();
            QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
            metadata.insert(QStringLiteral("namespace"), QStringLiteral("default"));
            metadata.insert(QStringLiteral("uid"),
                            QStringLiteral("0c4e7f5e-0000-4000-8000-000000000001"));
            metadata.insert(QStringLiteral("resourceVersion"), QStringLiteral("1"));
            object.insert(QStringLiteral("metadata"), metadata);
            return {201, jsonType, json(object)};
        }
        return {404, jsonType, notFound()};
    }

    void serve(bool advertiseFieldValidation)
    {
        const Result<QByteArray> encoded =
            encodeOpenApiV2Protobuf(configMapSwagger(advertiseFieldValidation));
        QVERIFY2(encoded.ok(), qPrintable(encoded.error().toString()));
        m_openApi = *encoded;
        m_server = std::make_unique<FakeApiServer>(
            [this](const FakeApiServer::Request &request) { return answer(request); });
        QVERIFY(m_server->listen());

        QFile kubeconfig(m_dir.filePath(QStringLiteral("kubeconfig")));
        QVERIFY(kubeconfig.open(QIODevice::WriteOnly));
        kubeconfig.write("apiVersion: v1\nkind: Config\n"
                         "clusters:\n- name: fake\n  cluster:\n    server: http://127.0.0.1:" +
                         QByteArray::number(m_server->port()) +
                         "\n"
                         "users:\n- name: fake\n  user: {}\n"
                         "contexts:\n- name: fake\n  context:\n    cluster: fake\n    user: fake\n"
                         "current-context: fake\n");
    }

    // Runs kubectl while the event loop keeps serving it (a blocking wait would starve
    // the fake server, which lives on this thread).
    KubectlRun runKubectl(const QStringList &arguments)
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HOME"), m_dir.path());
        environment.remove(QStringLiteral("KUBECONFIG"));
        process.setProcessEnvironment(environment);
        process.start(kubectlPath,
                      QStringList{QStringLiteral("--kubeconfig"),
                                  m_dir.filePath(QStringLiteral("kubeconfig")),
                                  QStringLiteral("--cache-dir"),
                                  m_dir.filePath(QStringLiteral("cache")),
                                  QStringLiteral("--request-timeout"), QStringLiteral("20s")} +
                          arguments);
        KubectlRun run;
        if (!process.waitForStarted(10000))
            return run;
        if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 60000))
            process.kill();
        process.waitForFinished(5000);
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    QString writeManifest(const QByteArray &yaml)
    {
        const QString path = m_dir.filePath(QStringLiteral("manifest.yaml"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QString();
        file.write(yaml);
        return path;
    }

    QList<FakeApiServer::Request> requestsTo(const QByteArray &method, const QByteArray &path) const
    {
        QList<FakeApiServer::Request> found;
        for (const FakeApiServer::Request &request : m_server->requests()) {
            if (request.method == method && request.path == path)
                found.append(request);
        }
        return found;
    }

private slots:
    void initTestCase()
    {
        if (!QFile::exists(kubectlPath))
            QSKIP("kubectl 1.27 is not installed at /usr/lib/google-cloud-sdk/bin/kubectl.1.27");
        QVERIFY(m_dir.isValid());
    }

    void cleanup() { m_server.reset(); }

    void clientSideValidationRejects_data()
    {
        QTest::addColumn<QByteArray>("manifest");
        QTest::addColumn<QString>("expected");

        const QByteArray head = "apiVersion: v1\nkind: ConfigMap\n";
        // Needs the definition found by its x-kubernetes-group-version-kind and its
        // properties.
        QTest::newRow("unknown top-level field")
            << QByteArray(head + "metadata:\n  name: bad\nspec: {}\n")
            << QStringLiteral("unknown field \"spec\" in io.k8s.api.core.v1.ConfigMap");
        // Needs the $ref to ObjectMeta resolved.
        QTest::newRow("unknown field behind a $ref")
            << QByteArray(head + "metadata:\n  name: bad\n  lables: {}\n")
            << QStringLiteral(
                   "unknown field \"lables\" in io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        // Needs additionalProperties' schema. (kubectl accepts any scalar where a
        // string is expected, so the wrong type has to be a map.)
        QTest::newRow("map value of the wrong type")
            << QByteArray(head + "metadata:\n  name: bad\ndata:\n  key:\n    nested: x\n")
            << QStringLiteral("invalid type for io.k8s.api.core.v1.ConfigMap.data: got "
                              "\"map\", expected \"string\"");
        // Needs array items.
        QTest::newRow("array item of the wrong type")
            << QByteArray(head + "metadata:\n  name: bad\n  finalizers:\n  - a: b\n")
            << QStringLiteral("got \"map\", expected \"string\"");
    }

    void clientSideValidationRejects()
    {
        QFETCH(QByteArray, manifest);
        QFETCH(QString, expected);
        serve(false);
        const QString path = writeManifest(manifest);
        const KubectlRun run =
            runKubectl({QStringLiteral("create"), QStringLiteral("--validate=strict"),
                        QStringLiteral("-f"), path, QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(run.exitCode != 0, qPrintable(run.out + run.err));
        QVERIFY2(run.err.contains(expected), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("error validating data")), qPrintable(run.err));

        // kubectl asked for the protobuf form and nothing was sent to be created.
        const QList<FakeApiServer::Request> openApi = requestsTo("GET", "/openapi/v2");
        QVERIFY(!openApi.isEmpty());
        QVERIFY2(openApi.first().headers.value("accept").contains(openApiV2ProtobufAcceptType),
                 openApi.first().headers.value("accept").constData());
        QVERIFY(requestsTo("POST", "/api/v1/namespaces/default/configmaps").isEmpty());
    }

    void validManifestIsCreated()
    {
        serve(false);
        const QString path = writeManifest("apiVersion: v1\nkind: ConfigMap\n"
                                           "metadata:\n  name: good\n  labels:\n    app: web\n"
                                           "data:\n  key: value\n");
        const KubectlRun run =
            runKubectl({QStringLiteral("create"), QStringLiteral("--validate=strict"),
                        QStringLiteral("-f"), path, QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QCOMPARE(run.out.trimmed(), QStringLiteral("configmap/good"));
        QVERIFY(!requestsTo("GET", "/openapi/v2").isEmpty());
        const QList<FakeApiServer::Request> posts =
            requestsTo("POST", "/api/v1/namespaces/default/configmaps");
        QCOMPARE(posts.size(), 1);
        const QJsonObject sent = QJsonDocument::fromJson(posts.first().body).object();
        QCOMPARE(sent.value(QStringLiteral("data")).toObject().value(QStringLiteral("key")),
                 QJsonValue(QStringLiteral("value")));
    }

    // With the PATCH operation's fieldValidation parameter and GVK extension in the
    // document, kubectl leaves validation to the server: the same unknown field that is
    // rejected above is now sent, with fieldValidation=Strict. This proves kubectl read
    // paths, operations, their parameters and vendor extensions from our encoding.
    void serverSideValidationWhenAdvertised()
    {
        serve(true);
        const QString path = writeManifest("apiVersion: v1\nkind: ConfigMap\n"
                                           "metadata:\n  name: delegated\nspec: {}\n");
        const KubectlRun run =
            runKubectl({QStringLiteral("create"), QStringLiteral("--validate=strict"),
                        QStringLiteral("-f"), path, QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QCOMPARE(run.out.trimmed(), QStringLiteral("configmap/delegated"));
        const QList<FakeApiServer::Request> posts =
            requestsTo("POST", "/api/v1/namespaces/default/configmaps");
        QCOMPARE(posts.size(), 1);
        QVERIFY2(posts.first().query.contains("fieldValidation=Strict"),
                 posts.first().query.constData());
        QVERIFY(
            QJsonDocument::fromJson(posts.first().body).object().contains(QStringLiteral("spec")));
    }
};

QTEST_GUILESS_MAIN(TestOpenApiV2Kubectl)
#include "tst_openapiv2kubectl.moc"
