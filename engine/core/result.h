// Result<T>: the return type of everything that can fail for a user's reason
// (a file, a device, an argument). The error carries a message a user can act on:
// it names the input and says what is wrong.
//
// Result is std::expected with the class marked [[nodiscard]], so every function that
// returns one is [[nodiscard]] without saying so, and the build turns a dropped result
// into an error (-Werror=unused-result, CMakeLists.txt). `(void)f()` is the explicit way
// to say a failure does not matter.
#pragma once
#include <expected>
#include <string>
#include <utility>

namespace ts {

struct Error {
  std::string message;
};

template <class T = void>
class [[nodiscard]] Result : public std::expected<T, Error> {
 public:
  using std::expected<T, Error>::expected;
  Result(const std::expected<T, Error>& e) : std::expected<T, Error>(e) {}
  Result(std::expected<T, Error>&& e) : std::expected<T, Error>(std::move(e)) {}
};

inline std::unexpected<Error> fail(std::string message) { return std::unexpected(Error{std::move(message)}); }

}  // namespace ts
