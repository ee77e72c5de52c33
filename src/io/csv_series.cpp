// Growing CSV time series.
#include "electrodem/io/csv_series.hpp"

#include <cmath>
#include <iterator>
#include <limits>
#include <stdexcept>

namespace electrodem::io {

namespace {
// Splits a header line written by csv_cell (quoted cells may hold commas).
std::vector<std::string> split_header(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
        cell += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  out.push_back(cell);
  return out;
}
}  // namespace

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (const char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

CsvSeries::CsvSeries(std::filesystem::path file, Mode mode) : file_(std::move(file)) {
  if (mode == Mode::append && std::filesystem::exists(file_)) {
    std::ifstream is(file_, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(is)), std::istreambuf_iterator<char>());
    // An interrupted run may have left half a row: drop it so appended rows
    // start on a line of their own.
    const auto last_newline = text.rfind('\n');
    const std::size_t keep = last_newline == std::string::npos ? 0 : last_newline + 1;
    if (keep < text.size()) std::filesystem::resize_file(file_, keep);
    const auto header_end = text.find('\n');
    if (header_end != std::string::npos && header_end > 0)
      columns_ = split_header(text.substr(0, header_end));
  }
  os_.open(file_, mode == Mode::append ? std::ios::app : std::ios::trunc);
  if (!os_) throw std::runtime_error("cannot open " + file_.string() + " for writing");
  os_.precision(std::numeric_limits<double>::max_digits10);
}

void CsvSeries::write(const std::vector<std::pair<std::string, double>>& row) {
  if (columns_.empty()) {
    if (row.empty())
      throw std::invalid_argument(file_.string() + ": a row needs at least one column");
    for (std::size_t k = 0; k < row.size(); ++k) {
      columns_.push_back(row[k].first);
      os_ << (k ? "," : "") << csv_cell(row[k].first);
    }
    os_ << '\n';
  } else {
    bool same = row.size() == columns_.size();
    for (std::size_t k = 0; same && k < row.size(); ++k) same = row[k].first == columns_[k];
    if (!same) {
      std::string got;
      for (const auto& [name, v] : row) got += (got.empty() ? "" : ", ") + name;
      std::string want;
      for (const auto& name : columns_) want += (want.empty() ? "" : ", ") + name;
      throw std::invalid_argument(file_.string() + ": row columns [" + got +
                                  "] differ from the header [" + want + "]");
    }
  }
  for (std::size_t k = 0; k < row.size(); ++k) {
    const double v = row[k].second;
    os_ << (k ? "," : "");
    if (std::isnan(v))
      os_ << "nan";
    else if (std::isinf(v))
      os_ << (v > 0 ? "inf" : "-inf");
    else
      os_ << v;
  }
  os_ << '\n';
  os_.flush();
  if (!os_) throw std::runtime_error("write to " + file_.string() + " failed (disk full?)");
}

}  // namespace electrodem::io
