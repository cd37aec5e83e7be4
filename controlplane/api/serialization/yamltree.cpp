#include "serialization/yamltree.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <unordered_map>

namespace flotilla::api {

namespace {

QString position(int line, int column)
{
    if (line < 0)
        return QString();
    return QStringLiteral(" (line %1, column %2)").arg(line + 1).arg(column + 1);
}

qint64 saturatingAdd(qint64 a, qint64 b)
{
    return std::min(a + b, kYamlExpansionCap); // both operands are at most the cap
}

class TreeBuilder final : public YAML::EventHandler
{
public:
    std::vector<YamlDocument> documents;
    std::optional<Error> error;
    bool stuck = false;

    const YAML::Mark &documentStart() const { return m_documentStart; }

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        // yaml-cpp 0.7 can loop forever on a stray ',' at block level, starting empty
        // documents at the same place without consuming input; that is the tell.
        stuck = !documents.empty() && mark.pos == m_documentStart.pos;
        m_documentStart = mark;
        documents.emplace_back();
        m_open.clear();
        m_isOpen.clear();
        m_anchors.clear(); // anchors do not reach across documents
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        add(YamlNode::Kind::Null, mark, std::string(), anchor);
    }

    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        const auto found = m_anchors.find(anchor);
        if (found == m_anchors.end() || isOpen(found->second)) {
            // yaml-cpp lets an alias refer to the collection it sits in; expanding that
            // would never end.
            if (!error) {
                error = Error{ErrorCode::InvalidArgument,
                              QStringLiteral("a YAML alias refers to a collection that contains "
                                             "it") +
                                  position(mark.line, mark.column)};
            }
            add(YamlNode::Kind::Null, mark, std::string(), YAML::NullAnchor);
            return;
        }
        const qsizetype index = add(YamlNode::Kind::Alias, mark, std::string(), YAML::NullAnchor);
        YamlDocument &document = documents.back();
        const YamlNode &target = document.nodes[size_t(found->second)];
        YamlNode &alias = document.nodes[size_t(index)];
        alias.target = found->second;
        alias.values = target.values;
        alias.chars = target.chars;
        alias.depth = target.depth;
        document.nodes[size_t(found->second)].anchored = true;
    }

    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        const qsizetype index = add(YamlNode::Kind::Scalar, mark, tag, anchor);
        YamlNode &node = documents.back().nodes[size_t(index)];
        node.value = value;
        node.chars = qint64(value.size());
    }

    void OnSequenceStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        open(add(YamlNode::Kind::Sequence, mark, tag, anchor));
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        open(add(YamlNode::Kind::Mapping, mark, tag, anchor));
    }
    void OnMapEnd() override { close(); }

private:
    qsizetype add(YamlNode::Kind kind, const YAML::Mark &mark, const std::string &tag,
                  YAML::anchor_t anchor)
    {
        if (documents.empty())
            documents.emplace_back();
        YamlDocument &document = documents.back();
        const qsizetype index = qsizetype(document.nodes.size());
        YamlNode node;
        node.kind = kind;
        node.line = mark.line;
        node.column = mark.column;
        node.tag = tag;
        document.nodes.push_back(std::move(node));
        m_isOpen.push_back(false);
        if (m_open.empty())
            document.root = index;
        else
            document.nodes[size_t(m_open.back())].children.push_back(index);
        if (anchor != YAML::NullAnchor)
            m_anchors[anchor] = index; // a redefined anchor refers to its latest node
        return index;
    }

    bool isOpen(qsizetype index) const { return m_isOpen[size_t(index)]; }

    void open(qsizetype index)
    {
        m_open.push_back(index);
        m_isOpen[size_t(index)] = true;
    }

    // A collection is complete: total up what it expands to.
    void close()
    {
        if (m_open.empty())
            return;
        YamlDocument &document = documents.back();
        YamlNode &node = document.nodes[size_t(m_open.back())];
        m_isOpen[size_t(m_open.back())] = false;
        m_open.pop_back();
        int depth = 0;
        for (const qsizetype child : node.children) {
            const YamlNode &c = document.nodes[size_t(child)];
            node.values = saturatingAdd(node.values, c.values);
            node.chars = saturatingAdd(node.chars, c.chars);
            depth = std::max(depth, c.depth);
        }
        node.depth = depth + 1;
    }

    YAML::Mark m_documentStart = YAML::Mark::null_mark();
    std::vector<qsizetype> m_open; // collections not closed yet, outermost first
    std::vector<bool> m_isOpen;    // by node index of the current document
    std::unordered_map<YAML::anchor_t, qsizetype> m_anchors;
};

} // namespace

Result<std::vector<YamlDocument>> parseYamlStream(const QByteArray &body)
{
    TreeBuilder builder;
    try {
        std::istringstream stream(body.toStdString());
        YAML::Parser parser(stream);
        while (parser.HandleNextDocument(builder)) {
            if (builder.stuck) {
                const YAML::Mark &at = builder.documentStart();
                return Error{ErrorCode::InvalidArgument,
                             QStringLiteral("malformed YAML%1: unexpected ',' or flow indicator "
                                            "outside a flow collection")
                                 .arg(position(at.line, at.column))};
            }
        }
    } catch (const YAML::DeepRecursion &error) {
        return Error{ErrorCode::InvalidArgument, QStringLiteral("YAML nesting too deep to parse") +
                                                     position(error.mark.line, error.mark.column)};
    } catch (const YAML::Exception &error) {
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("malformed YAML%1: %2")
                         .arg(position(error.mark.line, error.mark.column),
                              QString::fromStdString(error.msg))};
    } catch (const std::exception &error) {
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("malformed YAML: %1").arg(QString::fromUtf8(error.what()))};
    }
    if (builder.error)
        return *builder.error;
    return std::move(builder.documents);
}

} // namespace flotilla::api
