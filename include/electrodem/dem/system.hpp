#pragma once
// The DEM state and its time stepper: particles (structure of arrays), contact lists with
// history, the box (periodic in x,y or a rigid die), the bottom wall z = 0 and the top punch,
// the materials and the per-pair contact parameters. See docs/contact_laws.md.
//
// Radii: `solid_radius` carries the true solid volume (and mass); `radius` is the apparent
// (contact) radius used by every contact, >= solid_radius when volume conservation gives the
// lens volume lost to overlaps back to the particle (DESIGN.md §3.1, dense compaction);
// `ref_radius` is the radius of the packing (reference lithiation).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "electrodem/dem/contact/vec3.hpp"
#include "electrodem/dem/material.hpp"
#include "electrodem/dem/packing.hpp"
#include "electrodem/dem/pair_table.hpp"
#include "electrodem/dem/range_balancer.hpp"

namespace electrodem::dem {

// Loops shorter than this run serially: OpenMP fork/join costs more than it saves, and on an
// oversubscribed machine a barrier can cost milliseconds. Results do not depend on it.
inline constexpr long kParallelMin = 1024;
// Steps between checks of the measured thread balance (RangeBalancer) between neighbour rebuilds.
inline constexpr long kRebalanceSteps = 200;

enum class Lateral : unsigned char { periodic = 0, die = 1 };

struct DemParams {
  double time_step_safety = 0.1;  // dt = safety * smallest Rayleigh time (after density scaling)
  double contact_period_safety = 0.1;  // and dt <= this * smallest contact period [-]
  double skin = 0.1;                   // Verlet skin as a fraction of the number-mean diameter [-]
  double local_damping = 0.0;          // Cundall alpha in [0,1) [-]
  bool viscous_damping = true;       // normal/tangential dashpots from the restitution coefficient
  double density_scaling = 1.0;      // factor on every particle mass (quasi-static stages) [-]
  std::string normal_law = "auto";   // "auto" | "hertz" | "thornton_ning" (override for all pairs)
  bool conserve_volume = true;       // lens volume -> apparent radius growth
  double volume_relaxation = 0.1;    // fraction of the radius correction applied per step [-]
  double max_elastic_overlap = 0.2;  // fault if a hertz overlap exceeds this fraction of min radius
  double gravity = 0.0;              // acceleration along -z [m/s^2]
  Lateral lateral = Lateral::periodic;
  WallMaterial wall;
};

// Particles as a structure of arrays; index = position in the packing (never reordered).
struct Particles {
  std::vector<double> x, y, z, vx, vy, vz, wx, wy, wz, fx, fy, fz, tx, ty, tz;
  std::vector<double> radius;         // apparent (contact) radius [m]
  std::vector<double> solid_radius;   // radius of the particle's solid volume [m]
  std::vector<double> ref_radius;     // radius in the packing [m]
  std::vector<double> mass, inertia;  // [kg], [kg m^2] (with density scaling)
  std::vector<double> lens_volume;    // overlap cap volume cut from the sphere, last step [m^3]
  std::vector<int> material, id;
  std::size_t size() const { return radius.size(); }
  V3 pos(std::size_t i) const { return {x[i], y[i], z[i]}; }
  V3 vel(std::size_t i) const { return {vx[i], vy[i], vz[i]}; }
  V3 omega(std::size_t i) const { return {wx[i], wy[i], wz[i]}; }
};

// Volume conservation gives a particle at most this apparent radius growth (r <= cap * r_solid):
// beyond it the lens volumes of its contacts cover nearly its whole surface and the fixed point
// runs away; particles at the cap lose solid volume (the model's limit of validity, ~p_y).
inline constexpr double kGrowthCap = 1.25;

// Wall ids used as `j` in the wall contact list.
enum WallId : int { bottom = 0, top = 1, x_lo = 2, x_hi = 3, y_lo = 4, y_hi = 5 };

// A contact list (pairs, or particle-wall contacts with j = WallId), sorted by (i, j), with the
// per-contact history the contact law carries from step to step.
struct ContactList {
  std::vector<int> i, j;
  std::vector<double> xi_x, xi_y, xi_z;  // Mindlin tangential displacement [m]
  // rolling torque spring [N m]: sized with the list only while `rolling` (some material pair
  // has rolling resistance), else empty (24 B per contact saved, issue 8)
  std::vector<double> mr_x, mr_y, mr_z;
  std::vector<double> delta_max;      // maximum overlap (Thornton–Ning) [m]
  std::vector<std::uint8_t> plastic;  // 1 once yielded
  std::vector<std::uint8_t> bond;     // cold weld (history): WeldState, contact/weld.hpp
  bool rolling = false;               // mr_* in use (System sets it from the pair table)
  std::size_t size() const { return i.size(); }
  void resize(std::size_t n);
  void clear() { resize(0); }
  // Switches the rolling springs on (zero springs for every contact) or off (frees them).
  void set_rolling(bool on);
};

// What the contact law gives for each contact of a list: outputs, never state.
struct ContactResults {
  std::vector<double> overlap;        // geometric overlap r_i + r_j - d (wall: r - gap) [m]
  std::vector<double> fn;             // net normal force, compressive > 0 [N]
  std::vector<double> a;              // contact radius [m] (0: no load)
  std::vector<double> f_x, f_y, f_z;  // force on i [N]
  std::size_t size() const { return fn.size(); }
  void resize(std::size_t n);
};

// Particle-wall contacts keep the results of the last evaluation next to their history: the
// punch load is their sum every step, and they are few (a surface of the packing). The pairs do
// not (System::pair_results): writing six results per pair every step cost 11-20 % of a step at
// N = 100 000 (memory bandwidth) and 48 B per pair (issue 8).
struct WallContacts : ContactList, ContactResults {
  using ContactList::size;
  void resize(std::size_t n) {
    ContactList::resize(n);
    ContactResults::resize(n);
  }
  void clear() { resize(0); }
};

// Minimum image of a separation in a box periodic in x and y (lengths lx, ly): one correction
// suffices because positions are wrapped into [0, L) at every neighbour rebuild.
[[gnu::always_inline]] inline V3 minimum_image(V3 d, double lx, double ly) {
  if (d.x > 0.5 * lx)
    d.x -= lx;
  else if (d.x < -0.5 * lx)
    d.x += lx;
  if (d.y > 0.5 * ly)
    d.y -= ly;
  else if (d.y < -0.5 * ly)
    d.y += ly;
  return d;
}

struct Box {
  double lx = 0.0, ly = 0.0;  // footprint [m]
  Lateral lateral = Lateral::periodic;
  double area() const { return lx * ly; }
};

struct Punch {
  double z = 0.0;      // top wall position [m]
  double v = 0.0;      // velocity along z [m/s] (negative = pressing)
  double force = 0.0;  // load the particles exert on the punch, +z [N]
};

class System {
 public:
  System(const Packing& packing, MaterialSet materials, DemParams params = {});

