#include "openapi/openapiv2protobuf.h"

#include "wirereader.h"

#include <QJsonDocument>
#include <QTest>

using namespace flotilla;
using namespace flotilla::api;
using namespace flotilla::api::testing;

namespace {

QJsonObject parseJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON (%s): %s", qPrintable(error.errorString()), json.constData());
    return document.object();
}

// Field numbers from gnostic's openapiv2/OpenAPIv2.proto, named where the tests use them.
namespace Document {
constexpr int swagger = 1, info = 2, paths = 8, definitions = 9, security = 12,
              securityDefinitions = 13, vendorExtension = 16;
}
namespace Schema {
constexpr int ref = 1, description = 4, defaultValue = 5, maximum = 7, maxLength = 11,
              required = 19, enumValues = 20, additionalProperties = 21, type = 22, items = 23,
              allOf = 24, properties = 25, vendorExtension = 31;
}
namespace PathItem {
constexpr int post = 4, patch = 8, parameters = 9;
}
namespace Operation {
constexpr int operationId = 5, consumes = 7, parameters = 8, responses = 9, vendorExtension = 13;
}

// A Document with every construct kubectl relies on: a definition with properties, a
// $ref, array items, additionalProperties (schema and false), defaults, an enum and
// vendor extensions; a path with path-level parameters and a PATCH operation.
const QByteArray sampleSwagger = R"({
  "swagger": "2.0",
  "info": {"title": "Kubernetes", "version": "v1.27.0"},
  "paths": {
    "/api/v1/namespaces/{namespace}/configmaps/{name}": {
      "parameters": [
        {"name": "name", "in": "path", "required": true, "type": "string", "uniqueItems": true}
      ],
      "patch": {
        "operationId": "patchCoreV1NamespacedConfigMap",
        "consumes": ["application/json-patch+json", "application/merge-patch+json"],
        "parameters": [
          {"name": "body", "in": "body", "required": true,
           "schema": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}},
          {"name": "fieldValidation", "in": "query", "type": "string", "uniqueItems": true},
          {"name": "force", "in": "query", "type": "boolean", "required": false}
        ],
        "responses": {
          "200": {"description": "OK",
                  "schema": {"$ref": "#/definitions/io.k8s.api.core.v1.ConfigMap"}},
          "401": {"description": "Unauthorized"}
        },
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": {"group": "", "kind": "ConfigMap", "version": "v1"}
      }
    }
  },
  "definitions": {
    "io.k8s.api.core.v1.ConfigMap": {
      "description": "ConfigMap holds configuration data for pods to consume.",
      "type": "object",
      "properties": {
        "apiVersion": {"type": "string"},
        "data": {"type": "object", "additionalProperties": {"type": "string", "default": ""}},
        "finalizers": {"type": "array", "items": {"type": "string"},
                       "x-kubernetes-list-type": "set"},
        "metadata": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
                     "default": {}},
        "mode": {"type": "string", "enum": ["A", "B"], "maxLength": 8, "maximum": 1.5},
        "strict": {"type": "object", "additionalProperties": false}
      },
      "required": ["data"],
      "x-kubernetes-group-version-kind": [{"group": "", "kind": "ConfigMap", "version": "v1"}]
    }
  }
})";

// References instead of inline parameters and responses, a file response, security
// schemes and requirements, and extensions on Paths, Responses and the Document.
const QByteArray referencesSwagger = R"({
  "swagger": "2.0", "info": {"title": "T", "version": "v"},
  "paths": {
    "x-root": 1,
    "/logs": {
      "get": {
        "parameters": [{"$ref": "#/parameters/pretty"}],
        "responses": {"200": {"description": "log", "schema": {"type": "file"}},
                      "default": {"$ref": "#/responses/error"},
                      "x-codes": true},
        "security": [{"BearerToken": []}]
      }
    }
  },
  "securityDefinitions": {
    "BearerToken": {"type": "apiKey", "name": "authorization", "in": "header"}
  },
  "security": [{"BearerToken": []}],
  "x-top": {"a": [1]}
})";

// Schema shapes beyond the common ones: a type list, tuple items, allOf, a negative
// int64 and a scalar default.
const QByteArray schemaVariantsSwagger = R"({
  "swagger": "2.0", "info": {"title": "T", "version": "v"}, "paths": {},
  "definitions": {
    "a": {"type": ["string", "null"], "minLength": -1,
          "items": [{"type": "string"}, {"type": "integer"}],
          "allOf": [{"$ref": "#/definitions/b"}, {"description": "d"}],
          "default": 0, "x-kubernetes-int-or-string": true}
  }
})";

} // namespace

