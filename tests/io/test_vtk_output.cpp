// .vtp frames and .pvd collections, read back with VTK's own XML readers.
#include <fstream>

#include <gtest/gtest.h>

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkType.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLDataParser.h>
#include <vtkXMLPolyDataReader.h>

#include "electrodem/core/error.hpp"
#include "electrodem/io/pvd.hpp"
#include "electrodem/io/vtk_output.hpp"
#include "test_io_util.hpp"

namespace electrodem::io {
namespace {
using testing::scratch_dir;
using testing::temp_files;

vtkSmartPointer<vtkPolyData> read_vtp(const std::filesystem::path& f) {
  vtkNew<vtkXMLPolyDataReader> r;
  r->SetFileName(f.string().c_str());
  r->Update();
  EXPECT_EQ(r->GetErrorCode(), 0u) << f;
  return r->GetOutput();
}

struct Particles {
  std::vector<double> x{1e-6, 2e-6, 3e-6}, y{0.5e-6, 0.25e-6, 0.125e-6},
      z{1.0 / 3.0, 2.0 / 3.0, 1e-300};
  std::vector<double> r{1e-6, 2e-6, 0.1};
  std::vector<int> mat{0, 2, 1};
  std::vector<double> vx{1, 2, 3}, vy{-1, -2, -3}, vz{0.1, 0.2, 0.3};
  std::vector<Field> fields() const {
    std::vector<double> t(27);
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = 1.0 / double(k + 1);
    return {Field::scalar("radius [m]", r), Field::integers("material id [-]", mat),
            Field::vector3("velocity [m/s]", vx, vy, vz), Field::tensor("stress [Pa]", t)};
  }
};

void check_particles(vtkPolyData* pd, const Particles& p) {
  ASSERT_EQ(pd->GetNumberOfPoints(), 3);
  EXPECT_EQ(pd->GetNumberOfVerts(), 3);
  double xyz[3];
  pd->GetPoint(2, xyz);
  EXPECT_EQ(xyz[0], p.x[2]);  // raw binary: bit-exact
  EXPECT_EQ(xyz[2], p.z[2]);
  auto* pdata = pd->GetPointData();
  ASSERT_EQ(pdata->GetNumberOfArrays(), 4);
  auto* r = pdata->GetArray("radius [m]");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->GetNumberOfComponents(), 1);
  EXPECT_EQ(r->GetTuple1(2), 0.1);
  auto* m = pdata->GetArray("material id [-]");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->GetDataType(), VTK_INT);
  EXPECT_EQ(m->GetTuple1(1), 2.0);
  auto* v = pdata->GetArray("velocity [m/s]");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->GetNumberOfComponents(), 3);
  EXPECT_EQ(v->GetComponent(1, 1), -2.0);
  auto* s = pdata->GetArray("stress [Pa]");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->GetNumberOfComponents(), 9);
  EXPECT_EQ(s->GetComponent(2, 8), 1.0 / 27.0);
}

TEST(VtkOutput, PointsRoundTrip) {
  const auto dir = scratch_dir("points");
  const Particles p;
  write_points_vtp(dir / "p.vtp", {p.x, p.y, p.z}, p.fields());
  check_particles(read_vtp(dir / "p.vtp"), p);
  write_points_vtp(dir / "pz.vtp", {p.x, p.y, p.z}, p.fields(), {.zlib = true});
  check_particles(read_vtp(dir / "pz.vtp"), p);
  // Binary appended, not ASCII: the header says so.
  std::ifstream is(dir / "p.vtp");
  std::string text((std::istreambuf_iterator<char>(is)), {});
  EXPECT_NE(text.find("<AppendedData encoding=\"raw\">"), std::string::npos);
  EXPECT_NE(text.find("format=\"appended\""), std::string::npos);
  EXPECT_EQ(temp_files(dir), 0u);
}

TEST(VtkOutput, EmptyFrame) {
  const auto dir = scratch_dir("empty");
  const std::vector<double> none;
  write_points_vtp(dir / "e.vtp", {none, none, none}, {Field::scalar("radius [m]", none)});
  EXPECT_EQ(read_vtp(dir / "e.vtp")->GetNumberOfPoints(), 0);
}

TEST(VtkOutput, LinesWithCellData) {
  const auto dir = scratch_dir("lines");
  const std::vector<double> ax{0, 1}, ay{0, 1}, az{0, 1}, bx{1, 1.5}, by{0, 1}, bz{0, 2};
  const std::vector<double> fn{10.0, 20.0};
  const std::vector<int> kind{1, 2};
  write_lines_vtp(dir / "c.vtp", {ax, ay, az}, {bx, by, bz},
                  {Field::scalar("normal force [N]", fn), Field::integers("kind [-]", kind)});
  auto pd = read_vtp(dir / "c.vtp");
  ASSERT_EQ(pd->GetNumberOfLines(), 2);
  EXPECT_EQ(pd->GetNumberOfPoints(), 4);
  auto* f = pd->GetCellData()->GetArray("normal force [N]");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->GetTuple1(1), 20.0);
  EXPECT_NE(pd->GetCellData()->GetArray("kind [-]"), nullptr);
  double p[3];
  pd->GetPoint(3, p);  // end of segment 1
  EXPECT_EQ(p[0], 1.5);
  EXPECT_EQ(p[2], 2.0);
}

