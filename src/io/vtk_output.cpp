// VTK XML PolyData writers (the only place that includes VTK headers).
#include "electrodem/io/vtk_output.hpp"

#include <stdexcept>

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkErrorCode.h>
#include <vtkIdList.h>
#include <vtkIntArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkXMLPolyDataWriter.h>

#include "electrodem/core/files.hpp"

namespace electrodem::io {

std::size_t Field::tuples() const {
  const std::size_t n = is_int() ? int_data.size() : data.size();
  return components > 0 ? n / static_cast<std::size_t>(components) : 0;
}

Field Field::scalar(std::string name, std::span<const double> v) {
  return {std::move(name), 1, std::vector<double>(v.begin(), v.end()), {}};
}

Field Field::integers(std::string name, std::span<const int> v) {
  return {std::move(name), 1, {}, std::vector<std::int32_t>(v.begin(), v.end())};
}

Field Field::vector3(std::string name, std::span<const double> x, std::span<const double> y,
                     std::span<const double> z) {
  if (y.size() != x.size() || z.size() != x.size())
    throw std::invalid_argument("vector field '" + name + "': x, y, z arrays differ in length");
  Field f{std::move(name), 3, std::vector<double>(3 * x.size()), {}};
  for (std::size_t i = 0; i < x.size(); ++i) {
    f.data[3 * i] = x[i];
    f.data[3 * i + 1] = y[i];
    f.data[3 * i + 2] = z[i];
  }
  return f;
}

Field Field::tensor(std::string name, std::vector<double> row_major) {
  if (row_major.size() % 9 != 0)
    throw std::invalid_argument("tensor field '" + name + "': size is not a multiple of 9");
  return {std::move(name), 9, std::move(row_major), {}};
}

namespace {

void check_points(const Points& p, const char* what) {
  if (p.y.size() != p.x.size() || p.z.size() != p.x.size())
    throw std::invalid_argument(std::string(what) + ": x, y, z arrays differ in length");
}

vtkNew<vtkPoints> make_points(const Points& p) {
  vtkNew<vtkPoints> pts;
  pts->SetDataTypeToDouble();
  pts->SetNumberOfPoints(static_cast<vtkIdType>(p.size()));
  for (std::size_t i = 0; i < p.size(); ++i)
    pts->SetPoint(static_cast<vtkIdType>(i), p.x[i], p.y[i], p.z[i]);
  return pts;
}

// Adds each field as a vtkDoubleArray or vtkIntArray with n tuples.
void add_fields(vtkDataSetAttributes* attrs, const std::vector<Field>& fields, std::size_t n,
                const char* where) {
  for (const auto& f : fields) {
    const std::size_t values = f.is_int() ? f.int_data.size() : f.data.size();
    if (f.components < 1 || values != n * static_cast<std::size_t>(f.components))
      throw std::invalid_argument(std::string(where) + " field '" + f.name + "': " +
                                  std::to_string(values) + " values for " + std::to_string(n) +
                                  " tuples of " + std::to_string(f.components) + " components");
    if (f.is_int()) {
      vtkNew<vtkIntArray> a;
      a->SetName(f.name.c_str());
      a->SetNumberOfComponents(f.components);
      a->SetNumberOfTuples(static_cast<vtkIdType>(n));
      std::copy(f.int_data.begin(), f.int_data.end(), a->GetPointer(0));
      attrs->AddArray(a);
    } else {
      vtkNew<vtkDoubleArray> a;
      a->SetName(f.name.c_str());
      a->SetNumberOfComponents(f.components);
      a->SetNumberOfTuples(static_cast<vtkIdType>(n));
      std::copy(f.data.begin(), f.data.end(), a->GetPointer(0));
      attrs->AddArray(a);
    }
  }
}

// Appended raw binary (no base64), 64-bit headers so > 4 GB frames work.
void write(const std::filesystem::path& file, vtkPolyData* poly, const VtpOptions& opt) {
  const auto tmp = temp_sibling(file);
  vtkNew<vtkXMLPolyDataWriter> w;
  w->SetFileName(tmp.string().c_str());
  w->SetInputData(poly);
  w->SetDataModeToAppended();
  w->EncodeAppendedDataOff();
  w->SetHeaderTypeToUInt64();
  if (opt.zlib)
    w->SetCompressorTypeToZLib();
  else
    w->SetCompressorTypeToNone();
  const int ok = w->Write();
  if (!ok || w->GetErrorCode() != vtkErrorCode::NoError) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    // (vtkErrorCode's strings live in CommonMisc, which we do not link.)
    const unsigned long code = w->GetErrorCode();
    throw std::runtime_error(
        "cannot write " + file.string() + " (VTK error code " + std::to_string(code) +
        (code == vtkErrorCode::CannotOpenFileError ? ": cannot open file" : "") +
        (code == vtkErrorCode::OutOfDiskSpaceError ? ": out of disk space" : "") + ")");
  }
  commit_temp(tmp, file);
}

}  // namespace

