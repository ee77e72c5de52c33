#include "electrodem/core/json_file.hpp"

#include <algorithm>

#include "electrodem/core/files.hpp"

namespace electrodem {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool is_index(const std::string& s) {
  return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Json read_json_file(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  try {
    return Json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const Json::parse_error& e) {
    // Translate the byte offset into line:column for the message.
    const std::size_t pos = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n');
    const std::size_t last_nl = text.rfind('\n', pos == 0 ? 0 : pos - 1);
    const std::size_t col = last_nl == std::string::npos ? pos + 1 : pos - last_nl;
    std::string what = e.what();
    if (auto k = what.find("syntax error"); k != std::string::npos) what = what.substr(k);
    throw InputError(file.string() + ":" + std::to_string(line) + ":" + std::to_string(col), "",
                     "invalid JSON (" + what + ")");
  }
}

const Json* find_path(const Json& config, const std::string& path) {
  const Json* node = &config;
  for (const auto& part : split_path(path)) {
    if (node->is_object()) {
      auto it = node->find(part);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array() && is_index(part) && std::stoul(part) < node->size()) {
      node = &(*node)[std::stoul(part)];
    } else {
      return nullptr;
    }
  }
  return node;
}

void apply_override(Json& config, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("--set", assignment, "expected path=value, e.g. press.pressure=200MPa");
  const std::string path = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  Json value;
  try {
    value = Json::parse(text);
  } catch (const Json::parse_error&) {
    value = text;  // not JSON: a plain string such as 200MPa
  }
  const auto parts = split_path(path);
  Json* node = &config;
  std::string walked;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::string& part = parts[k];
    const bool last = k + 1 == parts.size();
    if (part.empty()) throw InputError("--set " + path, "", "empty path component");
    walked += (walked.empty() ? "" : ".") + part;
    if (node->is_array()) {
      if (!is_index(part) || std::stoul(part) > node->size())
        throw InputError("--set " + walked, "", "an index in [0, " + std::to_string(node->size()) + "] of the array");
      const std::size_t i = std::stoul(part);
      if (i == node->size()) node->push_back(last ? value : Json::object());
      node = &(*node)[i];
    } else {
      if (node->is_null()) *node = Json::object();
      if (!node->is_object())
        throw InputError("--set " + walked, show(*node), "cannot descend into a " + std::string(node->type_name()));
      node = &(*node)[part];
    }
    if (last) *node = value;
  }
}

}  // namespace electrodem
