#pragma once
// timeseries.csv and friends: one row per output step, columns named with
// units ("time [s]", "stack pressure [Pa]").
//
// Unlike the other outputs this file grows during the run, so it is appended
// to (not rewritten atomically) and flushed after every row: an interrupted
// run keeps every complete row, and at worst the last line is partial.
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace electrodem::io {

class CsvSeries {
 public:
  enum class Mode {
    truncate,  // start a new file
    append     // continue an existing file (its header fixes the columns)
  };
  // Throws std::runtime_error if the file cannot be opened.
  explicit CsvSeries(std::filesystem::path file, Mode mode = Mode::truncate);

  // The first row fixes the columns (in this order) and writes the header;
  // every later row must have the same names in the same order
  // (std::invalid_argument otherwise). Values use max_digits10 digits, so
  // they read back bit for bit; NaN and infinities are written as nan, inf, -inf.
  void write(const std::vector<std::pair<std::string, double>>& row);

  const std::vector<std::string>& columns() const { return columns_; }
  const std::filesystem::path& path() const { return file_; }

 private:
  std::filesystem::path file_;
  std::ofstream os_;
  std::vector<std::string> columns_;
};

// Quotes a CSV cell when it contains a comma, quote or newline (RFC 4180).
std::string csv_cell(const std::string& s);

}  // namespace electrodem::io