  // One velocity-Verlet step (translation + rotation) with the punch moving at punch.v.
  void step();
  // `steps` steps, bitwise the same as calling step() that often; faster: the first half kick
  // and drift of each next step run in the same pass as the force sums and second half kick of
  // the step before (integrator.cpp); the forces, torques and lens volumes (p.fx, ...,
  // p.lens_volume) are written by the last step only. A step that fails (NumericalError) leaves
  // the next step's drift applied to the particles and the forces marked stale (recomputed by the
  // next run, also after a checkpoint of that state).
  void run(long long steps);
  // A controller called before every step of a run, the first one too, with punch.force (and
  // the bottom wall's load) of the step before, before the step moves the punch. It may read the
  // punch, the walls' contacts (their results are the last step's), the box and dt, and set
  // punch.v; nothing else (the particles lag behind within a run). run(steps, control) is
  // bitwise the same as calling the controller and step() that often (a servo punch in the stage
  // drivers, compaction.cpp).
  using BetweenSteps = std::function<void(System&)>;
  void run(long long steps, const BetweenSteps& between);

  // Forces for the current positions (rebuilds the neighbour list if needed). Called by step();
  // public for tests and after external changes (radii, positions).
  void compute_forces();
  // Forces the next compute_forces() to rebuild the neighbour list.
  void invalidate_neighbours() { need_rebuild_ = true; }

