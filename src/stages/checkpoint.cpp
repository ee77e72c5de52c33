// checkpoints/<stage>.ckpt: the resolved config, the list of completed stages
// and the whole DEM state (dem::save: particles, contacts with history, walls,
// time), so `--from` continues bitwise identically. The electrochemical state
// is not checkpointed: a cycle stage always starts from the pressed electrode.
#include <sstream>

#include "electrodem/dem/checkpoint.hpp"
#include "electrodem/io/checkpoint.hpp"
#include "stage.hpp"

namespace electrodem::stages {

State load_checkpoint(const std::filesystem::path& file, const RunConfig& /*config*/) {
  const io::Checkpoint ck = io::Checkpoint::read(file);
  State state;
  Json meta;
  try {
    meta = Json::parse(ck.bytes("state"));
    state.completed = meta.at("completed").get<std::vector<std::string>>();
  } catch (const Json::exception& e) {
    throw InputError(file.string(), "", std::string("a checkpoint written by electrodem (state section: ") + e.what() + ")");
  }
  if (ck.has("dem")) {
    std::istringstream is(ck.bytes("dem"));
    state.system.emplace(dem::load(is));
  }
  return state;
}

}  // namespace electrodem::stages
