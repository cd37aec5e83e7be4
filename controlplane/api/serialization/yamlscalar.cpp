#include "serialization/yamlscalar.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace flotilla::api {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// go-yaml v2's resolveMap (its "<<" entry is unreachable there: '<' never hints at a
// non-string; merge keys are recognised on mapping keys by the decoder instead).
bool lookupSpecial(std::string_view in, YamlScalar &out)
{
    struct Entry
    {
        std::string_view text;
        YamlScalar::Kind kind;
        bool boolean;
        double number;
    };
    constexpr double inf = std::numeric_limits<double>::infinity();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    using K = YamlScalar::Kind;
    static constexpr Entry table[] = {
        {"y", K::Bool, true, 0},          {"Y", K::Bool, true, 0},
        {"yes", K::Bool, true, 0},        {"Yes", K::Bool, true, 0},
        {"YES", K::Bool, true, 0},        {"true", K::Bool, true, 0},
        {"True", K::Bool, true, 0},       {"TRUE", K::Bool, true, 0},
        {"on", K::Bool, true, 0},         {"On", K::Bool, true, 0},
        {"ON", K::Bool, true, 0},         {"n", K::Bool, false, 0},
        {"N", K::Bool, false, 0},         {"no", K::Bool, false, 0},
        {"No", K::Bool, false, 0},        {"NO", K::Bool, false, 0},
        {"false", K::Bool, false, 0},     {"False", K::Bool, false, 0},
        {"FALSE", K::Bool, false, 0},     {"off", K::Bool, false, 0},
        {"Off", K::Bool, false, 0},       {"OFF", K::Bool, false, 0},
        {"", K::Null, false, 0},          {"~", K::Null, false, 0},
        {"null", K::Null, false, 0},      {"Null", K::Null, false, 0},
        {"NULL", K::Null, false, 0},      {".nan", K::Float, false, nan},
        {".NaN", K::Float, false, nan},   {".NAN", K::Float, false, nan},
        {".inf", K::Float, false, inf},   {".Inf", K::Float, false, inf},
        {".INF", K::Float, false, inf},   {"+.inf", K::Float, false, inf},
        {"+.Inf", K::Float, false, inf},  {"+.INF", K::Float, false, inf},
        {"-.inf", K::Float, false, -inf}, {"-.Inf", K::Float, false, -inf},
        {"-.INF", K::Float, false, -inf},
    };
    for (const Entry &entry : table) {
        if (entry.text == in) {
            out.kind = entry.kind;
            out.boolean = entry.boolean;
            out.number = entry.number;
            return true;
        }
    }
    return false;
}

// Go's strconv.ParseInt(s, 0, 64), falling back to ParseUint(s, 0, 64) as go-yaml does.
bool parseGoInteger(std::string_view s, YamlScalar &out)
{
    bool negative = false;
    bool signedLiteral = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        negative = s.front() == '-';
        signedLiteral = true;
        s.remove_prefix(1);
    }
    if (s.empty())
        return false;
    int base = 10;
    if (s.front() == '0') {
        const char prefix = s.size() >= 3 ? char(s[1] | 0x20) : 0;
        if (prefix == 'b' || prefix == 'o' || prefix == 'x') {
            base = prefix == 'b' ? 2 : prefix == 'o' ? 8 : 16;
            s.remove_prefix(2);
        } else {
            base = 8; // a leading 0 means octal: 017 is 15, 08 is not an integer
            s.remove_prefix(1);
        }
    }
    quint64 value = 0;
    for (const char c : s) {
        int digit = 99;
        if (isDigit(c))
            digit = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            digit = (c | 0x20) - 'a' + 10;
        if (digit >= base)
            return false;
        if (value > (std::numeric_limits<quint64>::max() - quint64(digit)) / quint64(base))
            return false; // overflows uint64: ParseInt and ParseUint both fail
        value = value * quint64(base) + quint64(digit);
    }
    constexpr quint64 int64Max = quint64(std::numeric_limits<qint64>::max());
    if (negative ? value > int64Max + 1 : (signedLiteral && value > int64Max))
        return false; // ParseInt overflows; ParseUint refuses a sign
    out.kind = YamlScalar::Kind::Integer;
    out.negative = negative && value != 0;
    out.magnitude = value;
    return true;
}

// go-yaml v2's yamlStyleFloat: ^[-+]?[0-9]*\.?[0-9]+([eE][-+][0-9]+)?$ (note the exponent
// needs a sign, so 1e3 stays a string).
bool matchesYamlFloat(std::string_view s)
{
    size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
        ++i;
    size_t integerDigits = 0;
    while (i < s.size() && isDigit(s[i]))
        ++i, ++integerDigits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        size_t fractionDigits = 0;
        while (i < s.size() && isDigit(s[i]))
            ++i, ++fractionDigits;
        if (fractionDigits == 0)
            return false;
    } else if (integerDigits == 0) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i >= s.size() || (s[i] != '+' && s[i] != '-'))
            return false;
        ++i;
        size_t exponentDigits = 0;
        while (i < s.size() && isDigit(s[i]))
            ++i, ++exponentDigits;
        if (exponentDigits == 0)
            return false;
    }
    return i == s.size();
}

