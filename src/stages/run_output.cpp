#include <sstream>

#include "electrodem/core/files.hpp"
#include "electrodem/dem/checkpoint.hpp"
#include "electrodem/dem/stress.hpp"
#include "electrodem/io/checkpoint.hpp"
#include "electrodem/io/csv_series.hpp"
#include "electrodem/io/pvd.hpp"
#include "electrodem/io/run_dir.hpp"
#include "electrodem/io/summary.hpp"
#include "stage.hpp"

namespace electrodem::stages {

struct RunOutput::Impl {
  Impl(const RunConfig& cfg, const io::RunDir& d)
      : config(cfg),
        dir(d),
        summary(d.summary()),
        particles(d.vtk, "particles"),
        contacts(d.vtk, "contacts"),
        walls(d.vtk, "walls") {}
  const RunConfig& config;
  io::RunDir dir;
  io::Summary summary;
  std::unique_ptr<io::CsvSeries> timeseries;
  io::FrameSeries particles, contacts, walls;
};

RunOutput::RunOutput(const RunConfig& config, Logger& log) {
  const io::RunDir d = io::RunDir::create(config.output.dir);
  dir_ = d.root;
  impl_ = std::make_unique<Impl>(config, d);
  write_file_atomic(d.resolved_config(), config.resolved.dump(2) + "\n");
  log.open_file(d.log());
}

RunOutput::~RunOutput() = default;

void RunOutput::add_summary(const std::string& stage, const Summary& values) {
  Json obj = Json::object();
  for (const auto& [k, v] : values) obj[k] = v;
  impl_->summary.set_stage(stage, std::move(obj));
}

void RunOutput::add_summary_json(const std::string& stage, const Json& values) {
  impl_->summary.set_stage(stage, values);
}

void RunOutput::mark_complete() {
  impl_->summary.set("run", "complete", true);
}

void RunOutput::add_sample(const std::string& stage, const Summary& sample) {
  if (!impl_->timeseries)
    impl_->timeseries = std::make_unique<io::CsvSeries>(impl_->dir.timeseries());
  Summary row;
  row.reserve(sample.size() + 1);
  const double index = static_cast<double>(
      std::find(kStageNames.begin(), kStageNames.end(), stage) - kStageNames.begin());
  row.emplace_back("stage [-]", index);
  row.insert(row.end(), sample.begin(), sample.end());
  impl_->timeseries->write(row);
}

}  // namespace electrodem::stages

namespace electrodem::stages {
namespace {

std::vector<io::Field> particle_fields(const dem::System& s) {
  const auto& p = s.p;
  std::vector<io::Field> f;
  f.push_back(io::Field::scalar("radius", p.radius));
  f.push_back(io::Field::scalar("solid radius", p.solid_radius));
  f.push_back(io::Field::integers("material", p.material));
  f.push_back(io::Field::integers("id", p.id));
  f.push_back(io::Field::vector3("velocity", p.vx, p.vy, p.vz));
  f.push_back(io::Field::vector3("angular velocity", p.wx, p.wy, p.wz));
  f.push_back(io::Field::vector3("force", p.fx, p.fy, p.fz));
  const dem::ParticleStress st = dem::particle_stress(s);
  std::vector<double> tensor;
  tensor.reserve(9 * st.tensor.size());
  for (const auto& t : st.tensor)
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) tensor.push_back(t(r, c));
  f.push_back(io::Field::tensor("stress", std::move(tensor)));
  f.push_back(io::Field::scalar("hydrostatic stress", st.hydrostatic));
  f.push_back(io::Field::integers("coordination", st.coordination));
  return f;
}

// Loaded pair contacts (a > 0: the edges of the contact network, in the same
// order) as segments from particle i to the minimum image of j, so a contact
// across the periodic boundary is drawn where it acts.
void write_contacts(const dem::System& s, const std::filesystem::path& file,
                    const std::vector<io::Field>& extra) {
  const dem::ContactExport c = dem::export_contacts(s, /*include_walls=*/false);
  std::vector<double> ax, ay, az, bx, by, bz;
  for (std::size_t k = 0; k < c.size(); ++k) {
    ax.push_back(c.from[k].x());
    ay.push_back(c.from[k].y());
    az.push_back(c.from[k].z());
    bx.push_back(c.to[k].x());
    by.push_back(c.to[k].y());
    bz.push_back(c.to[k].z());
  }
  std::vector<io::Field> fields{io::Field::scalar("normal force", c.normal_force),
                                io::Field::scalar("contact radius", c.contact_radius),
                                io::Field::scalar("overlap", c.overlap),
                                io::Field::scalar("plastic overlap", c.plastic_overlap),
                                io::Field::integers("weld state", c.weld)};
  fields.insert(fields.end(), extra.begin(), extra.end());
  io::write_lines_vtp(file, {ax, ay, az}, {bx, by, bz}, fields);
}

}  // namespace

void RunOutput::write_frame(const State& state, const std::vector<io::Field>& particle_extra,
                            const std::vector<io::Field>& contact_extra,
                            std::optional<double> time) {
  if (!impl_->config.output.vtk || !state.system) return;
  const dem::System& s = *state.system;
  auto fields = particle_fields(s);
  fields.insert(fields.end(), particle_extra.begin(), particle_extra.end());
  const double t = time.value_or(s.time());
  const auto pfile = impl_->particles.next_path();
  io::write_points_vtp(pfile, {s.p.x, s.p.y, s.p.z}, fields);
  impl_->particles.commit(t);
  write_contacts(s, impl_->contacts.next_path(), contact_extra);
  impl_->contacts.commit(t);
  const auto wall_mesh = io::horizontal_walls(s.box.lx, s.box.ly, {0.0, s.punch.z});
  const std::vector<double> stress{s.bottom_stress(), s.punch_stress()};
  io::write_polygons_vtp(impl_->walls.next_path(), wall_mesh,
                         {io::Field::scalar("stress", stress)});
  impl_->walls.commit(t);
}

}  // namespace electrodem::stages

namespace electrodem::stages {

void RunOutput::write_checkpoint(const State& state, const std::string& name) {
  io::Checkpoint ck;
  ck.set("config", impl_->config.resolved.dump());
  Json meta = Json::object();
  meta["completed"] = state.completed;
  ck.set("state", meta.dump());
  if (state.system) ck.set("dem", [&](std::ostream& os) { dem::save(*state.system, os); });
  ck.write(dir_ / "checkpoints" / (name + ".ckpt"));
}

}  // namespace electrodem::stages
