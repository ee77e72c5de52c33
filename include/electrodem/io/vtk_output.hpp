#pragma once
// VTK XML PolyData (.vtp) output for ParaView: particles as points, contacts
// as line segments, walls as polygons. Written with the VTK library
// (vtkXMLPolyDataWriter, appended raw binary, optional zlib) to a temporary
// sibling and renamed, so a reader never sees half a file.
//
// Plain arrays in: this header does not include VTK or any DEM type.
#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace electrodem::io {

// A named data array: n tuples of `components` values each (1 scalar,
// 3 vector, 9 tensor in row-major order xx xy xz yx ... zz), stored either as
// doubles or as 32-bit integers (exactly one of the two is non-empty, or both
// are empty for n = 0).
struct Field {
  std::string name;
  int components = 1;
  std::vector<double> data;
  std::vector<std::int32_t> int_data;

  bool is_int() const { return !int_data.empty(); }
  std::size_t tuples() const;

  static Field scalar(std::string name, std::span<const double> v);
  static Field integers(std::string name, std::span<const int> v);
  // Interleaves three component arrays (SoA, as in the DEM) into 3-vectors.
  static Field vector3(std::string name, std::span<const double> x, std::span<const double> y,
                       std::span<const double> z);
  // n tensors of 9 values each, row-major.
  static Field tensor(std::string name, std::vector<double> row_major);
};

// Points as three coordinate arrays [m].
struct Points {
  std::span<const double> x, y, z;
  std::size_t size() const { return x.size(); }
};

struct VtpOptions {
  bool zlib = false;  // compress the appended data (smaller, slower)
};

// One vertex cell per point (so every ParaView representation shows them),
// point_data arrays with one tuple per point.
void write_points_vtp(const std::filesystem::path& file, const Points& points,
                      const std::vector<Field>& point_data, const VtpOptions& opt = {});

// Segment k runs from (a.x[k], a.y[k], a.z[k]) to b[k]; the caller chooses the
// endpoints (e.g. the minimum-image partner for periodic contacts). cell_data
// arrays have one tuple per segment.
void write_lines_vtp(const std::filesystem::path& file, const Points& a, const Points& b,
                     const std::vector<Field>& cell_data, const VtpOptions& opt = {});

// Polygons (quads for walls) over shared vertices.
struct PolygonMesh {
  std::vector<std::array<double, 3>> points;
  std::vector<std::vector<std::int64_t>>
      polygons;  // vertex indices, counter-clockwise seen from outside
};
// Horizontal rectangles [0, lx] x [0, ly] at each height (the walls of a box
// periodic in x and y), one quad each.
PolygonMesh horizontal_walls(double lx, double ly, const std::vector<double>& heights);
void write_polygons_vtp(const std::filesystem::path& file, const PolygonMesh& mesh,
                        const std::vector<Field>& cell_data, const VtpOptions& opt = {});

}  // namespace electrodem::io
