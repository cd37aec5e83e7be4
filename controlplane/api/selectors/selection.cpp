#include "selectors/selection.h"

namespace flotilla::api {

QString elideForMessage(QStringView text)
{
    constexpr qsizetype maxShown = 64;
    if (text.size() <= maxShown)
        return text.toString();
    return text.left(maxShown).toString() + QStringLiteral("...");
}

} // namespace flotilla::api
