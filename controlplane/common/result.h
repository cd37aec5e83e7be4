#pragma once

#include "common/error.h"

#include <utility>
#include <variant>

namespace flotilla {

inline const Error &noError()
{
    static const Error none{ErrorCode::Internal, QString()};
    return none;
}

// Result<T> holds either a value or an Error (an expected-like type; std::expected is
// C++23). Construction from either side is implicit so functions can `return value;`
// or `return Error{...};`.
template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    // Safe to call on success too (returns an empty error), so diagnostics such as
    // QVERIFY2(r.ok(), r.error()…) that evaluate it eagerly cannot throw.
    const Error &error() const { return ok() ? noError() : std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// Result<void>: success carries nothing.
template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_ok(false)
    {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

} // namespace flotilla
