#pragma once
// Love–Weber stresses (Love 1927; Weber 1966; Christoffersen et al. 1981), tension positive:
//   particle:  sigma_i = (1/V_i) sum_c f_c (x) l_c,  f_c force on i, l_c centre -> contact point,
//              V_i the particle's solid volume;
//   assembly:  sigma   = (1/V) sum_i sum_c f_c (x) l_c over all particles and their wall contacts,
//              V the box volume; in equilibrium sigma_zz = -(punch stress).
// And the contact export the VTK writer draws as lines (minimum-image aware).
#include <vector>

#include <Eigen/Core>

#include "electrodem/dem/system.hpp"

namespace electrodem::dem {

struct ParticleStress {
  std::vector<Eigen::Matrix3d> tensor;  // [Pa]
  std::vector<double> hydrostatic;      // trace/3 [Pa], tension positive
  std::vector<int> coordination;        // loaded contacts per particle (pairs only) [-]
};

ParticleStress particle_stress(const System& s);
Eigen::Matrix3d assembly_stress(const System& s);

// Loaded contacts (a > 0). For a pair, `from` is centre i and `to` = from + minimum-image
// separation (may lie outside the periodic box); for a wall contact, `to` is the contact point
// on the wall and j = -1 - WallId.
struct ContactExport {
  std::vector<Eigen::Vector3d> from, to;  // [m]
  std::vector<int> i, j;
  std::vector<double> normal_force;     // [N]
  std::vector<double> contact_radius;   // [m]
  std::vector<double> overlap;          // geometric overlap [m]
  std::vector<double> plastic_overlap;  // Thornton–Ning residual overlap (0 if elastic) [m]
  std::vector<int> weld;                // WeldState: 0 unbonded, 1 welded, 2 weld broken
  std::size_t size() const { return i.size(); }
};

ContactExport export_contacts(const System& s, bool include_walls = true);

}  // namespace electrodem::dem
