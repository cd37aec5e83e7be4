#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace flotilla::http {

// An ordered list of header fields. Names keep the spelling they arrived with but are
// compared case-insensitively; repeated fields stay separate (Set-Cookie cannot be
// folded, and Content-Length duplicates must be seen to be checked).
class HttpHeaders
{
public:
    struct Field
    {
        QByteArray name;
        QByteArray value;

        friend bool operator==(const Field &, const Field &) = default;
    };

    void add(QByteArray name, QByteArray value);
    // Replaces every field of that name with one, at the position of the first.
    void set(QByteArray name, QByteArray value);
    void remove(QByteArrayView name);

    bool contains(QByteArrayView name) const;
    qsizetype count(QByteArrayView name) const;
    // The first field of that name, or an empty array.
    QByteArray value(QByteArrayView name) const;
    QList<QByteArray> values(QByteArrayView name) const;
    // All values of that name joined with ", " (the list form of RFC 9110 §5.3).
    QByteArray combinedValue(QByteArrayView name) const;
    // True if a comma-separated list value of that name contains token (any case).
    bool hasToken(QByteArrayView name, QByteArrayView token) const;

    const QList<Field> &fields() const { return m_fields; }
    qsizetype size() const { return m_fields.size(); }
    bool isEmpty() const { return m_fields.isEmpty(); }

    static bool namesEqual(QByteArrayView a, QByteArrayView b);
    // RFC 9110 token: what a field name (and a method) may consist of.
    static bool isToken(QByteArrayView bytes);
    // Visible ASCII, space, tab and obs-text; never CR, LF, NUL or other controls, so a
    // value can never split a message.
    static bool isValidValue(QByteArrayView bytes);

    friend bool operator==(const HttpHeaders &, const HttpHeaders &) = default;

private:
    QList<Field> m_fields;
};

} // namespace flotilla::http
