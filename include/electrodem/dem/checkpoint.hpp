#pragma once
// Exact binary checkpoint of a System: particles, contact lists with history, neighbour-list
// reference state, walls, materials, parameters, time. A loaded System continues bitwise
// identically to the uninterrupted run (tests/dem/test_dem_checkpoint.cpp).
#include <istream>
#include <ostream>

#include "electrodem/dem/system.hpp"

namespace electrodem::dem {

void save(const System& s, std::ostream& out);
// Throws InputError on a file that is not an electrodem DEM checkpoint or is truncated.
System load(std::istream& in);

}  // namespace electrodem::dem