class TestOpenApiV2Protobuf : public QObject
{
    Q_OBJECT

private slots:
    void minimalDocumentBytes()
    {
        const Result<QByteArray> encoded = encodeOpenApiV2Protobuf(
            parseJson(R"({"swagger":"2.0","info":{"title":"T","version":"v"},"paths":{}})"));
        QVERIFY2(encoded.ok(), qPrintable(encoded.error().toString()));
        // swagger = 1 "2.0"; info = 2 {title = 1 "T", version = 2 "v"}; paths = 8, present
        // but empty.
        QCOMPARE(encoded->toHex(' '), QByteArray("0a 03 32 2e 30 12 06 0a 01 54 12 01 76 42 00"));
    }

    void documentTopLevel()
    {
        const Result<QByteArray> encoded = encodeOpenApiV2Protobuf(parseJson(sampleSwagger));
        QVERIFY2(encoded.ok(), qPrintable(encoded.error().toString()));
        const WireMessage document(*encoded);
        QVERIFY(document.valid());
        QCOMPARE(document.numbers(), (QList<int>{Document::swagger, Document::info, Document::paths,
                                                 Document::definitions}));
        QCOMPARE(document.string(Document::swagger), QStringLiteral("2.0"));
        QCOMPARE(document.message(Document::info).string(1), QStringLiteral("Kubernetes"));
        QCOMPARE(document.message(Document::info).string(2), QStringLiteral("v1.27.0"));
    }

