#pragma once
// summary.json: one object per stage with unit-bearing keys
// ({"press": {"relative density at max pressure [-]": 0.83}, ...}), rewritten
// atomically after each stage so it is always complete and valid JSON.
#include <filesystem>
#include <string>

#include "electrodem/core/config_node.hpp"  // electrodem::Json (ordered)

namespace electrodem::io {

class Summary {
 public:
  // keep_existing: start from the stages already in the file (a stage run
  // alone from a checkpoint adds to the summary of the earlier stages);
  // otherwise start empty. An unreadable existing file throws InputError.
  explicit Summary(std::filesystem::path file, bool keep_existing = false);

  // Replaces the stage's object and rewrites the file.
  void set_stage(const std::string& stage, Json values);
  // Sets one key of a stage (creating the stage) and rewrites the file.
  void set(const std::string& stage, const std::string& key, Json value);

  const Json& json() const { return json_; }
  const std::filesystem::path& path() const { return file_; }

 private:
  void write() const;
  std::filesystem::path file_;
  Json json_ = Json::object();
};

}  // namespace electrodem::io