void write_points_vtp(const std::filesystem::path& file, const Points& points,
                      const std::vector<Field>& point_data, const VtpOptions& opt) {
  check_points(points, file.c_str());
  vtkNew<vtkPolyData> poly;
  poly->SetPoints(make_points(points));
  vtkNew<vtkCellArray> verts;
  verts->AllocateExact(static_cast<vtkIdType>(points.size()),
                       static_cast<vtkIdType>(points.size()));
  for (std::size_t i = 0; i < points.size(); ++i) {
    const vtkIdType id = static_cast<vtkIdType>(i);
    verts->InsertNextCell(1, &id);
  }
  poly->SetVerts(verts);
  add_fields(poly->GetPointData(), point_data, points.size(), file.c_str());
  write(file, poly, opt);
}

void write_lines_vtp(const std::filesystem::path& file, const Points& a, const Points& b,
                     const std::vector<Field>& cell_data, const VtpOptions& opt) {
  check_points(a, file.c_str());
  check_points(b, file.c_str());
  if (a.size() != b.size())
    throw std::invalid_argument(file.string() + ": segment start and end arrays differ in length");
  const std::size_t n = a.size();
  vtkNew<vtkPoints> pts;
  pts->SetDataTypeToDouble();
  pts->SetNumberOfPoints(static_cast<vtkIdType>(2 * n));
  vtkNew<vtkCellArray> lines;
  lines->AllocateExact(static_cast<vtkIdType>(n), static_cast<vtkIdType>(2 * n));
  for (std::size_t k = 0; k < n; ++k) {
    const vtkIdType ids[2] = {static_cast<vtkIdType>(2 * k), static_cast<vtkIdType>(2 * k + 1)};
    pts->SetPoint(ids[0], a.x[k], a.y[k], a.z[k]);
    pts->SetPoint(ids[1], b.x[k], b.y[k], b.z[k]);
    lines->InsertNextCell(2, ids);
  }
  vtkNew<vtkPolyData> poly;
  poly->SetPoints(pts);
  poly->SetLines(lines);
  add_fields(poly->GetCellData(), cell_data, n, file.c_str());
  write(file, poly, opt);
}

PolygonMesh horizontal_walls(double lx, double ly, const std::vector<double>& heights) {
  PolygonMesh m;
  for (const double z : heights) {
    const auto base = static_cast<std::int64_t>(m.points.size());
    m.points.push_back({0.0, 0.0, z});
    m.points.push_back({lx, 0.0, z});
    m.points.push_back({lx, ly, z});
    m.points.push_back({0.0, ly, z});
    m.polygons.push_back({base, base + 1, base + 2, base + 3});
  }
  return m;
}

void write_polygons_vtp(const std::filesystem::path& file, const PolygonMesh& mesh,
                        const std::vector<Field>& cell_data, const VtpOptions& opt) {
  vtkNew<vtkPoints> pts;
  pts->SetDataTypeToDouble();
  pts->SetNumberOfPoints(static_cast<vtkIdType>(mesh.points.size()));
  for (std::size_t i = 0; i < mesh.points.size(); ++i)
    pts->SetPoint(static_cast<vtkIdType>(i), mesh.points[i].data());
  vtkNew<vtkCellArray> polys;
  for (const auto& poly : mesh.polygons) {
    std::vector<vtkIdType> ids;
    for (const auto v : poly) {
      if (v < 0 || v >= static_cast<std::int64_t>(mesh.points.size()))
        throw std::invalid_argument(file.string() + ": polygon vertex index " + std::to_string(v) +
                                    " out of range");
      ids.push_back(static_cast<vtkIdType>(v));
    }
    polys->InsertNextCell(static_cast<vtkIdType>(ids.size()), ids.data());
  }
  vtkNew<vtkPolyData> pd;
  pd->SetPoints(pts);
  pd->SetPolys(polys);
  add_fields(pd->GetCellData(), cell_data, mesh.polygons.size(), file.c_str());
  write(file, pd, opt);
}

}  // namespace electrodem::io
