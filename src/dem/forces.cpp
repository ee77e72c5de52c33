// Force evaluation in two deterministic passes, inside one OpenMP parallel region, over the
// thread ranges ("parts") of partition.cpp:
//   1. each thread evaluates the cross pairs that reach into its range from lower ranges (j's
//      side into j's sum, i's side into a result slot), then the pairs within its range (both
//      sides into the sums), only those that need the contact law (compacted first),
//   2. every particle evaluates its wall contacts and adds them to its pair sum (a boundary
//      particle first adds the slots of its row's cross pairs, once the higher ranges that write
//      them have done their cross pairs: no barrier), then applies its second half kick and,
//      within run(), the next step's first half kick and drift.
// Every particle adds its terms in pair order whatever the schedule, so results are bitwise
// identical for any thread count.
//
// Memory traffic (issue 8): the pair kernel gathers particle j from the packed copies geo_/dyn_
// (1-2 cache lines instead of one per array), and within run() those copies are the state that
// pass 2 kicks and moves (p is written back at the run's end: sync_particles). Between threads,
// only the lower ranges' boundary particles (as copies) and the slots of the cross pairs cross
// every step, both read in the order they were written, and both written in streaming stores
// that do not wait for the reader's core to hand the lines back (stream_store.hpp).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>
#include <thread>

#include <omp.h>

#include "contact_kernel.hpp"
#include "electrodem/core/constants.hpp"
#include "electrodem/core/error.hpp"
#include "electrodem/dem/system.hpp"
#include "kick.hpp"
#include "stream_store.hpp"

