#include "electrodem/dem/packing_generate.hpp"
#include "stage.hpp"

namespace electrodem::stages {

// Builds the loose packing (RSA or CSV import) and the DEM system on it.
void generate_stage(StageContext& ctx) {
  const RunConfig& cfg = ctx.config;
  dem::GenerationReport rep;
  dem::Packing packing = dem::build_packing(cfg.packing, cfg.materials, cfg.seed, &rep);
  ctx.log.info("[generate] " + std::to_string(packing.size()) + " particles in a " + fmt(packing.footprint[0] * 1e6) +
               " x " + fmt(packing.footprint[1] * 1e6) + " x " + fmt(packing.height * 1e6) + " um box");
  const double box_volume = packing.footprint[0] * packing.footprint[1] * packing.height;
  double solid = 0.0;
  for (double r : packing.radius) solid += 4.0 / 3.0 * constants::pi * r * r * r;
  Summary s;
  s.emplace_back("particle count [-]", static_cast<double>(packing.size()));
  s.emplace_back("solid fraction [-]", solid / box_volume);
  s.emplace_back("height [m]", packing.height);
  if (cfg.packing.import_file) {
    s.emplace_back("imported [-]", 1.0);
  } else {
    s.emplace_back("height growths [-]", rep.height_growths);
    for (std::size_t c = 0; c < rep.fractions.size(); ++c) {
      const auto& name = cfg.materials[static_cast<std::size_t>(cfg.packing.components[c].material)].name;
      s.emplace_back("fraction " + name + " [-]", rep.fractions[c]);
      s.emplace_back("count " + name + " [-]", static_cast<double>(rep.counts[c]));
    }
  }
  ctx.state.system.emplace(packing, cfg.materials, cfg.dem);
  ctx.state.packing = std::move(packing);
  ctx.out.add_summary("generate", s);
  ctx.out.write_frame(ctx.state);
}

}  // namespace electrodem::stages
