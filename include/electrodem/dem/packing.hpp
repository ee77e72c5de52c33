#pragma once
// A packing: sphere centres, radii and materials in a box that is periodic in
// x and y (footprint) with walls at z = 0 and z = height. It is the hand-over
// between packing generation / CSV import and the DEM.
#include <array>
#include <vector>

#include <Eigen/Core>

namespace electrodem::dem {

struct Packing {
  std::array<double, 2> footprint{};  // box size in x and y [m]
  double height = 0.0;                // z of the top wall [m]
  std::vector<Eigen::Vector3d> position;  // [m]
  std::vector<double> radius;             // [m]
  std::vector<int> material;              // index into the run's MaterialSet
  std::size_t size() const { return radius.size(); }
};

}  // namespace electrodem::dem
