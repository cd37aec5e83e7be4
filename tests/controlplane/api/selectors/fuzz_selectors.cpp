// libFuzzer target for both selector parsers (built with -DFLOTILLA_FUZZ=ON and clang).
// Besides "no crash, no sanitizer report, no hang", it checks properties that hold for
// every accepted input: the canonical text parses back to the same selector with the
// same matching result, and printing is a fixed point.

#include "selectors/fieldselector.h"
#include "selectors/labelselector.h"

#include <QHash>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace flotilla::api;

namespace {

const QHash<QString, QString> &fixedLabels()
{
    static const QHash<QString, QString> labels{
        {QStringLiteral("app"), QStringLiteral("web")},
        {QStringLiteral("tier"), QString()},
        {QStringLiteral("a"), QStringLiteral("1")},
        {QStringLiteral("in"), QStringLiteral("notin")},
        {QStringLiteral("example.com/x"), QStringLiteral("-5")},
    };
    return labels;
}

// Aborting makes libFuzzer record the input as a crash.
void check(bool condition)
{
    if (!condition)
        std::abort();
}

void fuzzLabelSelector(const QString &text)
{
    const auto selector = LabelSelector::parse(text);
    if (!selector.ok()) {
        check(!selector.error().message.isEmpty());
        return;
    }
    const bool matched = selector->matches(fixedLabels());
    for (const QString &key : fixedLabels().keys())
        (void)selector->exactMatch(key);
    const QString canonical = selector->toString();
    // " in (" can make the canonical text a little longer than the input.
    if (canonical.size() > maxSelectorLength)
        return;
    const auto again = LabelSelector::parse(canonical);
    check(again.ok());
    check(again->toString() == canonical);
    check(again->matches(fixedLabels()) == matched);
}

void fuzzFieldSelector(const QString &text)
{
    const auto selector = FieldSelector::parse(text);
    if (!selector.ok()) {
        check(!selector.error().message.isEmpty());
        return;
    }
    const auto lookup = [](const QString &field) -> std::optional<QString> {
        if (field == QLatin1String("metadata.name"))
            return QStringLiteral("web-1");
        if (field == QLatin1String("spec.nodeName"))
            return QString();
        return std::nullopt;
    };
    const bool matched = selector->matches(lookup);
    (void)selector->exactMatch(QStringLiteral("metadata.name"));
    // Printing only normalises "==" and escapes, so it never grows the text.
    const QString printed = selector->toString();
    check(printed.size() <= text.size());
    const auto again = FieldSelector::parse(printed);
    check(again.ok());
    check(again->matches(lookup) == matched);
    // The first print may reorder terms ("a==x" sorts before "a=b"); the second is stable.
    const QString canonical = again->toString();
    const auto third = FieldSelector::parse(canonical);
    check(third.ok());
    check(third->toString() == canonical);
    check(third->requirements() == again->requirements());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    fuzzLabelSelector(text);
    fuzzFieldSelector(text);
    return 0;
}