TEST(VtkOutput, WallsAsQuads) {
  const auto dir = scratch_dir("walls");
  const auto mesh = horizontal_walls(2.0, 3.0, {0.0, 5.0});
  const std::vector<double> stress{1e6, 2e6};
  write_polygons_vtp(dir / "w.vtp", mesh, {Field::scalar("normal stress [Pa]", stress)});
  auto pd = read_vtp(dir / "w.vtp");
  ASSERT_EQ(pd->GetNumberOfPolys(), 2);
  EXPECT_EQ(pd->GetNumberOfPoints(), 8);
  EXPECT_EQ(pd->GetCellData()->GetArray("normal stress [Pa]")->GetTuple1(1), 2e6);
  double b[6];
  pd->GetBounds(b);
  EXPECT_EQ(b[1], 2.0);
  EXPECT_EQ(b[3], 3.0);
  EXPECT_EQ(b[5], 5.0);
}

TEST(VtkOutput, BadInputThrowsAndLeavesNothing) {
  const auto dir = scratch_dir("bad");
  const std::vector<double> x{1, 2}, y{1, 2}, z{1, 2}, wrong{1, 2, 3};
  EXPECT_THROW(write_points_vtp(dir / "b.vtp", {x, y, z}, {Field::scalar("r", wrong)}),
               std::invalid_argument);
  EXPECT_THROW(write_points_vtp(dir / "b.vtp", {x, y, wrong}, {}), std::invalid_argument);
  EXPECT_THROW(write_points_vtp(dir / "missing" / "b.vtp", {x, y, z}, {}), std::runtime_error);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(Pvd, SeriesRewrittenAfterEveryFrameAndReadByVtk) {
  const auto dir = scratch_dir("pvd");
  const Particles p;
  FrameSeries series(dir / "vtk", "particles");
  std::filesystem::create_directories(dir / "vtk");
  const double times[] = {0.0, 0.5, 1.25};
  for (int k = 0; k < 3; ++k) {
    const auto f = series.next_path();
    EXPECT_EQ(f.filename().string(), "particles_00000" + std::to_string(k) + ".vtp");
    write_points_vtp(f, {p.x, p.y, p.z}, p.fields());
    series.commit(times[k]);
    // After every frame the .pvd on disk lists every frame so far.
    const auto back = PvdCollection::read(dir / "vtk" / "particles.pvd");
    ASSERT_EQ(back.entries().size(), std::size_t(k + 1));
    EXPECT_EQ(back.entries()[std::size_t(k)].time, times[k]);
    EXPECT_EQ(back.entries()[std::size_t(k)].file, f.filename().string());  // relative to the .pvd
  }
  EXPECT_EQ(temp_files(dir), 0u);

  // VTK 9.1 has no .pvd reader (that is ParaView's vtkPVDReader), so parse
  // the XML with VTK's own parser and read each frame with its XML reader.
  vtkNew<vtkXMLDataParser> parser;
  parser->SetFileName((dir / "vtk" / "particles.pvd").string().c_str());
  ASSERT_EQ(parser->Parse(), 1);
  vtkXMLDataElement* root = parser->GetRootElement();
  ASSERT_STREQ(root->GetName(), "VTKFile");
  ASSERT_STREQ(root->GetAttribute("type"), "Collection");
  vtkXMLDataElement* coll = root->FindNestedElementWithName("Collection");
  ASSERT_NE(coll, nullptr);
  ASSERT_EQ(coll->GetNumberOfNestedElements(), 3);
  for (int k = 0; k < 3; ++k) {
    vtkXMLDataElement* ds = coll->GetNestedElement(k);
    ASSERT_STREQ(ds->GetName(), "DataSet");
    double t = -1;
    ASSERT_TRUE(ds->GetScalarAttribute("timestep", t));
    EXPECT_EQ(t, times[k]);
    check_particles(read_vtp(dir / "vtk" / ds->GetAttribute("file")), p);
  }
}

TEST(Pvd, ReadRejectsOtherFiles) {
  const auto dir = scratch_dir("pvdbad");
  std::ofstream(dir / "x.pvd") << "not xml";
  EXPECT_THROW(PvdCollection::read(dir / "x.pvd"), InputError);
  EXPECT_THROW(PvdCollection::read(dir / "absent.pvd"), InputError);
}

}  // namespace
}  // namespace electrodem::io
