// press and release: the DEM drivers, with their samples going to
// timeseries.csv and VTK frames spread evenly over the stage.
#include "electrodem/dem/compaction.hpp"
#include "stage.hpp"

namespace electrodem::stages {
namespace {

dem::Observers observers(StageContext& ctx, const std::string& stage, long long expected_steps) {
  dem::Observers obs;
  obs.sample = [&ctx, stage](const dem::System& s) { ctx.out.add_sample(stage, dem::sample(s)); };
  obs.sample_every = std::max<long long>(100, expected_steps / 400);
  if (ctx.config.output.vtk && ctx.config.output.frames_per_stage > 0) {
    obs.frame = [&ctx](const dem::System&) { ctx.out.write_frame(ctx.state); };
    obs.frame_every = std::max<long long>(1, expected_steps / ctx.config.output.frames_per_stage);
  }
  obs.progress_interval = ctx.config.output.progress_interval;
  return obs;
}

}  // namespace

void press_stage(StageContext& ctx) {
  dem::System& s = *ctx.state.system;
  const auto& prm = ctx.config.press;
  // typical servo presses take 4e4-8e4 steps (affine approach + rate-limited servo + hold)
  const long long expected = prm.mode == "velocity" ? prm.steps : 60000;
  const auto summary = dem::press(s, prm, ctx.log, observers(ctx, "press", expected));
  ctx.out.add_summary("press", summary);
}

void release_stage(StageContext& ctx) {
  dem::System& s = *ctx.state.system;
  const auto summary =
      dem::release(s, ctx.config.release, ctx.log, observers(ctx, "release", 20000));
  ctx.out.add_summary("release", summary);
}

}  // namespace electrodem::stages
