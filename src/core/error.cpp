#include "electrodem/core/error.hpp"

namespace electrodem {
namespace {
std::string join(const std::vector<InputIssue>& issues) {
  std::string s = issues.size() == 1 ? "invalid input:" : std::to_string(issues.size()) + " problems in the input:";
  for (const auto& i : issues) s += "\n  " + i.describe();
  return s;
}
}  // namespace

std::string InputIssue::describe() const {
  std::string s = path.empty() ? std::string("(top level)") : path;
  s += ": ";
  if (!value.empty()) s += "got " + value + "; ";
  s += expected;
  return s;
}

InputError::InputError(std::vector<InputIssue> issues)
    : std::runtime_error(join(issues)), issues_(std::move(issues)) {}

}  // namespace electrodem
