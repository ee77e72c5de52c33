// transport: effective ionic and electronic conductivity of the pressed
// electrode on its contact network (DESIGN.md §3.2).
#include "electrodem/network/extract_graph.hpp"
#include "electrodem/solvers/conduction.hpp"
#include "stage.hpp"

namespace electrodem::stages {

std::vector<io::Field> to_fields(const std::vector<solvers::NamedField>& named) {
  std::vector<io::Field> out;
  out.reserve(named.size());
  for (const auto& f : named) out.push_back(io::Field::scalar(f.name, f.values));
  return out;
}

void transport_stage(StageContext& ctx) {
  const network::ContactGraph graph = network::extract_graph(*ctx.state.system);
  const solvers::TransportResult r = solvers::run_transport(graph, ctx.config.materials, ctx.config.transport, ctx.log);
  ctx.out.add_summary("transport", r.summary);
  ctx.out.write_frame(ctx.state, to_fields(r.particle_fields), to_fields(r.contact_fields));
}

}  // namespace electrodem::stages
