#include "rest/table.h"

#include "registry/kinds/printing.h"
#include "rest/objectmeta.h"

namespace flotilla::api::table {

namespace {

QString describe(const QString &column)
{
    if (column == QLatin1String("Name"))
        return QStringLiteral("Name must be unique within a namespace.");
    if (column == QLatin1String("Age"))
        return QStringLiteral("Time since the object was created.");
    return column;
}

} // namespace

IncludeObject includeObjectFrom(const QString &queryValue)
{
    if (queryValue == QLatin1String("None"))
        return IncludeObject::None;
    if (queryValue == QLatin1String("Object"))
        return IncludeObject::Object;
    return IncludeObject::Metadata;
}

QJsonArray columnDefinitions(const ResourceType &type)
{
    QJsonArray columns;
    auto add = [&columns](const TableColumn &c) {
        columns.append(QJsonObject{{QStringLiteral("name"), c.name},
                                   {QStringLiteral("type"), c.type},
                                   {QStringLiteral("format"), c.format},
                                   {QStringLiteral("description"),
                                    c.description.isEmpty() ? describe(c.name) : c.description},
                                   {QStringLiteral("priority"), c.priority}});
    };
    add(TableColumn{QStringLiteral("Name"), QStringLiteral("string"), QStringLiteral("name"), 0,
                    QString()});
    if (type.traits->columns.isEmpty())
        add(TableColumn{QStringLiteral("Age"), QStringLiteral("string"), QString(), 0, QString()});
    for (const TableColumn &c : type.traits->columns)
        add(c);
    return columns;
}

QJsonObject row(const ResourceType &type, const QJsonObject &object, qint64 nowMs,
                IncludeObject include)
{
    QJsonArray cells{meta::name(object)};
    if (type.traits->columns.isEmpty() || !type.traits->cells) {
        cells.append(printing::age(object, nowMs));
    } else {
        for (const QJsonValue &cell : type.traits->cells(object, nowMs))
            cells.append(cell);
    }
    QJsonObject result{{QStringLiteral("cells"), cells}};
    if (include == IncludeObject::Object) {
        result.insert(QStringLiteral("object"), object);
    } else if (include == IncludeObject::Metadata) {
        QJsonObject metadata = meta::of(object);
        metadata.remove(QStringLiteral("managedFields"));
        result.insert(QStringLiteral("object"),
                      QJsonObject{{QStringLiteral("kind"), QStringLiteral("PartialObjectMetadata")},
                                  {QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1")},
                                  {QStringLiteral("metadata"), metadata}});
    }
    return result;
}

QJsonObject make(const ResourceType &type, const QJsonArray &rows, const QJsonObject &listMetadata)
{
    return {{QStringLiteral("kind"), QStringLiteral("Table")},
            {QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1")},
            {QStringLiteral("metadata"), listMetadata},
            {QStringLiteral("columnDefinitions"), columnDefinitions(type)},
            {QStringLiteral("rows"), rows}};
}

} // namespace flotilla::api::table
