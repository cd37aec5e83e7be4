#include "patch/mergepatch.h"

#include <QJsonObject>

#include <vector>

namespace flotilla::api {

QJsonValue applyMergePatch(const QJsonValue &target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;

    // One frame per object being merged: the target built so far, the patch object, the
    // next patch member to apply and the member of the parent the result goes back into.
    struct Frame
    {
        QJsonObject target;
        QJsonObject patch;
        qsizetype next = 0;
        QString key;
    };
    std::vector<Frame> stack;
    // A target that is not an object is replaced by one (RFC 7386 section 2).
    stack.push_back({target.toObject(), patch.toObject(), 0, QString()});
    for (;;) {
        Frame &top = stack.back();
        if (top.next == top.patch.size()) {
            QJsonObject merged = std::move(top.target);
            const QString key = std::move(top.key);
            stack.pop_back();
            if (stack.empty())
                return merged;
            stack.back().target.insert(key, merged);
            continue;
        }
        const auto member = top.patch.constBegin() + top.next++;
        const QString key = member.key();
        const QJsonValue value = member.value();
        if (value.isNull()) {
            top.target.remove(key);
        } else if (value.isObject()) {
            // Take the child out so merging into it does not copy it (shared containers).
            QJsonObject child = top.target.take(key).toObject();
            stack.push_back({std::move(child), value.toObject(), 0, key}); // `top` is stale now
        } else {
            top.target.insert(key, value);
        }
    }
}

} // namespace flotilla::api
