// Electrochemistry against analytic limits: zero current, the single-particle
// model (constant-flux sphere diffusion series + Butler-Volmer), C/100 capacity.
#include <gtest/gtest.h>

#include <cmath>

#include "electrodem/core/constants.hpp"
#include "electrodem/solvers/echem_protocol.hpp"
#include "electrodem/solvers/electrochem.hpp"
#include "electrodem/solvers/ocv.hpp"
#include "test_echem_fixtures.hpp"

namespace electrodem::solvers {
namespace {

constexpr double F = constants::faraday;

// Surface concentration change of a sphere (radius R, diffusivity D) from a
// uniform start under a constant outward flux J [mol/m^2/s] (Carslaw & Jaeger
// 1959, §9.3; Crank 1975, eq. 6.60 form):
//   c(R,t) - c0 = -(J R / D) [3 tau + 1/5 - 2 sum_n exp(-l_n^2 tau) / l_n^2],
// tau = D t / R^2, l_n the positive roots of tan l = l.
class ConstantFluxSphere {
 public:
  explicit ConstantFluxSphere(int terms = 4000) {
    for (int n = 1; n <= terms; ++n) {
      double lo = n * constants::pi, hi = lo + constants::pi / 2 - 1e-12;
      for (int it = 0; it < 200; ++it) {  // bisection on sin l - l cos l
        const double mid = 0.5 * (lo + hi);
        (std::sin(mid) - mid * std::cos(mid)) * (n % 2 ? -1 : 1) > 0 ? hi = mid : lo = mid;
      }
      roots_.push_back(0.5 * (lo + hi));
    }
  }
  double bracket(double tau) const {
    double s = 0.0;
    for (double l : roots_) s += std::exp(-l * l * tau) / (l * l);
    return 3.0 * tau + 0.2 - 2.0 * s;
  }