    void definitionWithProperties()
    {
        const Result<QByteArray> encoded = encodeOpenApiV2Protobuf(parseJson(sampleSwagger));
        QVERIFY2(encoded.ok(), qPrintable(encoded.error().toString()));
        const WireMessage definitions = WireMessage(*encoded).message(Document::definitions);
        QCOMPARE(definitions.names(1), QStringList{QStringLiteral("io.k8s.api.core.v1.ConfigMap")});
        const WireMessage configMap =
            definitions.named(1, QStringLiteral("io.k8s.api.core.v1.ConfigMap"));
        QVERIFY(configMap.valid());
        QCOMPARE(configMap.numbers(),
                 (QList<int>{Schema::description, Schema::required, Schema::type,
                             Schema::properties, Schema::vendorExtension}));
        QCOMPARE(configMap.string(Schema::description),
                 QStringLiteral("ConfigMap holds configuration data for pods to consume."));
        QCOMPARE(configMap.message(Schema::type).strings(1), QStringList{QStringLiteral("object")});
        QCOMPARE(configMap.strings(Schema::required), QStringList{QStringLiteral("data")});

        // Properties{repeated NamedSchema additional_properties = 1} in key order.
        const WireMessage properties = configMap.message(Schema::properties);
        QCOMPARE(properties.names(1),
                 (QStringList{QStringLiteral("apiVersion"), QStringLiteral("data"),
                              QStringLiteral("finalizers"), QStringLiteral("metadata"),
                              QStringLiteral("mode"), QStringLiteral("strict")}));

        // $ref, with a default {} as Any{yaml = 2}.
        const WireMessage metadata = properties.named(1, QStringLiteral("metadata"));
        QCOMPARE(metadata.numbers(), (QList<int>{Schema::ref, Schema::defaultValue}));
        QCOMPARE(metadata.string(Schema::ref),
                 QStringLiteral("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
        QCOMPARE(metadata.message(Schema::defaultValue).numbers(), QList<int>{2});
        QCOMPARE(metadata.message(Schema::defaultValue).string(2), QStringLiteral("{}\n"));

        // additionalProperties: AdditionalPropertiesItem{schema = 1}; a default "" is
        // still written, as an Any holding the YAML for an empty string.
        const WireMessage data = properties.named(1, QStringLiteral("data"));
        const WireMessage valueSchema = data.message(Schema::additionalProperties).message(1);
        QCOMPARE(valueSchema.message(Schema::type).strings(1),
                 QStringList{QStringLiteral("string")});
        QCOMPARE(valueSchema.message(Schema::defaultValue).string(2), QStringLiteral("\"\"\n"));

        // additionalProperties: false is AdditionalPropertiesItem{boolean = 2}, written
        // although false because a oneof member has presence.
        const WireMessage strict = properties.named(1, QStringLiteral("strict"));
        QCOMPARE(strict.message(Schema::additionalProperties).numbers(), QList<int>{2});
        QCOMPARE(strict.message(Schema::additionalProperties).varint(2), 0);

        // Array items: ItemsItem{repeated Schema schema = 1}, and a scalar extension.
        const WireMessage finalizers = properties.named(1, QStringLiteral("finalizers"));
        QCOMPARE(finalizers.message(Schema::type).strings(1), QStringList{QStringLiteral("array")});
        QCOMPARE(finalizers.message(Schema::items).count(1), 1);
        QCOMPARE(finalizers.message(Schema::items).message(1).message(Schema::type).strings(1),
                 QStringList{QStringLiteral("string")});
        QCOMPARE(finalizers.message(Schema::vendorExtension).string(1),
                 QStringLiteral("x-kubernetes-list-type"));
        QCOMPARE(finalizers.message(Schema::vendorExtension).message(2).string(2),
                 QStringLiteral("set\n"));

        // enum (repeated Any), int64 and double.
        const WireMessage mode = properties.named(1, QStringLiteral("mode"));
        QCOMPARE(mode.count(Schema::enumValues), 2);
        QCOMPARE(mode.message(Schema::enumValues, 1).string(2), QStringLiteral("B\n"));
        QCOMPARE(mode.varint(Schema::maxLength), 8);
        QCOMPARE(mode.all(Schema::maximum).first().wireType, 1);
        QCOMPARE(mode.doubleValue(Schema::maximum), 1.5);

        // The definition's GVK: NamedAny{name = 1, value = Any{yaml = 2}}.
        const WireMessage gvk = configMap.message(Schema::vendorExtension);
        QCOMPARE(gvk.string(1), QStringLiteral("x-kubernetes-group-version-kind"));
        QCOMPARE(gvk.message(2).string(2),
                 QStringLiteral("- group: \"\"\n  kind: ConfigMap\n  version: v1\n"));
    }

    void pathWithPatchOperation()
    {
        const Result<QByteArray> encoded = encodeOpenApiV2Protobuf(parseJson(sampleSwagger));
        QVERIFY2(encoded.ok(), qPrintable(encoded.error().toString()));
        // Paths{vendor_extension = 1; repeated NamedPathItem path = 2}.
        const WireMessage paths = WireMessage(*encoded).message(Document::paths);
        QCOMPARE(paths.numbers(), QList<int>{2});
        const QString name = QStringLiteral("/api/v1/namespaces/{namespace}/configmaps/{name}");
        QCOMPARE(paths.names(2), QStringList{name});
        const WireMessage pathItem = paths.named(2, name);
        QCOMPARE(pathItem.numbers(), (QList<int>{PathItem::patch, PathItem::parameters}));

        // Path-level parameter: ParametersItem{parameter = 1} → Parameter{non_body = 2}
        // → NonBodyParameter{path = 4} → {required = 1, in = 2, name = 4, type = 5,
        // unique_items = 19}.
        const WireMessage pathParameter =
            pathItem.message(PathItem::parameters).message(1).message(2).message(4);
        QCOMPARE(pathParameter.numbers(), (QList<int>{1, 2, 4, 5, 19}));
        QCOMPARE(pathParameter.string(4), QStringLiteral("name"));
        QCOMPARE(pathParameter.varint(19), 1);

        const WireMessage patch = pathItem.message(PathItem::patch);
        QCOMPARE(patch.numbers(),
                 (QList<int>{Operation::operationId, Operation::consumes, Operation::consumes,
                             Operation::parameters, Operation::parameters, Operation::parameters,
                             Operation::responses, Operation::vendorExtension,
                             Operation::vendorExtension}));
        QCOMPARE(patch.string(Operation::operationId),
                 QStringLiteral("patchCoreV1NamespacedConfigMap"));
        QCOMPARE(patch.strings(Operation::consumes),
                 (QStringList{QStringLiteral("application/json-patch+json"),
                              QStringLiteral("application/merge-patch+json")}));

        // Body: Parameter{body_parameter = 1} → {name = 2, in = 3, required = 4,
        // schema = 5}.
        const WireMessage body = patch.message(Operation::parameters, 0).message(1).message(1);
        QCOMPARE(body.numbers(), (QList<int>{2, 3, 4, 5}));
        QCOMPARE(body.string(3), QStringLiteral("body"));
        QCOMPARE(body.message(5).string(Schema::ref),
                 QStringLiteral("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"));

        // Query: NonBodyParameter{query = 3} → {in = 2, name = 4, type = 6,
        // unique_items = 20}, which is what kubectl searches for fieldValidation.
        const WireMessage query =
            patch.message(Operation::parameters, 1).message(1).message(2).message(3);
        QCOMPARE(query.numbers(), (QList<int>{2, 4, 6, 20}));
        QCOMPARE(query.string(4), QStringLiteral("fieldValidation"));
        // required: false is the proto3 default and is left out.
        const WireMessage force =
            patch.message(Operation::parameters, 2).message(1).message(2).message(3);
        QCOMPARE(force.numbers(), (QList<int>{2, 4, 6}));

        // Responses{repeated NamedResponseValue response_code = 1} → ResponseValue{
        // response = 1} → Response{description = 1, schema = 2 SchemaItem{schema = 1}}.
        const WireMessage responses = patch.message(Operation::responses);
        QCOMPARE(responses.names(1), (QStringList{QStringLiteral("200"), QStringLiteral("401")}));
        const WireMessage ok = responses.named(1, QStringLiteral("200")).message(1);
        QCOMPARE(ok.string(1), QStringLiteral("OK"));
        QCOMPARE(ok.message(2).message(1).string(Schema::ref),
                 QStringLiteral("#/definitions/io.k8s.api.core.v1.ConfigMap"));
        QCOMPARE(responses.named(1, QStringLiteral("401")).message(1).numbers(), QList<int>{1});

        // Operation extensions in key order; the GVK is a mapping, as kubectl expects.
        const QList<WireMessage> extensions = patch.messages(Operation::vendorExtension);
        QCOMPARE(extensions.size(), 2);
        QCOMPARE(extensions.at(0).string(1), QStringLiteral("x-kubernetes-action"));
        QCOMPARE(extensions.at(0).message(2).string(2), QStringLiteral("patch\n"));
        QCOMPARE(extensions.at(1).string(1), QStringLiteral("x-kubernetes-group-version-kind"));
        QCOMPARE(extensions.at(1).message(2).string(2),
                 QStringLiteral("group: \"\"\nkind: ConfigMap\nversion: v1\n"));
    }

    void referencesSecurityAndFiles()
    {
        const Result<QByteArray> encoded = encodeOpenApiV2Protobuf(parseJson(referencesSwagger));
        QVERIFY2(encoded.ok(), qPrintable(encoded.error().toString()));
        const WireMessage document(*encoded);
        QCOMPARE(document.numbers(),
                 (QList<int>{Document::swagger, Document::info, Document::paths, Document::security,
                             Document::securityDefinitions, Document::vendorExtension}));
        QCOMPARE(document.message(Document::vendorExtension).message(2).string(2),
                 QStringLiteral("a:\n    - 1\n"));

        // Paths: vendor extensions (1) come before path items (2).
        const WireMessage paths = document.message(Document::paths);
        QCOMPARE(paths.numbers(), (QList<int>{1, 2}));
        QCOMPARE(paths.message(1).string(1), QStringLiteral("x-root"));

        const WireMessage get = paths.named(2, QStringLiteral("/logs")).message(2);
        // ParametersItem{json_reference = 2} → JsonReference{_ref = 1}.
        QCOMPARE(get.message(8).numbers(), QList<int>{2});
        QCOMPARE(get.message(8).message(2).string(1), QStringLiteral("#/parameters/pretty"));
        const WireMessage responses = get.message(9);
        QCOMPARE(responses.numbers(), (QList<int>{1, 1, 2}));
        // A file response: SchemaItem{file_schema = 2} → FileSchema{type = 6}.
        const WireMessage fileItem =
            responses.named(1, QStringLiteral("200")).message(1).message(2);
        QCOMPARE(fileItem.numbers(), QList<int>{2});
        QCOMPARE(fileItem.message(2).string(6), QStringLiteral("file"));
        // ResponseValue{json_reference = 2}.
        QCOMPARE(responses.named(1, QStringLiteral("default")).message(2).string(1),
                 QStringLiteral("#/responses/error"));
        // Operation security: SecurityRequirement{NamedStringArray{name, StringArray{}}}.
        QCOMPARE(get.message(12).names(1), QStringList{QStringLiteral("BearerToken")});

        // SecurityDefinitionsItem{api_key_security = 2} → {type, name, in}.
        const WireMessage bearer = document.message(Document::securityDefinitions)
                                       .named(1, QStringLiteral("BearerToken"))
                                       .message(2);
        QCOMPARE(bearer.numbers(), (QList<int>{1, 2, 3}));
        QCOMPARE(bearer.string(2), QStringLiteral("authorization"));
    }

    void schemaVariants()
    {
        const Result<QByteArray> encoded =
            encodeOpenApiV2Protobuf(parseJson(schemaVariantsSwagger));
        QVERIFY2(encoded.ok(), qPrintable(encoded.error().toString()));
        const WireMessage a =
            WireMessage(*encoded).message(Document::definitions).named(1, QStringLiteral("a"));
        QCOMPARE(a.message(Schema::type).strings(1),
                 (QStringList{QStringLiteral("string"), QStringLiteral("null")}));
        // int64 -1 is sign-extended: ten bytes on the wire, read back as -1.
        QCOMPARE(a.varint(12), -1);
        QCOMPARE(a.message(Schema::items).count(1), 2);
        QCOMPARE(a.count(Schema::allOf), 2);
        QCOMPARE(a.message(Schema::allOf, 0).string(Schema::ref),
                 QStringLiteral("#/definitions/b"));
        // A default of 0 is still a present message: Any's yaml "0\n".
        QCOMPARE(a.message(Schema::defaultValue).string(2), QStringLiteral("0\n"));
        QCOMPARE(a.message(Schema::vendorExtension).message(2).string(2), QStringLiteral("true\n"));
    }

    void rejectsInvalidInput_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("messagePart");

        // A valid document's first keys followed by `rest`.
        const auto document = [](const char *rest) -> QByteArray {
            return QByteArray(R"({"swagger":"2.0","info":{"title":"T","version":"v"},)") + rest;
        };
        QTest::newRow("missing paths") << QByteArray(R"({"swagger":"2.0","info":{}})")
                                       << QStringLiteral("missing required key \"paths\"");
        QTest::newRow("wrong version") << QByteArray(R"({"swagger":"3.0","info":{},"paths":{}})")
                                       << QStringLiteral("\"/swagger\": must be \"2.0\"");
        QTest::newRow("unknown top-level key")
            << document(R"("paths":{},"components":{}})")
            << QStringLiteral("\"/components\": is not a Swagger 2.0 field");
        QTest::newRow("openapi v3 keyword in a schema")
            << document(R"("paths":{},"definitions":{"a":{"properties":{"b":{"oneOf":[]}}}}})")
            << QStringLiteral("\"/definitions/a/properties/b/oneOf\": is not a Swagger 2.0 field");
        QTest::newRow("type is a number")
            << document(R"("paths":{},"definitions":{"a":{"type":5}}})")
            << QStringLiteral("\"/definitions/a/type\": must be a string or an array of strings");
        QTest::newRow("fractional length")
            << document(R"("paths":{},"definitions":{"a":{"maxLength":1.5}}})")
            << QStringLiteral("\"/definitions/a/maxLength\": must be an integer");
        QTest::newRow("required not a list")
            << document(R"("paths":{},"definitions":{"a":{"required":"x"}}})")
            << QStringLiteral("\"/definitions/a/required\": must be an array");
        QTest::newRow("path without slash") << document(R"("paths":{"api":{}}})")
                                            << QStringLiteral("\"/paths/api\": a path must start");
        QTest::newRow("unknown method") << document(R"("paths":{"/a":{"fetch":{}}}})")
                                        << QStringLiteral("\"/paths/~1a/fetch\": is not a Swagger");
        QTest::newRow("parameter location")
            << document(R"("paths":{"/a":{"parameters":[{"name":"x","in":"cookie"}]}}})")
            << QStringLiteral("\"/paths/~1a/parameters/0/in\": must be one of");
        QTest::newRow("status code")
            << document(R"("paths":{"/a":{"get":{"responses":{"ok":{}}}}}})")
            << QStringLiteral("\"/paths/~1a/get/responses/ok\": must be an HTTP status code");
        QTest::newRow("schema keyword on a query parameter")
            << document(R"("paths":{"/a":{"parameters":[{"name":"x","in":"query","schema":{}}]}}})")
            << QStringLiteral("\"/paths/~1a/parameters/0/schema\": is not a Swagger 2.0 field");
        QTest::newRow("security scheme")
            << document(R"("paths":{},"securityDefinitions":{"s":{"type":"oauth2","flow":"x"}}})")
            << QStringLiteral("\"/securityDefinitions/s\": is not a basic, apiKey or oauth2");
    }

    void rejectsInvalidInput()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, messagePart);
        const Result<QByteArray> encoded = encodeOpenApiV2Protobuf(parseJson(json));
        QVERIFY(!encoded.ok());
        QCOMPARE(encoded.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(encoded.error().message.contains(messagePart),
                 qPrintable(encoded.error().message));
    }
};

QTEST_GUILESS_MAIN(TestOpenApiV2Protobuf)
#include "tst_openapiv2protobuf.moc"
