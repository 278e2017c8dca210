// Result<T>: the return type of everything that can fail for a user's reason
// (a file, a device, an argument). The error carries a message a user can act on:
// it names the input and says what is wrong.
#pragma once
#include <expected>
#include <string>
#include <utility>

namespace ts {

struct Error {
  std::string message;
};

template <class T = void>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message) { return std::unexpected(Error{std::move(message)}); }

}  // namespace ts