 private:
  std::vector<double> roots_;
};

TEST(EchemSpm, SeriesStartsAtZero) {
  // sum 1/l_n^2 = 1/10, so the bracket vanishes at t = 0 (to the truncated tail).
  ConstantFluxSphere s;
  EXPECT_NEAR(s.bracket(0.0), 0.0, 2.0 / (constants::pi * constants::pi * 4000));
}

TEST(EchemSpm, ZeroCurrentVoltageIsOcvExactly) {
  const auto mats = test::ncm_lpscl();
  const double r = 4e-6;
  auto g = test::lattice(3, 3, 3, r, 0.3 * r, 0.5);
  ElectrochemSystem sys(g, mats, {});
  const double x0 = mats[0].echem.initial_lithiation;
  StepResult res = sys.try_step(100.0, Control::current, 0.0);
  ASSERT_TRUE(res.converged);
  sys.accept();
  EXPECT_NEAR(sys.voltage(), sys.ocv(0, x0), 1e-12);
  EXPECT_NEAR(sys.current(), 0.0, 1e-20);
  // After a discharge pulse and a long rest the voltage relaxes onto U(mean x).
  CycleParams p;
  ProtocolStep d, rest;
  d.kind = ProtocolStep::Kind::charge, d.rate = {Rate::Kind::c_rate, 1.0}, d.until_time = 600;
  rest.kind = ProtocolStep::Kind::rest,
  rest.until_time = 400 * 3600.0;  // >> the inter-particle equilibration time (~1 h)
  p.protocol = {d, rest};
  p.max_time_step = 1800;  // implicit Euler decays only as 1/(1 + dt/tau) per step
  run_protocol(sys, p);
  // All utilisable particles end at the same lithiation, and V at its OCV.
  const auto x = sys.mean_lithiation();
  double u_lo = 1e9, u_hi = -1e9;
  for (std::size_t p2 = 0; p2 < x.size(); ++p2)
    if (sys.reacting()[p2]) {
      const double u = sys.ocv(0, x[p2]);
      u_lo = std::min(u_lo, u), u_hi = std::max(u_hi, u);
    }
  EXPECT_LT(std::abs(sys.voltage() - u_lo), 1e-9);
  EXPECT_LT(std::abs(sys.voltage() - u_hi), 1e-9);
  EXPECT_LT(std::abs(sys.current()), 1e-9 * sys.one_c_current());
}

struct SpmCase {
  int particles;
  double c_rate;
};

// One (or several identical, parallel) AM particle(s) with near-ideal network
// conductivities discharged at constant current: V(t) must equal
//   U(x_surf(t)) + eta_BV(AM) + eta_BV(Li counter electrode)
// with x_surf from the series solution.
void check_spm(const SpmCase& c, double* max_err_mV = nullptr) {
  const auto mats = test::ncm_lpscl(1e7, 1e7);
  const auto& e = mats[0].echem;
  const double R = 5e-6, a_rx = 2e-6, a_t = 3e-6, area = 16 * R * R * c.particles;
  auto g = test::parallel_pairs(c.particles, R, 2e-6, a_rx, a_t, area);
  EchemOptions o;
  o.shells = 20;
  const double x0 = 0.30;
  // Start partly delithiated: set through the initial lithiation of a copy.
  auto mats2 = mats;
  mats2.materials[0].echem.initial_lithiation = x0;
  ElectrochemSystem spm(g, mats2, o);
  const double i_cell = -c.c_rate * spm.one_c_current();  // discharge
  const double i_p = i_cell / c.particles;
  const double J = i_p / (F * 4 * constants::pi * R * R);  // outward [mol/m^2/s]
  const double D = e.diffusivity, f = F / (constants::gas_constant * o.temperature);
  ConstantFluxSphere series;
  const double duration = 0.45 / c.c_rate * 3600.0;  // x rises by ~0.29
  const double dt = duration / 600;
  double t = 0.0, max_err = 0.0;
  for (int k = 0; k < 600; ++k) {
    const StepResult r = spm.try_step(dt, Control::current, i_cell);
    ASSERT_TRUE(r.converged) << "step " << k;
    spm.accept();
    t += dt;
    const double xs = x0 - J * R / (D * e.max_concentration) * series.bracket(D * t / (R * R));
    const double cs = e.max_concentration * xs;
    const double i0 = F * e.rate_constant *
                      std::sqrt(o.electrolyte_concentration * cs * (e.max_concentration - cs));
    const double eta = 2.0 / f * std::asinh(i_p / (2.0 * constants::pi * a_rx * a_rx * i0));
    const double eta_ce =
        2.0 / f * std::asinh(-i_cell / (2.0 * area * o.counter.exchange_current_density));
    const double v_ref = spm.ocv(0, xs) + eta - eta_ce;
    // Skip the first 1 % of the discharge: implicit Euler cannot follow the sqrt(t) start.
    if (t > 0.01 * duration) max_err = std::max(max_err, std::abs(spm.voltage() - v_ref));
  }
  EXPECT_LT(max_err, 1e-3) << c.particles << " particles at " << c.c_rate << "C";
  if (max_err_mV) *max_err_mV = max_err * 1e3;
  std::printf("SPM %d particle(s) at %gC: max |V - V_ref| = %.4f mV\n", c.particles, c.c_rate,
              max_err * 1e3);
}

TEST(EchemSpm, SingleParticleMatchesAnalyticSpm) {
  check_spm({1, 1.0});
}
TEST(EchemSpm, IdenticalParallelParticlesMatchAnalyticSpm) {
  check_spm({8, 0.5});
}

TEST(EchemSpm, CapacityAtC100EqualsTheoreticalUtilisable) {
  const auto mats = test::ncm_lpscl(1e3, 1e3);
  const double r = 3e-6;
  auto g = test::lattice(3, 3, 3, r, 0.3 * r, 0.5, 3);  // 58 % of the AM is utilisable
  ElectrochemSystem sys(g, mats, {});
  ASSERT_GT(sys.utilisable_fraction(), 0.3);
  ASSERT_LT(sys.utilisable_fraction(), 0.9);
  CycleParams p;
  ProtocolStep c, d;
  c.kind = ProtocolStep::Kind::charge, c.rate = {Rate::Kind::c_rate, 0.01}, c.until_voltage = 4.3;
  d.kind = ProtocolStep::Kind::discharge, d.rate = {Rate::Kind::c_rate, 0.01},
  d.until_voltage = 2.5;
  p.protocol = {c, d};
  const ProtocolResult res = run_protocol(sys, p);
  const double q_dis = get(res.cycles.at(0), "utilisation of utilisable AM [-]");
  std::printf(
      "C/100: discharge / theoretical utilisable capacity = %.5f (utilisable fraction %.3f)\n",
      q_dis, sys.utilisable_fraction());
  EXPECT_NEAR(q_dis, 1.0, 0.02);
  EXPECT_NEAR(get(res.cycles.at(0), "coulombic efficiency [-]"), 1.0, 0.02);
}

}  // namespace
}  // namespace electrodem::solvers
