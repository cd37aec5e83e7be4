#include "serialization/jsondecoder.h"

#include "serialization/jsonscanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>

namespace flotilla::api {

namespace {

bool isBlank(const QByteArray &body)
{
    return std::all_of(body.begin(), body.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

} // namespace

Result<DecodedJson> decodeJson(const QByteArray &body)
{
    if (isBlank(body))
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("empty body: expected a JSON object")};

    // Qt is the authority on syntax (its messages name the problem); the scanner then adds
    // what the parsed document cannot show: repeated keys, inexact integers, depth.
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Error{ErrorCode::InvalidArgument, QStringLiteral("malformed JSON at offset %1: %2")
                                                     .arg(parseError.offset)
                                                     .arg(parseError.errorString())};
    }
    Result<QStringList> structure = scanJsonStructure(body);
    if (!structure)
        return structure.error();

    DecodedJson decoded;
    decoded.value =
        document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    decoded.duplicateFields = std::move(structure.value());
    return decoded;
}

} // namespace flotilla::api
