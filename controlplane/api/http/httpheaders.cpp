#include "api/http/httpheaders.h"

namespace flotilla::http {

namespace {

bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

} // namespace

void HttpHeaders::add(QByteArray name, QByteArray value)
{
    m_fields.append(Field{std::move(name), std::move(value)});
}

void HttpHeaders::set(QByteArray name, QByteArray value)
{
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        if (namesEqual(m_fields.at(i).name, name)) {
            m_fields[i].value = std::move(value);
            for (qsizetype j = m_fields.size() - 1; j > i; --j) {
                if (namesEqual(m_fields.at(j).name, name))
                    m_fields.removeAt(j);
            }
            return;
        }
    }
    add(std::move(name), std::move(value));
}

void HttpHeaders::remove(QByteArrayView name)
{
    m_fields.removeIf([name](const Field &f) { return namesEqual(f.name, name); });
}

bool HttpHeaders::contains(QByteArrayView name) const
{
    return count(name) > 0;
}

qsizetype HttpHeaders::count(QByteArrayView name) const
{
    qsizetype n = 0;
    for (const Field &f : m_fields)
        n += namesEqual(f.name, name) ? 1 : 0;
    return n;
}

QByteArray HttpHeaders::value(QByteArrayView name) const
{
    for (const Field &f : m_fields) {
        if (namesEqual(f.name, name))
            return f.value;
    }
    return {};
}

QList<QByteArray> HttpHeaders::values(QByteArrayView name) const
{
    QList<QByteArray> out;
    for (const Field &f : m_fields) {
        if (namesEqual(f.name, name))
            out.append(f.value);
    }
    return out;
}

QByteArray HttpHeaders::combinedValue(QByteArrayView name) const
{
    return values(name).join(QByteArrayView(", "));
}

bool HttpHeaders::hasToken(QByteArrayView name, QByteArrayView token) const
{
    for (const Field &f : m_fields) {
        if (!namesEqual(f.name, name))
            continue;
        for (const QByteArray &element : f.value.split(',')) {
            if (namesEqual(trimmed(element), token))
                return true;
        }
    }
    return false;
}

bool HttpHeaders::namesEqual(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

bool HttpHeaders::isToken(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return false;
    for (char c : bytes) {
        if (!isTchar(c))
            return false;
    }
    return true;
}

bool HttpHeaders::isValidValue(QByteArrayView bytes)
{
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

} // namespace flotilla::http