  // Solid radius change (swelling): scales the apparent radius with it, updates mass/inertia.
  void set_solid_radius(std::size_t i, double r);
  // Switches periodic <-> die walls at x,y in {0, L}; forces a rebuild.
  void set_lateral(Lateral lateral);
  // Recomputes dt from the Rayleigh time (after radius or density-scaling changes).
  void update_time_step();
  void set_time_step(double dt) { dt_ = dt; }
  // While > 0, every step shrinks the punch height and all particle heights by this strain,
  // z <- (1 - strain) z (bottom wall at z = 0), as LAMMPS's `fix deform ... remap x` does for a
  // box: a preparation protocol that brings a loose packing to its jamming point without a shock
  // front below the punch. Velocities stay peculiar (relative to the affine flow), so the punch
  // counts as at rest for its contacts; punch.v must be 0 meanwhile.
  void set_affine_strain(double strain_per_step) { affine_strain_ = strain_per_step; }

  // Smallest period 2 pi sqrt(m_i / K_i) of a particle on its contact springs, K_i the sum of
  // the elastic (unloading) normal stiffnesses 2 E* a of its contacts [s]; +inf without contacts.
  // Densely pressed packings with large contact radii oscillate faster than the Rayleigh time
  // suggests (a contact's stiffness grows with a), so the drivers also limit dt by this.
  double contact_period(const ContactResults& r) const;  // r: pair_results() of this state
  double contact_period() const { return contact_period(pair_results()); }
  // dt = min(safety * Rayleigh time, contact_period_safety * contact period).
  void limit_time_step_by_contacts(const ContactResults& r);
  void limit_time_step_by_contacts();

  // Smallest Rayleigh time over particles (with the scaled density) [s].
  double rayleigh_time() const;
  double dt() const { return dt_; }
  double time() const { return time_; }
  long long steps() const { return step_; }
  double thickness() const { return punch.z; }
  double volume() const { return box.area() * punch.z; }
  double punch_stress() const { return punch.force / box.area(); }
  double bottom_stress() const { return bottom_force_ / box.area(); }
  // True solid volume: sum of sphere volumes minus overlap lens (cap) volumes [m^3].
  double solid_volume() const;
  double relative_density() const { return solid_volume() / volume(); }
  double mean_diameter() const { return mean_diameter_; }
  double skin() const { return skin_; }
  long long neighbour_rebuilds() const { return rebuilds_; }
  // Heap bytes held by the particle and contact arrays and the internal work arrays (vector
  // capacities): the DEM's own memory, for the benchmark's bytes per particle (issue 8).
  std::size_t memory_bytes() const;
  // Largest memory_bytes() during a neighbour rebuild (the search scratch and the copy of the
  // contact history exist only then), or now if larger.
  std::size_t peak_memory_bytes() const { return std::max(peak_bytes_, memory_bytes()); }

  // The contact law's results for every listed pair at the current state (index as `pairs`),
  // recomputed on demand as LAMMPS's Pair::single() does for output: the step's kernel on a copy
  // of each pair's history with no time increment, so the tangential spring is the stored one.
  // It uses the current (full-step) velocities where the step used the half-step ones, so the
  // dashpot part differs by O(dt); without damping they are the step's forces to rounding
  // (test_dem_pair_results.cpp). History is untouched. Costs about one force evaluation.
  ContactResults pair_results() const;

  // Minimum-image vector from particle i to particle j. Positions are wrapped into [0, L) at
  // every neighbour rebuild and move less than the skin in between, so one correction suffices.
  V3 separation(std::size_t i, std::size_t j) const {
    const V3 d{p.x[j] - p.x[i], p.y[j] - p.y[i], p.z[j] - p.z[i]};
    return box.lateral == Lateral::periodic ? minimum_image(d, box.lx, box.ly) : d;
  }

