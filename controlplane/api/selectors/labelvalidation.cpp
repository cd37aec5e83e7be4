#include "selectors/labelvalidation.h"

#include "selectors/selection.h"

#include <QStringList>

namespace flotilla::api {

namespace {

constexpr qsizetype maxNameLength = 63;
constexpr qsizetype maxPrefixLength = 253;
constexpr qsizetype maxValueLength = 63;

// The wording of upstream's messages, so a user who knows kubectl's errors recognises them.
const QLatin1String nameRule(
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc')");
const QLatin1String subdomainRule(
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com')");
const QLatin1String valueRule(
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', "
    "or '12345')");

bool isAsciiAlnum(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9');
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool isQualifiedName(QStringView s)
{
    if (s.isEmpty() || !isAsciiAlnum(s.front()) || !isAsciiAlnum(s.back()))
        return false;
    for (const QChar c : s) {
        if (!isAsciiAlnum(c) && c != u'-' && c != u'_' && c != u'.')
            return false;
    }
    return true;
}

bool isDnsLabelChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9');
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*
bool isDns1123Subdomain(QStringView s)
{
    qsizetype labelStart = 0;
    for (qsizetype i = 0; i <= s.size(); ++i) {
        if (i < s.size() && s[i] != u'.') {
            if (!isDnsLabelChar(s[i]) && s[i] != u'-')
                return false;
            continue;
        }
        // End of one dot-separated label: non-empty, alphanumeric at both ends.
        if (i == labelStart || !isDnsLabelChar(s[labelStart]) || !isDnsLabelChar(s[i - 1]))
            return false;
        labelStart = i + 1;
    }
    return true;
}

Error invalid(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message};
}

} // namespace

Result<void> validateLabelKey(QStringView key)
{
    const QString shown = elideForMessage(key);
    const qsizetype slashes = key.count(u'/');
    if (slashes > 1) {
        return invalid(QStringLiteral("invalid label key \"") + shown +
                       QStringLiteral("\": a qualified name ") + nameRule +
                       QStringLiteral(" with an optional DNS subdomain prefix and '/' (e.g. "
                                      "'example.com/MyName')"));
    }

    QStringList problems;
    QStringView name = key;
    if (slashes == 1) {
        const qsizetype slash = key.indexOf(u'/');
        const QStringView prefix = key.left(slash);
        name = key.mid(slash + 1);
        if (prefix.isEmpty()) {
            problems << QStringLiteral("prefix part must be non-empty");
        } else {
            if (prefix.size() > maxPrefixLength)
                problems << QStringLiteral("prefix part must be no more than %1 characters")
                                .arg(maxPrefixLength);
            if (!isDns1123Subdomain(prefix))
                problems << QStringLiteral("prefix part ") + subdomainRule;
        }
    }
    if (name.isEmpty())
        problems << QStringLiteral("name part must be non-empty");
    else if (name.size() > maxNameLength)
        problems
            << QStringLiteral("name part must be no more than %1 characters").arg(maxNameLength);
    if (!isQualifiedName(name))
        problems << QStringLiteral("name part ") + nameRule;

    if (problems.isEmpty())
        return {};
    return invalid(QStringLiteral("invalid label key \"") + shown + QStringLiteral("\": ") +
                   problems.join(QStringLiteral("; ")));
}

Result<void> validateLabelValue(QStringView key, QStringView value)
{
    QStringList problems;
    if (value.size() > maxValueLength)
        problems << QStringLiteral("must be no more than %1 characters").arg(maxValueLength);
    if (!value.isEmpty() && !isQualifiedName(value))
        problems << valueRule;

    if (problems.isEmpty())
        return {};
    return invalid(QStringLiteral("invalid label value \"") + elideForMessage(value) +
                   QStringLiteral("\" for key \"") + elideForMessage(key) + QStringLiteral("\": ") +
                   problems.join(QStringLiteral("; ")));
}

} // namespace flotilla::api
