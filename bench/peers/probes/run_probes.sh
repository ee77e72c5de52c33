#!/bin/sh
# One-contact probes of LIGGGHTS 3.8 and LAMMPS with the benchmark's matched dashpot, with and
# without clipping of the normal force at zero. The clipped numbers are the references of
# tests/dem/test_dem_peer_probe.cpp. Run from anywhere; a few seconds in total.
cd "$(dirname "$0")"
LE=0.43628244091372204   # LIGGGHTS coefficientRestitution for beta 0.2553 (params.py)
TE=0.29641340636966884   # LAMMPS tsuji "restitution" for the same gamma (params.py)
for lim in on off; do
  liggghts -in liggghts_pair.in -var erest $LE -var limit $lim -log none | grep RESULT | sed "s/^/liggghts limitForce $lim: /"
  for vx in 0.0 0.5 2.0; do
    liggghts -in liggghts_wall.in -var erest $LE -var limit $lim -var vx $vx -log none | grep RESULT | sed "s/^/liggghts limitForce $lim: /"
  done
done
for lim in limit_damping ""; do
  lmp -in lammps_pair.in -var erest $TE -var lim "$lim" -log none | grep RESULT | sed "s/^/lammps ${lim:-default}: /"
  for vx in 0.0 0.5 2.0; do
    lmp -in lammps_wall.in -var erest $TE -var lim "$lim" -var vx $vx -log none | grep RESULT | sed "s/^/lammps ${lim:-default}: /"
  done
done