// Go's strconv.ParseFloat on an already validated decimal literal: overflow is an error
// (go-yaml then keeps the string), underflow quietly gives zero.
bool parseGoFloat(std::string_view s, YamlScalar &out)
{
    bool negative = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    double value = 0;
    const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (end != s.data() + s.size())
        return false;
    if (error == std::errc::result_out_of_range) {
        // Overflow or underflow? Count where the decimal point lands.
        long long exponent = 0;
        const size_t e = s.find_first_of("eE");
        if (e != std::string_view::npos) {
            std::from_chars(s.data() + e + 1 + (s[e + 1] == '+'), s.data() + s.size(), exponent);
        }
        const std::string_view mantissa = s.substr(0, e);
        const size_t point = mantissa.find('.');
        const std::string_view whole = mantissa.substr(0, point);
        const size_t firstNonZero = whole.find_first_not_of('0');
        const long long wholeDigits = firstNonZero == std::string_view::npos
                                          ? 0
                                          : static_cast<long long>(whole.size() - firstNonZero);
        if (wholeDigits + exponent > 0)
            return false;
        value = 0;
    } else if (error != std::errc()) {
        return false;
    }
    out.kind = YamlScalar::Kind::Float;
    out.number = negative ? -value : value;
    return true;
}

} // namespace

YamlScalar resolvePlainYamlScalar(std::string_view in)
{
    YamlScalar out;
    // go-yaml decides by the first byte whether a scalar can be anything but a string.
    const char first = in.empty() ? 'N' : in.front();
    const bool sign = first == '+' || first == '-';
    const bool hinted = sign || isDigit(first) || first == '.' || first == 'N' ||
                        std::string_view("yYnNtTfFoO~").find(first) != std::string_view::npos;
    if (!hinted)
        return out;
    if (lookupSpecial(in, out))
        return out;
    if (first == '.') {
        // Go's ParseFloat on ".5e3"-style text; the table above took the specials.
        if (in.size() > 1 && isDigit(in[1]) && matchesYamlFloat(in)) {
            parseGoFloat(in, out);
        } else if (in.size() > 1 && isDigit(in[1])) {
            // ParseFloat also takes an exponent without a sign here: ".5e3".
            const size_t e = in.find_first_of("eE");
            if (e != std::string_view::npos && e + 1 < in.size() && isDigit(in[e + 1])) {
                std::string withSign(in);
                withSign.insert(e + 1, 1, '+');
                if (matchesYamlFloat(withSign))
                    parseGoFloat(withSign, out);
            }
        }
        return out;
    }
    if (sign || isDigit(first)) {
        std::string plain;
        plain.reserve(in.size());
        for (const char c : in) {
            if (c != '_')
                plain += c;
        }
        if (parseGoInteger(plain, out))
            return out;
        if (matchesYamlFloat(plain))
            parseGoFloat(plain, out);
    }
    return out;
}

QString yamlFloatKeyString(double value)
{
    if (std::isnan(value))
        return QStringLiteral(".nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");

    // Shortest digits that round-trip a float32, then Go's %g choice: exponent form when
    // the exponent is below -4 or at least 6 (the precision Go uses for shortest output).
    const float narrowed = float(value);
    // A double beyond float32's range narrows to infinity (as Go's float32 conversion does).
    if (std::isinf(narrowed))
        return narrowed > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, narrowed, std::chars_format::scientific);
    const std::string_view text(buffer, size_t(result.ptr - buffer));
    const size_t e = text.find('e');
    if (e == std::string_view::npos || e + 1 >= text.size())
        return QString::fromLatin1(text.data(), qsizetype(text.size()));
    int exponent = 0;
    std::from_chars(text.data() + e + 1 + (text[e + 1] == '+'), text.data() + text.size(),
                    exponent);
    std::string_view mantissa = text.substr(0, e);
    const bool negative = !mantissa.empty() && mantissa.front() == '-';
    if (negative)
        mantissa.remove_prefix(1);
    std::string digits;
    for (const char c : mantissa) {
        if (c != '.')
            digits += c;
    }

    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
        out += digits.substr(0, 1);
        if (digits.size() > 1)
            out += "." + digits.substr(1);
        out += exponent < 0 ? "e-" : "e+";
        const int magnitude = exponent < 0 ? -exponent : exponent;
        if (magnitude < 10)
            out += '0';
        out += std::to_string(magnitude);
    } else if (exponent < 0) {
        out += "0." + std::string(size_t(-exponent - 1), '0') + digits;
    } else {
        const size_t whole = size_t(exponent) + 1;
        if (digits.size() <= whole) {
            out += digits + std::string(whole - digits.size(), '0');
        } else {
            out += digits.substr(0, whole) + "." + digits.substr(whole);
        }
    }
    return QString::fromStdString(out);
}

} // namespace flotilla::api