  Particles p;
  ContactList pairs;
  WallContacts walls;
  Box box;
  Punch punch;
  MaterialSet materials;
  PairTable table;
  DemParams params;

 private:
  friend struct SystemAccess;  // checkpoint
  System() = default;
  // Hot-loop copies of the particle data the pair kernel gathers by the (random) index j, so a
  // pair touches 1-2 cache lines per particle instead of one per array (refreshed every step
  // before the force evaluation). Within run() they are the state: the fused pass kicks and
  // moves the packed records alone, and p lags behind (p_behind_) until the run's last step, a
  // rebuild or a fault writes it back (sync_particles): a third less per-particle memory traffic
  // (issue 8). Outside run(), p is the truth.
  struct alignas(32) PackGeo {
    double x, y, z, r;
  };
  struct alignas(64) PackDyn {
    double vx, vy, vz, wx, wy, wz, m;
    int mat;
  };
  // One side of a pair's result: force and torque on that particle, its lens cap volume and the
  // contact flag; also a particle's running sum of them (acc_).
  struct alignas(64) Side {
    double fx, fy, fz, tx, ty, tz, lens, on;
  };
  void sync_rolling();  // pairs/walls.rolling from the pair table
  void rebuild_neighbours();
  struct RebuildExtent {
    double rsmall, rmax, zlo, zhi;  // 5th-percentile and largest radius, z range of the centres
  };
  RebuildExtent scan_particles();
  double small_radius();
  void sort_pair_keys();
  void merge_pairs(const std::vector<int>& new_rows);
  void gather_history(const std::vector<int>& new_rows);  // merge_pairs on several threads
  // The share of thread t of nt in a loop over the particles, or over the pairs of the rows
  // `rows` (row i: [rows[i], rows[i + 1])): the particles of its part of the force pass
  // (partition.cpp) when there is one for nt threads, else an even share. Loops outside the steps
  // that write per-particle or per-pair records take it, so each thread writes the cache lines it
  // writes within the steps and no line has to be handed over between the cores (issue 8).
  std::pair<long, long> own_particles(int t, int nt) const;
  std::pair<long, long> own_pairs(int t, int nt, const std::vector<int>& rows) const;
  void rebuild_incidence();  // row_start_/wall_start_ from the contact lists
  bool needs_rebuild() const;
  // One particle's term of the rebuild criterion max_i (|d_i| + max(0, growth_i)), kept as
  // max |d|^2 over non-growing particles (d2max) and max(|d| + growth) over growing ones (dgmax):
  // max(sqrt(d2max), dgmax) is the same number (sqrt is monotonic), with one square root per step
  // instead of one per particle (issue 8).
  static void displacement_max(double d2, double growth, double& d2max, double& dgmax) {
    if (growth > 0.0)
      dgmax = std::max(dgmax, std::sqrt(d2) + growth);
    else
      d2max = std::max(d2max, d2);
  }
  bool rebuild_due(double dmax, double rmax) const;
  void pack_particles();  // geo_/dyn_ from p
  // p from geo_/dyn_ when p lags behind them, and `pairs` from cross_history_ (run())
  void sync_particles();
  // One particle's position, radius and velocities in registers in the per-particle passes.
  struct Body {
    double x, y, z, r, vx, vy, vz, wx, wy, wz, m;
    int mat;
  };
  Body body_from_state(long i) const {
    return {p.x[i],  p.y[i],  p.z[i],  p.radius[i], p.vx[i],   p.vy[i],
            p.vz[i], p.wx[i], p.wy[i], p.wz[i],     p.mass[i], p.material[i]};
  }
  Body body_from_packed(long i) const {
    const PackGeo& g = geo_[i];
    const PackDyn& d = dyn_[i];
    return {g.x, g.y, g.z, g.r, d.vx, d.vy, d.vz, d.wx, d.wy, d.wz, d.m, d.mat};
  }
  void store_packed(long i, const Body& b) {
    geo_[i] = {b.x, b.y, b.z, b.r};
    dyn_[i] = {b.vx, b.vy, b.vz, b.wx, b.wy, b.wz, b.m, b.mat};
  }
  void store_state(long i, const Body& b) {  // mass and material do not change in a step
    p.x[i] = b.x, p.y[i] = b.y, p.z[i] = b.z, p.radius[i] = b.r;
    p.vx[i] = b.vx, p.vy[i] = b.vy, p.vz[i] = b.vz, p.wx[i] = b.wx, p.wy[i] = b.wy, p.wz[i] = b.wz;
  }
  void pack_particle(long i) { store_packed(i, body_from_state(i)); }
  // the packed copies plus the halo (see halo_src_)
  std::size_t packed_size() const { return p.size() + halo_pad_ + halo_src_.size(); }
  // the copy of boundary particle q of the list (particle i): the record just stored, in
  // streaming stores (forces.cpp)
  void store_halo(long q, long i);
  void refresh_halo();
  void prefetch_halo(int q0, int q1) const;
  // Constants of one step's pass A: first half kick, drift, radius growth, packing and the
  // displacement check (integrator.cpp); `track`: the check is meaningful (lists are current).
  struct DriftParams {
    double dt, hdt, remap, relaxation, affine;
    bool grow, track;
  };
  // Largest displacement terms and radius over the particles of a pass A (displacement_max).
  struct Moved {
    double d2 = 0.0, dg = 0.0, r = 0.0;
  };
  DriftParams drift_params(double affine) const;
  void begin_step();  // moves the punch and the affine map to the new step
  void drift_all(const DriftParams& c, Moved& moved);                      // pass A on its own
  inline void drift_particle(long i, const DriftParams& c, Moved& moved);  // src/dem/kick.hpp
  // The per-particle options of the fused pass (local damping in the kicks, radius growth in
  // the drift) as compile-time flags: accumulate() is compiled for each combination and chosen
  // per evaluation, so a run without them has neither their branches nor the registers they
  // hold in its per-particle loop (issue 8: 20 % of that loop's time). `true` means "test the
  // runtime value", as kick_particle and move_particle do on their own.
  struct PassOptions {
    bool damping = true, grow = true;
  };
  // lens: the particle's lens volume of the last force evaluation
  template <bool Grow = true>
  inline void move_particle(long i, Body& b, const DriftParams& c, double lens, Moved& moved) const;
  // Pair and per-particle passes in one parallel region; with `kick`, each particle's half
  // kick by hdt follows its force sum in the same pass (step()), and with `next` the next step's
  // pass A for that particle too (run()), its displacement terms into `moved`, and its pair
  // sum starts over for that next evaluation, which is then called with `primed` (no pass over
  // the sums to start them).
  void evaluate_forces(bool kick, double hdt, const DriftParams* next = nullptr,
                       Moved* moved = nullptr, bool primed = false);
  // The pairs [k0, k1) with j < j_end on the calling thread, both sides into acc_; lens: also
  // the lens volumes (0 otherwise: only the growth and the stored state use them).
  // L: the kernel for the table's laws (PairTable::pair_kernel), chosen per evaluation by
  // pair_forces_for so that the loop over pairs holds no branch on it.
  template <KernelLaws L>
  void pair_forces(long k0, long k1, int j_end, bool lens);
  void pair_forces_for(KernelLaws laws, long k0, long k1, int j_end, bool lens);
  // The cross pairs cross_[q0, q1) (see acc_).
  template <KernelLaws L>
  void cross_forces(int q0, int q1, bool lens);
  void cross_forces_for(KernelLaws laws, int q0, int q1, bool lens);
  void wall_contact(long k);
  // The force sums of the particles [i0, i1) of one set: all (one thread), or those interior to
  // their thread range or on its boundary (several threads, partition.cpp).
  enum class SumSet { all, interior, boundary };
  template <SumSet Set, PassOptions O>
  void accumulate(long i0, long i1, bool kick, double hdt, const DriftParams* next, Moved& moved);
  template <SumSet Set>
  void accumulate_for(PassOptions o, long i0, long i1, bool kick, double hdt,
                      const DriftParams* next, Moved& moved);
  template <bool Damping = true>
  inline void kick_particle(Body& b, V3 f, V3 t, double im, double ii) const;  // kick.hpp
  // Starts particle i's pair sum (acc_) with its weight under gravity g.
  void start_sum(long i, double g) {
    acc_[i] = Side{0.0, 0.0, -p.mass[i] * g, 0.0, 0.0, 0.0, 0.0, 0.0};
  }
  void check_faults() const;

