#include "openapi/gnosticyaml.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace flotilla::api {

namespace {

constexpr int indentStep = 4; // yaml.v3's default

bool isReservedWord(const QString &text)
{
    // Words YAML 1.1 (yaml.v2, which kubectl uses to read these values) or 1.2 would
    // resolve to a bool or null instead of a string.
    static const QStringList words = {
        QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("yes"),
        QStringLiteral("no"),   QStringLiteral("on"),    QStringLiteral("off"),
        QStringLiteral("y"),    QStringLiteral("n"),     QStringLiteral("null"),
        QStringLiteral("~"),    QStringLiteral("<<"),
    };
    return words.contains(text.toLower());
}

bool looksNumeric(const QString &text)
{
    // Anything a resolver might read as an int, float, .inf/.nan or timestamp.
    qsizetype i = 0;
    if (text.startsWith(QLatin1Char('+')) || text.startsWith(QLatin1Char('-')))
        i = 1;
    if (i < text.size() && text.at(i) == QLatin1Char('.'))
        return true;
    return i < text.size() && text.at(i).isDigit();
}

bool needsQuotes(const QString &text)
{
    if (text.isEmpty() || isReservedWord(text) || looksNumeric(text))
        return true;
    static const QString indicators = QStringLiteral("-?:,[]{}#&*!|>'\"%@`");
    if (indicators.contains(text.front()) || text.front().isSpace() || text.back().isSpace())
        return true;
    if (text.endsWith(QLatin1Char(':')) || text.contains(QLatin1String(": ")) ||
        text.contains(QLatin1String(" #")))
        return true;
    // Only printable ASCII stays plain; everything else is spelled out in quotes.
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() >= 0x7f)
            return true;
    }
    return false;
}

QString doubleQuoted(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += QLatin1Char('"');
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case u'"':
            out += QLatin1String("\\\"");
            break;
        case u'\\':
            out += QLatin1String("\\\\");
            break;
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        default:
            // Control characters and the characters YAML treats as line breaks or a
            // byte-order mark would change the text's meaning if written raw.
            if (u < 0x20 || u == 0x7f || u == 0x85 || u == 0x2028 || u == 0x2029 || u == 0xfeff)
                out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

QString scalarText(const QString &text)
{
    return needsQuotes(text) ? doubleQuoted(text) : text;
}

QString numberText(double value)
{
    // 2^53: beyond it not every integer is representable, so print it as a float.
    if (std::isfinite(value) && value == std::trunc(value) &&
        std::fabs(value) <= 9007199254740992.0)
        return QString::number(static_cast<qint64>(value));
    if (std::isnan(value))
        return QStringLiteral(".nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
    return QLocale::c().toString(value, 'g', QLocale::FloatingPointShortest);
}

bool isBlockCollection(const QJsonValue &value)
{
    return (value.isObject() && !value.toObject().isEmpty()) ||
           (value.isArray() && !value.toArray().isEmpty());
}

// Scalars and empty collections, which yaml.v3 writes inline ({} and [] in flow style).
QString inlineText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return numberText(value.toDouble());
    case QJsonValue::String:
        return scalarText(value.toString());
    case QJsonValue::Array:
        return QStringLiteral("[]");
    case QJsonValue::Object:
        return QStringLiteral("{}");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("null");
}

void writeBlock(QString &out, const QJsonValue &value, int indent, bool firstLineInline);

// yaml.v3 puts a nested collection at the next multiple of the indent step, except the
// one that opens a sequence item, which only skips the "- " indicator.
int nestedIndent(int indent)
{
    return indentStep * ((indent + indentStep) / indentStep);
}

void writeMapping(QString &out, const QJsonObject &object, int indent, bool firstLineInline)
{
    bool first = true;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!(first && firstLineInline))
            out += QString(indent, QLatin1Char(' '));
        first = false;
        out += scalarText(it.key()) + QLatin1Char(':');
        const QJsonValue child = it.value();
        if (isBlockCollection(child)) {
            out += QLatin1Char('\n');
            writeBlock(out, child, nestedIndent(indent), false);
        } else {
            out += QLatin1Char(' ') + inlineText(child) + QLatin1Char('\n');
        }
    }
}

void writeSequence(QString &out, const QJsonArray &array, int indent, bool firstLineInline)
{
    bool first = true;
    for (const QJsonValue &child : array) {
        if (!(first && firstLineInline))
            out += QString(indent, QLatin1Char(' '));
        first = false;
        out += QLatin1String("- ");
        if (isBlockCollection(child))
            writeBlock(out, child, indent + 2, true);
        else
            out += inlineText(child) + QLatin1Char('\n');
    }
}

// firstLineInline: the caller already wrote "- " on the current line.
void writeBlock(QString &out, const QJsonValue &value, int indent, bool firstLineInline)
{
    if (value.isObject())
        writeMapping(out, value.toObject(), indent, firstLineInline);
    else
        writeSequence(out, value.toArray(), indent, firstLineInline);
}

} // namespace

QString toGnosticYaml(const QJsonValue &value)
{
    QString out;
    if (isBlockCollection(value))
        writeBlock(out, value, 0, false);
    else
        out = inlineText(value) + QLatin1Char('\n');
    return out;
}

} // namespace flotilla::api