namespace electrodem::dem {

namespace {
// Volume of a spherical cap of height h cut from a sphere of radius r.
inline double cap_volume(double h, double r) {
  if (h <= 0.0) return 0.0;
  h = std::min(h, 2.0 * r);
  return constants::pi * h * h * (3.0 * r - h) / 3.0;
}

// Lens cap on a particle of radius `own` touching one of radius `other` at overlap delta:
// h = (other^2 - (own - d)^2) / (2 d), d = own + other - delta the centre distance.
inline double lens_cap(double own, double other, double delta) {
  if (!(delta > 0.0)) return 0.0;
  const double d = own + other - delta;
  if (!(d > 0.0)) return 0.0;
  return cap_volume((other * other - (own - d) * (own - d)) / (2.0 * d), own);
}

// Spins until `flag` (written by another thread with release order) reaches `epoch`; yields the
// core after a while in case the writer shares it (more threads than cores).
void wait_for_epoch(long long& flag, long long epoch) {
  const std::atomic_ref<long long> f(flag);
  for (int spins = 0; f.load(std::memory_order_acquire) < epoch; ++spins)
    if (spins > 4096) std::this_thread::yield();
}

// A contact's history as the kernel takes it.
detail::ContactState history(const ContactList& c, std::size_t k) {
  detail::ContactState h{{c.xi_x[k], c.xi_y[k], c.xi_z[k]}, {}, c.delta_max[k], c.bond[k]};
  if (c.rolling) h.mr = {c.mr_x[k], c.mr_y[k], c.mr_z[k]};
  return h;
}

// What the contact law needs of a listed pair (i, j) that does not depend on its history:
// geometry and relative motion at the particles' packed state.
struct PairState {
  V3 n;           // unit contact normal, i towards j
  V3 vrel, wrel;  // velocity of i's contact point relative to j's; omega_i - omega_j
  double dist;    // centre distance
  double delta;   // overlap r_i + r_j - dist
  double ci, cj;  // distances of the contact plane (radical plane) from the centres
  double reff, meff;
};

// PairState of (i, j) at minimum-image separation d, |d|^2 = d2. Shared by the step
// (pair_forces) and the output recompute (pair_results).
template <class Geo, class Dyn>
[[gnu::always_inline]] inline PairState pair_state(const Geo& gi, const Geo& gj, const Dyn& di,
                                                   const Dyn& dj, V3 d, double d2) {
  PairState s;
  const double ri = gi.r, rj = gj.r;
  s.dist = std::sqrt(d2);
  s.delta = ri + rj - s.dist;
  const double inv = 1.0 / s.dist;
  s.n = inv * d;
  s.ci = 0.5 * (s.dist + (ri * ri - rj * rj) * inv);
  s.cj = s.dist - s.ci;
  s.reff = ri * rj / (ri + rj);
  s.meff = di.m * dj.m / (di.m + dj.m);
  const V3 wi{di.wx, di.wy, di.wz}, wj{dj.wx, dj.wy, dj.wz};
  s.vrel = (V3{di.vx, di.vy, di.vz} + cross(wi, s.ci * s.n)) -
           (V3{dj.vx, dj.vy, dj.vz} - cross(wj, s.cj * s.n));
  s.wrel = wi - wj;
  return s;
}

// The contact law for a pair in state s with history h (in/out); pp: its parameters; L: the
// table's pair kernel (contact_kernel.hpp).
template <KernelLaws L = KernelLaws::any>
[[gnu::always_inline]] inline detail::ContactOut pair_law(const PairParams& pp, const PairState& s,
                                                          double dt, detail::ContactState& h) {
  const bool welded = h.bond == WeldState::welded;  // a neck holds across a small gap
  if (!((s.delta > 0.0 || welded) && s.dist > 0.0)) {
    h = detail::ContactState{};
    return {};
  }
  return detail::contact<L>(pp, s.n, s.delta, s.reff, s.meff, s.vrel, s.wrel, dt, h);
}

}  // namespace

void System::sync_particles() {
  sync_cross_history();
  if (!p_behind_) return;
  const long n = static_cast<long>(p.size());
#pragma omp parallel if (n > kParallelMin)
  {
    const auto [i0, i1] = own_particles(omp_get_thread_num(), omp_get_num_threads());
    for (long i = i0; i < i1; ++i) store_state(i, body_from_packed(i));
  }
  p_behind_ = false;
}

void System::pack_particles() {
  sync_particles();  // (within run(), the packed copies are ahead)
  const long n = static_cast<long>(p.size());
  geo_.resize(packed_size());
  dyn_.resize(packed_size());
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (long i = 0; i < n; ++i) pack_particle(i);
}

namespace {
// One listed pair's contact law and what its two particles get from it (the shared body of
// pair_forces and cross_forces, which only store it differently).
struct PairOut {
  V3 f, ti, tj;  // force on i (j gets -f); torques on i and on j
  double lens_i, lens_j;
  bool on;     // the pair has a history (delta_max != 0): its sides are added
  bool fault;  // elastic overlap beyond the limit
  bool plastic;
};

template <KernelLaws L>
[[gnu::always_inline]] inline PairOut pair_out(const PairParams& pp, const PairState& s, double ri,
                                               double rj, double dt, double elastic_limit,
                                               bool lens, detail::ContactState& h) {
  PairOut o;
  const bool hertz = L == KernelLaws::any ? pp.law == NormalLaw::hertz : L == KernelLaws::hertz;
  o.fault = s.delta > elastic_limit * std::min(ri, rj) && hertz;
  const detail::ContactOut out = pair_law<L>(pp, s, dt, h);
  o.plastic = out.plastic;
  // a pair whose history ended (delta_max == 0) adds nothing
  o.on = h.delta_max != 0.0;
  o.f = out.force;
  // torques go straight into the particle sums (not stored per contact: memory, issue 8)
  o.ti = o.on ? cross(s.ci * s.n, o.f) + out.roll_torque : V3{};
  o.tj = o.on ? cross(s.cj * s.n, o.f) - out.roll_torque : V3{};  // lever -cj n, force -f
  o.lens_i = o.on && lens ? lens_cap(ri, rj, s.delta) : 0.0;
  o.lens_j = o.on && lens ? lens_cap(rj, ri, s.delta) : 0.0;
  return o;
}

// Minimum-image separation b - a of two packed records (System::PackGeo), as the kernels gather
// them; holds its own copies of the box so the loops keep them in registers.
template <class Geo>
struct PackedSeparation {
  const Geo* geo;
  bool periodic;
  double lx, ly;
  V3 operator()(int a, int b) const {
    const Geo &ga = geo[a], &gb = geo[b];
    const V3 d{gb.x - ga.x, gb.y - ga.y, gb.z - ga.z};
    return periodic ? minimum_image(d, lx, ly) : d;
  }
};
template <class Geo>  // (clang 14 has no deduction for aggregates)
PackedSeparation(const Geo*, bool, double, double) -> PackedSeparation<Geo>;

// Adds a side (force f, torque t, lens cap) to a particle's sum (System::Side).
template <class Side>
inline void add_side(Side& a, V3 f, V3 t, double lens) {
  a.lens += lens;
  a.fx += f.x, a.fy += f.y, a.fz += f.z;
  a.tx += t.x, a.ty += t.y, a.tz += t.z;
}
}  // namespace

template <KernelLaws L>
void System::pair_forces(long k0, long k1, int j_end, bool lens) {
  const double dt = dt_;
  const double elastic_limit = params.max_elastic_overlap;
  ContactList& c = pairs;
  const bool roll = c.rolling;
  const PackGeo* geo = geo_.data();
  const PackDyn* dyn = dyn_.data();
  Side* acc = acc_.data();
  const PackedSeparation separation{geo, box.lateral == Lateral::periodic, box.lx, box.ly};
  // Pass 1, branch-free: the listed pairs that need the law, i.e. that touch or carry a history
  // to end (apart without history, the common case, needs nothing, not even the gap's square
  // root), and whose j is below j_end (beyond it: a cross pair, another part's; its record is
  // not even read). Whether a pair touches changes from pair to pair at random, so testing it in
  // the kernel loop mispredicts often and each miss throws away the overlapping work of the next
  // pairs; the compacted list keeps the kernel loop free of that branch (issue 8).
  int* active = active_.data() + k0;
  long na = 0;
  for (long k = k0; k < k1; ++k) {
    const int i = c.i[k], j = c.j[k];
    const bool own = j < j_end;
    const int jr = own ? j : i;  // (a select, not a branch)
    const V3 d = separation(i, jr);
    const double rsum = geo[i].r + geo[jr].r;
    active[na] = static_cast<int>(k);
    const int touch = !(dot(d, d) >= rsum * rsum), history = c.delta_max[k] != 0.0;
    na += (touch | history) & static_cast<int>(own);
  }
  // Pass 2: the contact law for those, in increasing pair order. (Computing the states of a
  // block of pairs first, so that their square roots and divisions overlap, was no faster.)
  // The pairs come in rows of equal i (sorted, i < j), and no pair of a later row reaches an
  // earlier row's i, so row i's sum stays in registers while its row runs (`row_sum`), instead
  // of a load and a store of acc[i] per pair; it adds the same terms in the same order.
  int row = -1;
  Side row_sum{};
  for (long q = 0; q < na; ++q) {
    const long k = active[q];
    const int i = c.i[k], j = c.j[k];
    if (i != row) {
      if (row >= 0) acc[row] = row_sum;
      row = i;
      row_sum = acc[i];
    }
    const V3 d = separation(i, j);
    const PairState s = pair_state(geo[i], geo[j], dyn[i], dyn[j], d, dot(d, d));
    detail::ContactState h = history(c, k);
    const PairOut o = pair_out<L>(table(dyn[i].mat, dyn[j].mat), s, geo[i].r, geo[j].r, dt,
                                  elastic_limit, lens, h);
    if (o.fault) {
#pragma omp atomic write
      fault_flag_ = 1;
      fault_particle_ = i;
    }
    c.xi_x[k] = h.xi.x, c.xi_y[k] = h.xi.y, c.xi_z[k] = h.xi.z;
    if (roll) c.mr_x[k] = h.mr.x, c.mr_y[k] = h.mr.y, c.mr_z[k] = h.mr.z;
    c.delta_max[k] = h.delta_max;
    c.bond[k] = h.bond;
    if (o.plastic) c.plastic[k] = 1;
    if (s.delta <= 0.0 && h.bond != WeldState::welded) c.plastic[k] = 0;
    if (o.on) {
      add_side(row_sum, o.f, o.ti, o.lens_i);
      add_side(acc[j], -o.f, o.tj, o.lens_j);  // x + (-f) is x - f exactly in IEEE arithmetic
    }
  }
  if (row >= 0) acc[row] = row_sum;
}

void System::pair_forces_for(KernelLaws laws, long k0, long k1, int j_end, bool lens) {
  switch (laws) {
    case KernelLaws::hertz:
      return pair_forces<KernelLaws::hertz>(k0, k1, j_end, lens);
    case KernelLaws::thornton_ning:
      return pair_forces<KernelLaws::thornton_ning>(k0, k1, j_end, lens);
    case KernelLaws::any:
      return pair_forces<KernelLaws::any>(k0, k1, j_end, lens);
  }
}

// The same law for the cross pairs cross_[q0, q1) of one part (see acc_): i from its copy, the
// history from cross_history_, j's side into acc_, i's into its slot.
template <KernelLaws L>
void System::cross_forces(int q0, int q1, bool lens) {
  const double dt = dt_;
  const double elastic_limit = params.max_elastic_overlap;
  const ContactList& c = pairs;
  const PackGeo* geo = geo_.data();
  const PackDyn* dyn = dyn_.data();
  Side* acc = acc_.data();
  Side* side = side_.data();
  const Cross* cross_pairs = cross_.data();
  CrossHistory* hist = cross_history_.data();
  const PackedSeparation separation{geo, box.lateral == Lateral::periodic, box.lx, box.ly};
  int* active = cross_active_.data() + q0;
  int na = 0;
  for (int q = q0; q < q1; ++q) {
    const int gi = cross_pairs[q].gi, j = c.j[cross_pairs[q].k];
    const V3 d = separation(gi, j);
    const double rsum = geo[gi].r + geo[j].r;
    active[na] = q;
    na += !(dot(d, d) >= rsum * rsum) | (hist[q].delta_max != 0.0);
  }
  for (int a = 0; a < na; ++a) {
    const int q = active[a];
    const Cross& x = cross_pairs[q];
    const int gi = x.gi, j = c.j[x.k];
    const V3 d = separation(gi, j);
    const PairState s = pair_state(geo[gi], geo[j], dyn[gi], dyn[j], d, dot(d, d));
    CrossHistory& ch = hist[q];
    detail::ContactState h{{ch.xi_x, ch.xi_y, ch.xi_z}, {}, ch.delta_max, ch.bond};
    if (c.rolling) h.mr = {ch.mr_x, ch.mr_y, ch.mr_z};
    const PairOut o = pair_out<L>(table(dyn[gi].mat, dyn[j].mat), s, geo[gi].r, geo[j].r, dt,
                                  elastic_limit, lens, h);
    if (o.fault) {
#pragma omp atomic write
      fault_flag_ = 1;
      fault_particle_ = c.i[x.k];
    }
    ch.xi_x = h.xi.x, ch.xi_y = h.xi.y, ch.xi_z = h.xi.z;
    if (c.rolling) ch.mr_x = h.mr.x, ch.mr_y = h.mr.y, ch.mr_z = h.mr.z;
    ch.delta_max = h.delta_max;
    ch.bond = h.bond;
    if (o.plastic) ch.plastic = 1;
    if (s.delta <= 0.0 && h.bond != WeldState::welded) ch.plastic = 0;
    stream_store(side[x.slot],
                 Side{o.f.x, o.f.y, o.f.z, o.ti.x, o.ti.y, o.ti.z, o.lens_i, o.on ? 1.0 : 0.0});
    if (o.on) add_side(acc[j], -o.f, o.tj, o.lens_j);
  }
}

void System::cross_forces_for(KernelLaws laws, int q0, int q1, bool lens) {
  switch (laws) {
    case KernelLaws::hertz:
      return cross_forces<KernelLaws::hertz>(q0, q1, lens);
    case KernelLaws::thornton_ning:
      return cross_forces<KernelLaws::thornton_ning>(q0, q1, lens);
    case KernelLaws::any:
      return cross_forces<KernelLaws::any>(q0, q1, lens);
  }
}

// The copies of boundary particles [q0, q1) of the list into the cache, ahead of the cross pairs
// that read them: about 1.5 lines per particle, written by another core in the previous step.
void System::prefetch_halo(int q0, int q1) const {
  const std::size_t h0 = p.size() + halo_pad_;
  for (std::size_t h = h0 + static_cast<std::size_t>(q0); h < h0 + static_cast<std::size_t>(q1);
       ++h) {
    __builtin_prefetch(&geo_[h]);
    __builtin_prefetch(&dyn_[h]);
  }
}

void System::store_halo(long q, long i) {
  const std::size_t h = p.size() + halo_pad_ + static_cast<std::size_t>(q);
  stream_store(geo_[h], geo_[i]);
  stream_store(dyn_[h], dyn_[i]);
}

// Wall contact k (its particle's positions and half-step velocities, as in the pair kernel).
void System::wall_contact(long k) {
  const double dt = dt_;
  WallContacts& c = walls;
  const int nm = table.materials();
  const int i = c.i[k], w = c.j[k];
  const PackGeo& g = geo_[i];  // the state within run() (see geo_)
  const PackDyn& v = dyn_[i];
  double dist = 0.0;  // centre to wall plane
  V3 n, vwall;
  switch (w) {
    case WallId::bottom:
      dist = g.z, n = {0, 0, -1};
      break;
    case WallId::top:
      dist = punch.z - g.z, n = {0, 0, 1}, vwall = {0, 0, punch.v};
      break;
    case WallId::x_lo:
      dist = g.x, n = {-1, 0, 0};
      break;
    case WallId::x_hi:
      dist = box.lx - g.x, n = {1, 0, 0};
      break;
    case WallId::y_lo:
      dist = g.y, n = {0, -1, 0};
      break;
    default:
      dist = box.ly - g.y, n = {0, 1, 0};
      break;
  }
  const double ri = g.r;
  const double delta = ri - dist;
  c.overlap[k] = delta;
  detail::ContactState h = history(c, k);
  const PairParams& pp = table(v.mat, nm);
  const double lever = std::max(dist, 0.0);
  if (pp.law == NormalLaw::hertz && delta > params.max_elastic_overlap * ri) {
#pragma omp atomic write
    fault_flag_ = 1;
    fault_particle_ = i;
  }
  const V3 wi{v.wx, v.wy, v.wz};
  const V3 vrel = V3{v.vx, v.vy, v.vz} + cross(wi, lever * n) - vwall;
  const detail::ContactOut out = detail::contact(pp, n, delta, ri, v.m, vrel, wi, dt, h);
  c.xi_x[k] = h.xi.x, c.xi_y[k] = h.xi.y, c.xi_z[k] = h.xi.z;
  if (c.rolling) c.mr_x[k] = h.mr.x, c.mr_y[k] = h.mr.y, c.mr_z[k] = h.mr.z;
  c.delta_max[k] = h.delta_max;
  c.bond[k] = h.bond;  // walls never weld (PairTable)
  if (out.plastic) c.plastic[k] = 1;
  if (delta <= 0.0) c.plastic[k] = 0;
  c.fn[k] = out.fn;
  c.a[k] = out.a;
  wall_torque_[k] = cross(lever * n, out.force) + out.roll_torque;
  c.f_x[k] = out.force.x, c.f_y[k] = out.force.y, c.f_z[k] = out.force.z;
}

template <System::SumSet Set, System::PassOptions O>
void System::accumulate(long i0, long i1, bool kick, double hdt, const DriftParams* next,
                        Moved& moved) {
  const double g = params.gravity;
  Moved m = moved;  // in registers
  // SumSet::boundary: [i0, i1) indexes the list of boundary particles (halo_src_)
  for (long q = i0; q < i1; ++q) {
    const long i = Set == SumSet::boundary ? halo_src_[q] : q;
    const bool interior = Set == SumSet::all || !edge_[i];
    if ((Set == SumSet::interior && !interior) || (Set == SumSet::boundary && interior)) continue;
    Body b = body_from_packed(i);  // the state within run() (see geo_)
    const Side& a = acc_[i];       // pair sums, in pair order
    double fx = a.fx, fy = a.fy, fz = a.fz, tx = a.tx, ty = a.ty, tz = a.tz, lens = a.lens;
    if constexpr (Set == SumSet::boundary) {  // then its row's cross pairs, in pair order
      const Side* side = side_.data();
      for (int s = edge_slot_[q]; s < edge_slot_[q + 1]; ++s) {
        const Side& r = side[s];
        if (r.on == 0.0) continue;  // no contact, no force
        lens += r.lens;
        fx += r.fx, fy += r.fy, fz += r.fz;
        tx += r.tx, ty += r.ty, tz += r.tz;
      }
    }
    for (int k = wall_start_[i]; k < wall_start_[i + 1]; ++k) {
      wall_contact(k);
      fx += walls.f_x[k], fy += walls.f_y[k], fz += walls.f_z[k];
      tx += wall_torque_[k].x, ty += wall_torque_[k].y, tz += wall_torque_[k].z;
      lens += cap_volume(walls.overlap[k], b.r);
    }
    if (!std::isfinite(fx + fy + fz + tx + ty + tz)) {
#pragma omp atomic write
      fault_flag_ = 2;
      fault_particle_ = static_cast<int>(i);
    }
    // the sums are state only after the last evaluation of a run (run()): within it, both half
    // kicks and the growth take them from here (memory traffic, issue 8)
    if (!next) {
      p.fx[i] = fx, p.fy[i] = fy, p.fz[i] = fz;
      p.tx[i] = tx, p.ty[i] = ty, p.tz[i] = tz;
      p.lens_volume[i] = lens;
    }
    double im = 0.0, ii = 0.0;
    if (kick) {
      im = hdt / b.m, ii = hdt / p.inertia[i];
      kick_particle<O.damping>(b, {fx, fy, fz}, {tx, ty, tz}, im, ii);
    }
    if (next) {  // the next step's pass A: the packed copy alone moves on (p lags behind)
      if (!kick || next->hdt != hdt) im = next->hdt / b.m, ii = next->hdt / p.inertia[i];
      kick_particle<O.damping>(b, {fx, fy, fz}, {tx, ty, tz}, im, ii);
      move_particle<O.grow>(i, b, *next, lens, m);
      store_packed(i, b);
      if constexpr (Set == SumSet::boundary) store_halo(q, i);
      start_sum(i, g);  // the next evaluation's pair sum
    } else if (kick) {
      store_state(i, b);  // also brings p up to date after a run's earlier steps
    }
  }
  moved = m;
}

template <System::SumSet Set>
void System::accumulate_for(PassOptions o, long i0, long i1, bool kick, double hdt,
                            const DriftParams* next, Moved& moved) {
  if (o.damping && o.grow)
    return accumulate<Set, PassOptions{true, true}>(i0, i1, kick, hdt, next, moved);
  if (o.damping) return accumulate<Set, PassOptions{true, false}>(i0, i1, kick, hdt, next, moved);
  if (o.grow) return accumulate<Set, PassOptions{false, true}>(i0, i1, kick, hdt, next, moved);
  accumulate<Set, PassOptions{false, false}>(i0, i1, kick, hdt, next, moved);
}

// Every particle sums its pair contributions in increasing pair order, then its wall contacts.
// One thread gets that order by adding each pair's result to both particles as the pairs are
// evaluated in order (no second pass over the pairs); several threads write each side of a
// pair's result into its particle's slot and sum the slots per particle. The additions and their
// order are the same, so both paths give bitwise the same forces.
void System::evaluate_forces(bool kick, double hdt, const DriftParams* next, Moved* moved,
                             bool primed) {
  const ForcePass f = begin_forces(kick, hdt, next, primed);
  Moved all;
  WallLoads loads;
  if (parallel_forces()) {
    prepare_parts(primed);
    const long long epoch = ++force_epoch_;
    double d2 = 0.0, dg = 0.0, r = 0.0;
#pragma omp parallel reduction(max : d2, dg, r)
    {
      Moved m;
      part_pass(f, epoch, m);
      d2 = std::max(d2, m.d2), dg = std::max(dg, m.dg), r = std::max(r, m.r);
    }
    all = {d2, dg, r};
    forces_.end_step();
    loads = combined_wall_loads();
    if (!next) sync_cross_history();  // `pairs` is current after a run
  } else {
    const long n = static_cast<long>(p.size());
    halo_stale_ = true;
    if (!primed)
      for (long i = 0; i < n; ++i) start_sum(i, params.gravity);
    pair_forces_for(f.laws, 0, static_cast<long>(pairs.size()), static_cast<int>(n), f.lens);
    accumulate_for<SumSet::all>(f.opts, 0, n, kick, hdt, next, all);
    loads = wall_loads(0, static_cast<long>(walls.size()));
  }
  if (moved) *moved = all;
  end_forces(loads, kick, next != nullptr);
}

System::ForcePass System::begin_forces(bool kick, double hdt, const DriftParams* next,
                                       bool primed) {
  sync_rolling();  // the table is public: rolling springs follow it
  wall_torque_.resize(walls.size());
  acc_.resize(p.size());
  active_.resize(pairs.size());
  // the lens volumes feed the radius growth and are stored by the last evaluation of a run only
  // (accumulate): without growth the others skip their two divisions per contact
  const bool lens = next == nullptr || next->grow;
  return {kick,
          hdt,
          next,
          primed,
          lens,
          table.pair_kernel(materials_present_),
          {params.local_damping > 0.0, next != nullptr && next->grow}};
}

bool System::parallel_forces() const {
  const long work = std::max(static_cast<long>(pairs.size()), static_cast<long>(p.size()));
  return work > kParallelMin && omp_get_max_threads() > 1;
}

// The thread partition (partition.cpp) for this evaluation: rebuilt after a neighbour rebuild,
// a change of thread count or a measured imbalance.
void System::prepare_parts(bool primed) {
  if (part_threads_ != omp_get_max_threads() || forces_.rebalance_due(kRebalanceSteps))
    build_partition(omp_get_max_threads());
  if (!primed || halo_stale_) refresh_halo();
  if (cross_done_.size() != static_cast<std::size_t>(part_threads_)) {
    cross_done_.assign(static_cast<std::size_t>(part_threads_), PartEpoch{});
    halo_done_.assign(static_cast<std::size_t>(part_threads_), PartEpoch{});
  }
  wall_loads_.resize(static_cast<std::size_t>(part_threads_));
  history_behind_ = true;
}

// The calling thread's parts of evaluation `epoch` (inside a parallel region). Each thread
// starts the sums of its own particles (only it adds to them), evaluates its cross pairs and
// says so, then its own pairs. Then it sums its boundary particles, once the parts that write
// their slots are done with their cross pairs (the higher parts, which do them first: there is
// no wait in practice), and says so; then its interior particles. A particle's next pass A
// (`next`) rewrites its packed copy, which no other part reads, and, for a boundary particle,
// its halo copy, which the higher parts' cross pairs read: those are over by then (the same
// wait). Last, a part with lower parts pulls their new halo copies into its cache while the
// others finish (the next step's cross pairs begin with them; it would wait for them anyway).
void System::part_pass(const ForcePass& f, long long epoch, Moved& m) {
  const int nt = omp_get_num_threads();
  const int* start = forces_.start().data();
  const double g = params.gravity;
  for (int part = omp_get_thread_num(); part < part_threads_; part += nt) {
    const double t0 = omp_get_wtime();
    const int i0 = start[part], i1 = start[part + 1];
    prefetch_halo(0, halo_part_[part]);
    if (!f.primed)
      for (int i = i0; i < i1; ++i) start_sum(i, g);
    cross_forces_for(f.laws, cross_part_[part], cross_part_[part + 1], f.lens);
    stream_fence();  // the slots before the flag
    std::atomic_ref<long long>(cross_done_[part].epoch).store(epoch, std::memory_order_release);
    pair_forces_for(f.laws, row_start_[i0], row_start_[i1], i1, f.lens);
    forces_.add_busy(part, omp_get_wtime() - t0);
  }
  for (int part = omp_get_thread_num(); part < part_threads_; part += nt) {
    for (int q = part + 1; q < part_threads_; ++q) wait_for_epoch(cross_done_[q].epoch, epoch);
    const double t0 = omp_get_wtime();
    accumulate_for<SumSet::boundary>(f.opts, halo_part_[part], halo_part_[part + 1], f.kick, f.hdt,
                                     f.next, m);
    stream_fence();  // the halo copies before the flag
    std::atomic_ref<long long>(halo_done_[part].epoch).store(epoch, std::memory_order_release);
    accumulate_for<SumSet::interior>(f.opts, start[part], start[part + 1], f.kick, f.hdt, f.next,
                                     m);
    wall_loads_[part] = wall_loads(wall_start_[start[part]], wall_start_[start[part + 1]]);
    forces_.add_busy(part, omp_get_wtime() - t0);
  }
  if (f.next)
    for (int part = omp_get_thread_num(); part < part_threads_; part += nt)
      for (int q = 0; q < part; ++q) {
        wait_for_epoch(halo_done_[q].epoch, epoch);
        prefetch_halo(halo_part_[q], halo_part_[q + 1]);
      }
}

// After the last evaluation of a run or a segment: the wall loads, and whether p lags behind.
void System::end_forces(const WallLoads& loads, bool kick, bool moved_on) {
  if (moved_on)
    p_behind_ = true;  // the packed copies moved on alone
  else if (kick)
    p_behind_ = false;  // the kick wrote every particle's state
  punch.force = loads.top;
  bottom_force_ = loads.bottom;
}

System::WallLoads System::wall_loads(long k0, long k1) const {
  WallLoads w;
  for (long k = k0; k < k1; ++k) {
    if (walls.j[k] == WallId::top) w.top -= walls.f_z[k], ++w.n_top;
    if (walls.j[k] == WallId::bottom) w.bottom += walls.f_z[k], ++w.n_bottom;
  }
  return w;
}

System::WallLoads System::combined_wall_loads() const {
  WallLoads w;
  int top_parts = 0, bottom_parts = 0;
  for (const WallLoads& part : wall_loads_) {
    if (part.n_top > 0) w.top = part.top, ++top_parts;
    if (part.n_bottom > 0) w.bottom = part.bottom, ++bottom_parts;
  }
  if (top_parts > 1 || bottom_parts > 1) return wall_loads(0, static_cast<long>(walls.size()));
  return w;
}

ContactResults System::pair_results() const {
  const long m = static_cast<long>(pairs.size());
  ContactResults r;
  for (auto* v : {&r.overlap, &r.fn, &r.a, &r.f_x, &r.f_y, &r.f_z})
    v->assign(static_cast<std::size_t>(m), 0.0);
  const auto geo = [this](int i) { return PackGeo{p.x[i], p.y[i], p.z[i], p.radius[i]}; };
  const auto dyn = [this](int i) {
    return PackDyn{p.vx[i], p.vy[i], p.vz[i], p.wx[i], p.wy[i], p.wz[i], p.mass[i], p.material[i]};
  };
#pragma omp parallel for schedule(static) if (m > kParallelMin)
  for (long k = 0; k < m; ++k) {
    const int i = pairs.i[k], j = pairs.j[k];
    const V3 d = separation(i, j);
    const PairState st = pair_state(geo(i), geo(j), dyn(i), dyn(j), d, dot(d, d));
    r.overlap[k] = st.delta;
    detail::ContactState h = history(pairs, k);  // a copy: the state stays as it is
    const detail::ContactOut out = pair_law(table(p.material[i], p.material[j]), st, 0.0, h);
    r.fn[k] = out.fn;
    r.a[k] = out.a;
    r.f_x[k] = out.force.x, r.f_y[k] = out.force.y, r.f_z[k] = out.force.z;
  }
  return r;
}

double System::contact_period(const ContactResults& r) const {
  const int nm = table.materials();
  // K_i summed over i's pairs in increasing pair order, then its wall contacts
  std::vector<double> k(p.size(), 0.0);
  for (std::size_t c = 0; c < pairs.size(); ++c)
    if (r.a[c] > 0.0) {
      const int i = pairs.i[c], j = pairs.j[c];
      const double kc = 2.0 * table(p.material[i], p.material[j]).e_eff * r.a[c];
      k[i] += kc;
      k[j] += kc;
    }
  for (std::size_t c = 0; c < walls.size(); ++c)
    if (walls.a[c] > 0.0)
      k[walls.i[c]] += 2.0 * table(p.material[walls.i[c]], nm).e_eff * walls.a[c];
  double w2max = 0.0;  // max K_i / m_i
  for (std::size_t i = 0; i < p.size(); ++i) w2max = std::max(w2max, k[i] / p.mass[i]);
  return w2max > 0.0 ? 2.0 * constants::pi / std::sqrt(w2max) : HUGE_VAL;
}

void System::limit_time_step_by_contacts(const ContactResults& r) {
  dt_ = std::min(params.time_step_safety * rayleigh_time(),
                 params.contact_period_safety * contact_period(r));
}

void System::limit_time_step_by_contacts() {
  if (!forces_valid_) compute_forces();
  limit_time_step_by_contacts(pair_results());
}

void System::check_faults() const {
  if (fault_flag_ == 0) return;
  const int f = fault_flag_, i = fault_particle_;
  fault_flag_ = 0;
  const std::string where = " (particle " + std::to_string(i) + ", step " + std::to_string(step_) +
                            ", t = " + std::to_string(time_) + " s)";
  if (f == 1)
    throw NumericalError("elastic overlap exceeds " +
                         std::to_string(params.max_elastic_overlap * 100) +
                         " % of the particle radius" + where +
                         ": time step too large, punch too fast, or a load beyond the elastic "
                         "regime (use a finite yield_pressure)");
  throw NumericalError("non-finite force" + where + ": the simulation blew up (time step?)");
}

void System::compute_forces() {
  if (needs_rebuild())
    rebuild_neighbours();  // repacks
  else
    pack_particles();
  evaluate_forces(false, 0.0);
  forces_valid_ = true;
  check_faults();
}

}  // namespace electrodem::dem