  double time_ = 0.0;
  long long step_ = 0;
  double dt_ = 0.0;
  double skin_ = 0.0;
  double mean_diameter_ = 0.0;
  double bottom_force_ = 0.0;
  bool need_rebuild_ = true;
  // materials that have particles, as of the last rebuild (PairTable::material_bit mask)
  std::uint64_t materials_present_ = ~std::uint64_t{0};
  bool forces_valid_ = false;
  bool p_behind_ = false;  // p lags the packed copies (within run(); see geo_)
  double affine_strain_ = 0.0;
  long long rebuilds_ = 0;
  std::size_t peak_bytes_ = 0;  // see peak_memory_bytes
  // neighbour-list reference state
  std::vector<double> x0_, y0_, z0_, r0_;
  double punch_z0_ = 0.0;
  double affine_since_rebuild_ = 1.0;  // product of affine height remaps since the last rebuild
  std::vector<int> wall_start_;        // CSR into `walls` by particle
  // Per-particle sums of the pair results (acc_), added in increasing pair order. Several
  // threads (partition.cpp): the particles are split into contiguous index ranges ("parts") of
  // equal measured cost (forces_). A pair with both particles in one part belongs to that part,
  // which adds both sides straight into acc_. A cross pair (i < j, i in a lower part) belongs to
  // the part of j, which evaluates its cross pairs before anything else: j's side goes into acc_
  // (in pair order they come before every other term of j) and i's side into the pair's slot
  // side_[s]. The part of i adds the slots after its own pairs (a row's cross pairs are its last:
  // j ascending). Particles with cross pairs in their row are boundary particles (edge_); the
  // part of j reads them from copies (halo_src_). Built on first use after a rebuild.
  std::vector<Side> acc_;
  std::vector<int> row_start_;       // CSR of pairs by first index (pairs are sorted by i)
  std::vector<unsigned char> edge_;  // 1: boundary particle (has slots)
  std::vector<Side> side_;           // i's side of each cross pair, in pair order
  // boundary particle q = halo_src_[q]: its slots side_[edge_slot_[q] .. edge_slot_[q + 1])
  std::vector<int> edge_slot_;
  struct Cross {
    int k;     // pair
    int gi;    // where the kernel gathers i from: its copy
    int slot;  // side_ slot of i's side
  };
  // the cross pairs part t evaluates: cross_[cross_part_[t] .. cross_part_[t + 1]), in pair order
  std::vector<Cross> cross_;
  std::vector<int> cross_part_;
  // Their history while the parallel passes run: in `pairs` it shares cache lines with the other
  // pairs of its row, which the part of i writes. Copied from `pairs` by build_partition and back
  // by sync_cross_history (the last evaluation of a run, a rebuild, a fault).
  struct alignas(64) CrossHistory {
    double xi_x, xi_y, xi_z, mr_x, mr_y, mr_z, delta_max;
    std::uint8_t plastic, bond;
  };
  std::vector<CrossHistory> cross_history_;
  bool history_behind_ = false;  // `pairs` lags cross_history_
  void sync_cross_history();
  // Halo (issue 8): the cross pass reads the packed records of the lower parts' boundary
  // particles, which their owners rewrite every step. It reads them from copies, packed together
  // after the particles' own records (geo_/dyn_ entries p.size() + halo_pad_ ..), written by the
  // owner next to the record itself: the lines that cross between the cores every step are those
  // of the copies only, streamed in order, and no line or page holds both a copy and a record the
  // owner alone uses. Copies are bitwise equal, so results do not change.
  std::vector<int> halo_src_;   // boundary particles in index order: the particle of each copy
  std::vector<int> halo_part_;  // boundary particles of part t: halo_src_[halo_part_[t] ..]
  std::size_t halo_pad_ = 0;    // unused records between the particles' and the copies
  bool halo_stale_ = true;      // the copies lag the records (refresh_halo)
  // pair_forces, cross_forces: the pairs of a range that need the contact law, compacted into the
  // range's own segment of the array
  std::vector<int> active_, cross_active_;
  int part_threads_ = 0;  // thread count the partition was built for (0: stale)
  // evaluate_forces: part t has finished its cross pairs of evaluation `epoch` once
  // cross_done_[t].epoch == epoch, and its boundary particles (their halo copies are new) once
  // halo_done_[t].epoch == epoch (release/acquire through std::atomic_ref; one line per part)
  struct alignas(64) PartEpoch {
    long long epoch = 0;
  };
  std::vector<PartEpoch> cross_done_, halo_done_;
  // Loads on the top and bottom walls from the wall contacts [k0, k1), summed in contact order.
  // Each part sums its own contacts' (one line per part): a sum over all contacts after the
  // parallel pass would pull the other parts' results across cores every step, and each part's
  // next store to them would have to take the line back (issue 8). When only one part has
  // contacts with a wall, its sum is the serial one, bitwise; otherwise the serial sum is redone.
  struct alignas(64) WallLoads {
    double top = 0.0, bottom = 0.0;
    int n_top = 0, n_bottom = 0;
  };
  WallLoads wall_loads(long k0, long k1) const;
  WallLoads combined_wall_loads() const;
  std::vector<WallLoads> wall_loads_;
  long long force_epoch_ = 0;
  // The pieces of evaluate_forces, shared with run_segment: one evaluation's settings, whether
  // it runs on the thread parts, their preparation, one thread's share of it (inside a parallel
  // region), and what follows the last evaluation of a run or segment.
  struct ForcePass {
    bool kick;
    double hdt;
    const DriftParams* next;
    bool primed, lens;
    KernelLaws laws;
    PassOptions opts;
  };
  ForcePass begin_forces(bool kick, double hdt, const DriftParams* next, bool primed);
  bool parallel_forces() const;
  void prepare_parts(bool primed);
  void part_pass(const ForcePass& f, long long epoch, Moved& m);
  void end_forces(const WallLoads& loads, bool kick, bool moved_on);
  // Steps of run() in one parallel region, up to max_steps (integrator.cpp); c and moved as
  // run() keeps them. Returns the steps taken.
  long long run_segment(long long max_steps, DriftParams& c, Moved& moved, bool primed,
                        const BetweenSteps& between);
  void build_partition(int threads);
  void build_halo();
  void split_drift(int threads);
  RangeBalancer forces_;  // thread ranges of the force pass (partition.cpp)
  RangeBalancer drift_;   // thread ranges of pass A of step()
  std::vector<PackGeo> geo_;
  std::vector<PackDyn> dyn_;
  // scratch for the rebuild (kept to avoid allocation)
  std::vector<int> cell_start_, cell_list_, cell_of_, count_;
  std::vector<PackGeo> cell_geo_;  // positions and radii in cell order (cell_list_)
  std::vector<std::int64_t> keys_;
  std::vector<std::vector<std::int64_t>> thread_keys_;
  std::vector<int> bucket_slot_;  // sort_pair_keys: per-buffer slots in each row
  double rsmall_ = 0.0;           // small_radius() for the radii r0_ (0: not known)
  std::vector<int> match_;        // merge_pairs: old index of each new pair with history, or -1
  std::vector<V3> wall_torque_;   // torque of each wall contact on its particle, last evaluation
  WallContacts walls_spare_;
  mutable int fault_flag_ = 0;
  mutable int fault_particle_ = -1;
};

}  // namespace electrodem::dem
