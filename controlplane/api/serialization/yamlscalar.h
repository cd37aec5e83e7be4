#pragma once

#include <QString>
#include <QtGlobal>

#include <string_view>

namespace flotilla::api {

// What an untagged, unquoted YAML scalar means to Kubernetes. kubectl and the apiserver
// convert YAML with sigs.k8s.io/yaml, which uses go-yaml v2 and so YAML 1.1 rules: `yes`,
// `no`, `on`, `off`, `y` and `n` (in their listed spellings) are booleans, `0x1F`, `017`
// and `1_000` are integers, `1e3` is a string but `1e+3` a float. Quoted scalars are
// always strings and never reach this.
struct YamlScalar
{
    enum class Kind { Null, Bool, Integer, Float, String };

    Kind kind = Kind::String;
    bool boolean = false;
    // Integer: the value is -magnitude when negative (covers int64 and uint64).
    bool negative = false;
    quint64 magnitude = 0;
    // Float: may be infinite or NaN (.inf, .nan), which JSON cannot carry.
    double number = 0;
};

// Resolves a plain scalar exactly as go-yaml v2's resolve() does for an untagged node.
YamlScalar resolvePlainYamlScalar(std::string_view text);

// A float map key turned into its string the way sigs.k8s.io/yaml does (Go's
// FormatFloat(f, 'g', -1, 32), with .inf/-.inf/.nan for the specials).
QString yamlFloatKeyString(double value);

} // namespace flotilla::api
