#pragma once

#include "common/result.h"

#include <QByteArray>

#include <string>
#include <vector>

namespace flotilla::api {

// One YAML node as the parser saw it, aliases kept as references. Each node also carries
// what it would expand to once aliases are resolved, computed bottom-up while parsing:
// that is what lets the decoder refuse an alias bomb in time linear in the input instead
// of expanding it until a budget runs out.
struct YamlNode
{
    enum class Kind { Null, Scalar, Sequence, Mapping, Alias };

    Kind kind = Kind::Null;
    int line = -1; // 0-based, as yaml-cpp counts
    int column = -1;
    std::string tag;   // "?" plain, "!" quoted or block, else the resolved tag
    std::string value; // scalars
    // Sequence items, or mapping keys and values alternating (key, value, key, value).
    std::vector<qsizetype> children;
    qsizetype target = -1; // Alias: the anchored node it stands for (never an alias)
    bool anchored = false; // some alias may refer to this node

    // Expanded through aliases, saturating at kYamlExpansionCap:
    qint64 values = 1; // nodes, this one included
    qint64 chars = 0;  // bytes of scalar text
    int depth = 0;     // nesting of collections (a scalar is 0)
};

inline constexpr qint64 kYamlExpansionCap = qint64(1) << 60;

struct YamlDocument
{
    std::vector<YamlNode> nodes;
    qsizetype root = -1;
};

// Parses every document of a stream with yaml-cpp's event API. Syntax errors, aliases
// that refer to the node that contains them (a cycle) and nesting too deep for the parser
// are InvalidArgument errors.
Result<std::vector<YamlDocument>> parseYamlStream(const QByteArray &body);

} // namespace flotilla::api
