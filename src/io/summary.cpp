// summary.json writer.
#include "electrodem/io/summary.hpp"

#include "electrodem/core/error.hpp"
#include "electrodem/core/files.hpp"

namespace electrodem::io {

Summary::Summary(std::filesystem::path file, bool keep_existing) : file_(std::move(file)) {
  if (!keep_existing || !std::filesystem::exists(file_)) return;
  try {
    json_ = Json::parse(read_file(file_));
  } catch (const Json::parse_error& e) {
    throw InputError(file_.string(), "", std::string("valid JSON (") + e.what() + ")");
  }
  if (!json_.is_object()) throw InputError(file_.string(), show(json_), "a JSON object of stages");
}

void Summary::set_stage(const std::string& stage, Json values) {
  json_[stage] = std::move(values);
  write();
}

void Summary::set(const std::string& stage, const std::string& key, Json value) {
  if (!json_.contains(stage) || !json_[stage].is_object()) json_[stage] = Json::object();
  json_[stage][key] = std::move(value);
  write();
}

void Summary::write() const {
  // NaN/inf have no JSON form; nlohmann writes them as null, which readers
  // (Python json, pandas) load as None/NaN.
  write_file_atomic(file_, json_.dump(2) + "\n");
}

}  // namespace electrodem::io
