#pragma once
// Spatial ordering of a packing's particles (issue 8): particle indices follow space, so that the
// DEM's neighbours of a particle sit close to it in memory and the z slabs of its thread partition
// (System::build_partition) are nearly contiguous index ranges.
#include "electrodem/dem/packing.hpp"

namespace electrodem::dem {

// Reorders the particles by cells of edge 2 r_max (about one large particle), z-major, then y,
// then x: slabs in z are contiguous, and within a slab rows in y. Particles in the same cell keep
// their order (stable), so the result depends only on the packing. LAMMPS and LIGGGHTS sort atoms
// spatially for the same reason (`atom_modify sort`, by default every 1000 steps); a packing is
// pressed mostly affinely, so one ordering at the start keeps most of its locality.
void order_spatially(Packing& packing);

}  // namespace electrodem::dem
