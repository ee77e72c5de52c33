#!/bin/bash
# Regenerates the README pictures in docs/img/ from a small example: one run
# of configs/default.json (300 particles, 3 cycles) and two small sweeps
# (pressure x SE size, and composition), plotted with postproc/*.py; the
# ParaView pictures too when pvpython is available.
#
# Takes ~10 CPU-minutes on one core.
# usage: scripts/make_readme_plots.sh [WORK_DIR]     (default runs/readme_example)
# env:   ELECTRODEM (binary, default build/electrodem), JOBS (default 2),
#        PVPYTHON (command, default pvpython; wrapped in xvfb-run without a display)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${ELECTRODEM:-$root/build/electrodem}
work=$(mkdir -p "${1:-$root/runs/readme_example}" && cd "${1:-$root/runs/readme_example}" && pwd)
jobs=${JOBS:-2}
img=$root/docs/img
py=/usr/bin/python3
pp=$root/postproc
mkdir -p "$img" "$work/plots"
[ -x "$bin" ] || { echo "no electrodem binary at $bin (build first or set ELECTRODEM)" >&2; exit 2; }

# Small composite: 300 particles, 5 um NCM811 (70 vol%, finite yield pressure)
# and 3 um Li6PS5Cl, short pressure holds.
small=(--set packing.count=300 --set press.hold_max_steps=3000 --set release.hold_max_steps=3000
       --set 'materials.NCM811.yield_pressure="5 GPa"' --set 'packing.components.0.diameter.median="5 um"'
       --set packing.components.0.volume_fraction=0.7 --set packing.components.1.volume_fraction=0.3)
small_json='"packing.count": 300, "press.hold_max_steps": 3000, "release.hold_max_steps": 3000,
  "materials.NCM811.yield_pressure": "5 GPa", "packing.components.0.diameter.median": "5 um",
  "stages": ["generate", "press", "release", "transport"]'

echo "== example run"
"$bin" run "$root/configs/default.json" --out "$work/run" --threads "$jobs" "${small[@]}" --set cycle.cycles=3

echo "== sweep: pressure x SE size"
cat > "$work/sweep_pressure_size.json" <<JSON
{"base": "$root/configs/default.json",
 "set": {$small_json, "packing.components.0.volume_fraction": 0.7, "packing.components.1.volume_fraction": 0.3},
 "axes": {"press.pressure": {"from": "100 MPa", "to": "500 MPa", "steps": 3},
          "packing.components.1.diameter.median": ["2 um", "3 um"]}}
JSON
"$bin" sweep "$work/sweep_pressure_size.json" --out "$work/sweep_pressure_size" --jobs "$jobs" --threads 1

echo "== sweep: composition"
cat > "$work/sweep_composition.json" <<JSON
{"base": "$root/configs/default.json",
 "set": {$small_json},
 "axes": {"packing.components.0.volume_fraction": [0.5, 0.6, 0.7],
          "packing.components.1.volume_fraction": [0.5, 0.4, 0.3]},
 "mode": "zip"}
JSON
"$bin" sweep "$work/sweep_composition.json" --out "$work/sweep_composition" --jobs "$jobs" --threads 1

echo "== plots"
p=$work/plots
$py "$pp/plot_compaction.py" "$work/run" -o "$p/compaction" --dpi 100
$py "$pp/plot_voltage.py" "$work/run" -o "$p/voltage_capacity" --dpi 100
$py "$pp/plot_retention.py" "$work/run" -o "$p/retention" --dpi 100
$py "$pp/plot_microstructure.py" "$work/run" -o "$p/microstructure" --dpi 100
$py "$pp/plot_conductivity.py" --results "$work/sweep_pressure_size/results.csv" --x pressure \
  -o "$p/conductivity_vs_pressure" --dpi 100
$py "$pp/plot_conductivity.py" --results "$work/sweep_composition/results.csv" \
  --x packing.components.0.volume_fraction -o "$p/conductivity_vs_composition" --dpi 100
$py "$pp/plot_sweep.py" "$work/sweep_pressure_size/results.csv" --x pressure --y "se size" \
  -o "$p/sweep" --dpi 100
cp "$p"/*.png "$img/"

pv=${PVPYTHON:-pvpython}
if command -v "${pv%% *}" > /dev/null 2>&1; then
  echo "== ParaView pictures"
  if [ -z "${DISPLAY:-}" ] && command -v xvfb-run > /dev/null 2>&1; then
    pv="xvfb-run -a -s '-screen 0 1600x1200x24' $pv"
  fi
  eval "$pv --force-offscreen-rendering '$pp/render_paraview.py' '$work/run' -o '$work/pictures' --size 800 600"
  for f in particles_material particles_stress particles_lithiation contacts; do
    [ -f "$work/pictures/$f.png" ] && cp "$work/pictures/$f.png" "$img/paraview_$f.png"
  done
else
  echo "(no pvpython: ParaView pictures not regenerated)"
fi
echo "pictures in $img:"
ls "$img"
