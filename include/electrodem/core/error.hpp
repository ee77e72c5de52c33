#pragma once
// Errors carry context and are caught once, in main (exit codes in app/).
#include <stdexcept>
#include <string>
#include <vector>

namespace electrodem {

// One problem in the user's input: where, what was found, what was expected.
struct InputIssue {
  std::string path;      // dotted JSON path ("packing.components.1.diameter.median") or file:line
  std::string value;     // the offending value as text ("" when missing)
  std::string expected;  // what would have been accepted
  std::string describe() const;
};

// Bad config, CLI or file input: exit code 2. Holds every issue found, not just the first.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<InputIssue> issues);
  InputError(std::string path, std::string value, std::string expected)
      : InputError(std::vector<InputIssue>{{std::move(path), std::move(value), std::move(expected)}}) {}
  const std::vector<InputIssue>& issues() const { return issues_; }

 private:
  std::vector<InputIssue> issues_;
};

// Numerical trouble during a run (NaN, blow-up, no convergence): exit code 1,
// after the stage has written a checkpoint.
class NumericalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace electrodem
