#include "electrodem/dem/stress.hpp"

#include "electrodem/core/constants.hpp"
#include "electrodem/dem/contact/thornton_ning.hpp"

namespace electrodem::dem {

namespace {

// Contact geometry recomputed from positions: unit normal i -> j and lever lengths.
struct PairGeometry {
  V3 n;
  double dist, ci, cj;
};

PairGeometry pair_geometry(const System& s, std::size_t k) {
  const int i = s.pairs.i[k], j = s.pairs.j[k];
  const V3 d = s.separation(i, j);
  const double dist = norm(d);
  const double ri = s.p.radius[i], rj = s.p.radius[j];
  const double ci = 0.5 * (dist + (ri * ri - rj * rj) / dist);
  return {(1.0 / dist) * d, dist, ci, dist - ci};
}

// Wall normal (particle -> wall) and distance from the centre to the wall plane.
void wall_geometry(const System& s, std::size_t k, V3& n, double& dist) {
  const int i = s.walls.i[k];
  switch (s.walls.j[k]) {
    case WallId::bottom:
      n = {0, 0, -1}, dist = s.p.z[i];
      break;
    case WallId::top:
      n = {0, 0, 1}, dist = s.punch.z - s.p.z[i];
      break;
    case WallId::x_lo:
      n = {-1, 0, 0}, dist = s.p.x[i];
      break;
    case WallId::x_hi:
      n = {1, 0, 0}, dist = s.box.lx - s.p.x[i];
      break;
    case WallId::y_lo:
      n = {0, -1, 0}, dist = s.p.y[i];
      break;
    default:
      n = {0, 1, 0}, dist = s.box.ly - s.p.y[i];
      break;
  }
}

void add_outer(Eigen::Matrix3d& m, V3 f, V3 l) {
  const double fv[3] = {f.x, f.y, f.z}, lv[3] = {l.x, l.y, l.z};
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) m(a, b) += fv[a] * lv[b];
}

double plastic_overlap(const PairParams& pp, double delta_max, double r_eff) {
  return pp.law == NormalLaw::thornton_ning
             ? tn_plastic_overlap(delta_max, r_eff, pp.e_eff, pp.yield_pressure)
             : 0.0;
}

}  // namespace

ParticleStress particle_stress(const System& s) {
  const std::size_t n = s.p.size();
  ParticleStress out;
  out.tensor.assign(n, Eigen::Matrix3d::Zero());
  out.hydrostatic.assign(n, 0.0);
  out.coordination.assign(n, 0);
  const ContactResults r = s.pair_results();
  for (std::size_t k = 0; k < s.pairs.size(); ++k) {
    if (!(r.a[k] > 0.0)) continue;
    const int i = s.pairs.i[k], j = s.pairs.j[k];
    const PairGeometry g = pair_geometry(s, k);
    const V3 f{r.f_x[k], r.f_y[k], r.f_z[k]};
    add_outer(out.tensor[i], f, g.ci * g.n);
    add_outer(out.tensor[j], -f, -(g.cj * g.n));
    ++out.coordination[i];
    ++out.coordination[j];
  }
  for (std::size_t k = 0; k < s.walls.size(); ++k) {
    if (!(s.walls.a[k] > 0.0)) continue;
    V3 nrm;
    double dist;
    wall_geometry(s, k, nrm, dist);
    add_outer(out.tensor[s.walls.i[k]], {s.walls.f_x[k], s.walls.f_y[k], s.walls.f_z[k]},
              dist * nrm);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double rs = s.p.solid_radius[i];
    out.tensor[i] /= 4.0 / 3.0 * constants::pi * rs * rs * rs;
    out.hydrostatic[i] = out.tensor[i].trace() / 3.0;
  }
  return out;
}

Eigen::Matrix3d assembly_stress(const System& s) {
  Eigen::Matrix3d m = Eigen::Matrix3d::Zero();
  const ContactResults r = s.pair_results();
  for (std::size_t k = 0; k < s.pairs.size(); ++k) {
    if (!(r.a[k] > 0.0)) continue;
    const PairGeometry g = pair_geometry(s, k);
    add_outer(m, {r.f_x[k], r.f_y[k], r.f_z[k]}, g.dist * g.n);  // f (x) branch
  }
  for (std::size_t k = 0; k < s.walls.size(); ++k) {
    if (!(s.walls.a[k] > 0.0)) continue;
    V3 nrm;
    double dist;
    wall_geometry(s, k, nrm, dist);
    add_outer(m, {s.walls.f_x[k], s.walls.f_y[k], s.walls.f_z[k]}, dist * nrm);
  }
  return m / s.volume();
}

ContactExport export_contacts(const System& s, bool include_walls) {
  ContactExport out;
  const int nm = s.table.materials();
  auto push = [&out](Eigen::Vector3d a, Eigen::Vector3d b, int i, int j, double fn, double ca,
                     double ov, double pl, int weld) {
    out.from.push_back(a);
    out.to.push_back(b);
    out.i.push_back(i);
    out.j.push_back(j);
    out.normal_force.push_back(fn);
    out.contact_radius.push_back(ca);
    out.overlap.push_back(ov);
    out.plastic_overlap.push_back(pl);
    out.weld.push_back(weld);
  };
  const ContactResults r = s.pair_results();
  for (std::size_t k = 0; k < s.pairs.size(); ++k) {
    if (!(r.a[k] > 0.0)) continue;
    const int i = s.pairs.i[k], j = s.pairs.j[k];
    const V3 d = s.separation(i, j);
    const Eigen::Vector3d a(s.p.x[i], s.p.y[i], s.p.z[i]);
    const double ri = s.p.radius[i], rj = s.p.radius[j];
    const PairParams& pp = s.table(s.p.material[i], s.p.material[j]);
    push(a, a + Eigen::Vector3d(d.x, d.y, d.z), i, j, r.fn[k], r.a[k], r.overlap[k],
         plastic_overlap(pp, s.pairs.delta_max[k], ri * rj / (ri + rj)), s.pairs.bond[k]);
  }
  if (include_walls)
    for (std::size_t k = 0; k < s.walls.size(); ++k) {
      if (!(s.walls.a[k] > 0.0)) continue;
      const int i = s.walls.i[k];
      V3 nrm;
      double dist;
      wall_geometry(s, k, nrm, dist);
      const Eigen::Vector3d a(s.p.x[i], s.p.y[i], s.p.z[i]);
      push(a, a + dist * Eigen::Vector3d(nrm.x, nrm.y, nrm.z), i, -1 - s.walls.j[k], s.walls.fn[k],
           s.walls.a[k], s.walls.overlap[k],
           plastic_overlap(s.table(s.p.material[i], nm), s.walls.delta_max[k], s.p.radius[i]),
           s.walls.bond[k]);
    }
  return out;
}

}  // namespace electrodem::dem
