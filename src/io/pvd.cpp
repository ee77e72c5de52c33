// ParaView .pvd collections.
#include "electrodem/io/pvd.hpp"

#include <cstdio>
#include <cstring>
#include <limits>
#include <regex>
#include <sstream>

#include "electrodem/core/error.hpp"
#include "electrodem/core/files.hpp"

namespace electrodem::io {

namespace {
std::string xml_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string xml_unescape(std::string s) {
  const std::pair<const char*, const char*> map[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : map)
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + 1))
      s.replace(p, std::strlen(from), to);
  return s;
}
}  // namespace

PvdCollection::PvdCollection(std::filesystem::path pvd_file) : file_(std::move(pvd_file)) {}

PvdCollection PvdCollection::read(const std::filesystem::path& pvd_file) {
  const std::string text = read_file(pvd_file);
  if (text.find("<VTKFile") == std::string::npos || text.find("Collection") == std::string::npos)
    throw InputError(pvd_file.string(), "",
                     "a ParaView collection file (<VTKFile type=\"Collection\">)");
  PvdCollection c(pvd_file);
  // Attributes in any order: timestep="..." and file="..." on each DataSet.
  const std::regex dataset(R"(<DataSet\b([^>]*)/?>)");
  const std::regex timestep(R"re(\btimestep\s*=\s*"([^"]*)")re");
  const std::regex file(R"re(\bfile\s*=\s*"([^"]*)")re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), dataset);
       it != std::sregex_iterator(); ++it) {
    const std::string attrs = (*it)[1];
    std::smatch t, f;
    if (!std::regex_search(attrs, f, file))
      throw InputError(pvd_file.string(), (*it)[0].str(), "a DataSet with a file attribute");
    Entry e;
    e.file = xml_unescape(f[1]);
    if (std::regex_search(attrs, t, timestep)) {
      try {
        e.time = std::stod(t[1]);
      } catch (const std::exception&) {
        throw InputError(pvd_file.string(), t[1].str(), "a numeric timestep");
      }
    }
    c.entries_.push_back(std::move(e));
  }
  return c;
}

void PvdCollection::add(double time, const std::filesystem::path& file) {
  const auto dir = file_.parent_path();
  std::filesystem::path rel = file;
  if (file.is_absolute() || !dir.empty()) {
    // Relative to the .pvd's directory (both made absolute first).
    rel = std::filesystem::absolute(file).lexically_normal().lexically_relative(
        std::filesystem::absolute(dir.empty() ? "." : dir).lexically_normal());
    if (rel.empty()) rel = file;
  }
  entries_.push_back({time, rel.generic_string()});
  write();
}

void PvdCollection::write() const {
  write_file_atomic(file_, [&](std::ostream& os) {
    os.precision(std::numeric_limits<double>::max_digits10);
    os << "<?xml version=\"1.0\"?>\n"
          "<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
          "  <Collection>\n";
    for (const auto& e : entries_)
      os << "    <DataSet timestep=\"" << e.time << "\" group=\"\" part=\"0\" file=\""
         << xml_escape(e.file) << "\"/>\n";
    os << "  </Collection>\n</VTKFile>\n";
  });
}

FrameSeries::FrameSeries(std::filesystem::path dir, std::string name)
    : dir_(std::move(dir)), name_(std::move(name)), pvd_(dir_ / (name_ + ".pvd")) {}

std::filesystem::path FrameSeries::next_path() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "_%06zu.vtp", pvd_.entries().size());
  return dir_ / (name_ + buf);
}

void FrameSeries::commit(double time) {
  pvd_.add(time, next_path());
}

}  // namespace electrodem::io
