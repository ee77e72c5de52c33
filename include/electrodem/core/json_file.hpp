#pragma once
// Reading JSON files with errors that name file:line:column, and the
// `--set path=value` overrides of the CLI.
#include <filesystem>
#include <string>

#include "electrodem/core/config_node.hpp"

namespace electrodem {

// Parses a JSON file; syntax errors become InputError("file:line:col", ...).
Json read_json_file(const std::filesystem::path& file);

// Applies "a.b.2.c=value": the value is read as JSON when it parses as JSON
// (numbers, arrays, objects, true/false, null) and as a string otherwise.
// Missing objects on the way are created; array indices must exist (or be
// the one-past-the-end index, which appends). Throws InputError.
void apply_override(Json& config, const std::string& assignment);

// Value at a dotted path, or nullptr.
const Json* find_path(const Json& config, const std::string& path);

}  // namespace electrodem
