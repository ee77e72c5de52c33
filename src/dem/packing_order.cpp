#include "electrodem/dem/packing_order.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <tuple>

namespace electrodem::dem {

void order_spatially(Packing& packing) {
  const std::size_t n = packing.size();
  if (n < 2) return;
  const double rmax = *std::max_element(packing.radius.begin(), packing.radius.end());
  const double h = 2.0 * rmax;
  if (!(h > 0.0)) return;
  auto cell = [h](double v) { return static_cast<std::int64_t>(std::floor(v / h)); };
  std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> key(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& x = packing.position[i];
    key[i] = {cell(x.z()), cell(x.y()), cell(x.x())};
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&key](std::size_t a, std::size_t b) { return key[a] < key[b]; });
  Packing sorted = packing;
  for (std::size_t k = 0; k < n; ++k) {
    sorted.position[k] = packing.position[order[k]];
    sorted.radius[k] = packing.radius[order[k]];
    sorted.material[k] = packing.material[order[k]];
  }
  packing = std::move(sorted);
}

}  // namespace electrodem::dem
