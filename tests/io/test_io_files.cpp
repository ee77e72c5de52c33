// CSV time series, summary.json, checkpoints and the run directory.
#include <cmath>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "electrodem/core/error.hpp"
#include "electrodem/core/files.hpp"
#include "electrodem/io/checkpoint.hpp"
#include "electrodem/io/csv_series.hpp"
#include "electrodem/io/run_dir.hpp"
#include "electrodem/io/summary.hpp"
#include "test_io_util.hpp"

namespace electrodem::io {
namespace {
using testing::scratch_dir;
using testing::temp_files;

std::vector<std::string> lines_of(const std::filesystem::path& f) {
  std::ifstream is(f);
  std::vector<std::string> out;
  for (std::string l; std::getline(is, l);) out.push_back(l);
  return out;
}

TEST(CsvSeries, HeaderOnceValuesExactFlushedPerRow) {
  const auto dir = scratch_dir("csv");
  const auto f = dir / "timeseries.csv";
  const double third = 1.0 / 3.0;
  {
    CsvSeries csv(f);
    csv.write({{"time [s]", 0.0}, {"stack pressure [Pa]", third}, {"a, b [-]", NAN}});
    // Flushed: visible to a reader while the writer is still open.
    EXPECT_EQ(lines_of(f).size(), 2u);
    csv.write({{"time [s]", 1e-300}, {"stack pressure [Pa]", -2.5e8}, {"a, b [-]", INFINITY}});
    EXPECT_THROW(csv.write({{"time [s]", 1.0}, {"pressure [Pa]", 1.0}, {"a, b [-]", 0.0}}),
                 std::invalid_argument);
    EXPECT_THROW(csv.write({{"time [s]", 1.0}}), std::invalid_argument);
  }
  const auto l = lines_of(f);
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0], "time [s],stack pressure [Pa],\"a, b [-]\"");
  std::stringstream row(l[1]);
  std::string t, p, q;
  std::getline(row, t, ',');
  std::getline(row, p, ',');
  std::getline(row, q, ',');
  EXPECT_EQ(std::stod(p), third);  // max_digits10: bit-exact
  EXPECT_EQ(q, "nan");
  EXPECT_EQ(l[2], "1e-300,-250000000,inf");
}

TEST(CsvSeries, AppendKeepsHeaderAndChecksColumns) {
  const auto dir = scratch_dir("csvappend");
  const auto f = dir / "t.csv";
  CsvSeries(f).write({{"time [s]", 1.0}, {"x [m]", 2.0}});
  {
    CsvSeries more(f, CsvSeries::Mode::append);
    EXPECT_EQ(more.columns(), (std::vector<std::string>{"time [s]", "x [m]"}));
    more.write({{"time [s]", 2.0}, {"x [m]", 3.0}});
    EXPECT_THROW(more.write({{"x [m]", 3.0}, {"time [s]", 2.0}}), std::invalid_argument);
  }
  EXPECT_EQ(lines_of(f), (std::vector<std::string>{"time [s],x [m]", "1,2", "2,3"}));
  // A half-written last row (interrupted run) is dropped before appending.
  std::ofstream(f, std::ios::app) << "3,";
  CsvSeries(f, CsvSeries::Mode::append).write({{"time [s]", 3.0}, {"x [m]", 4.0}});
  EXPECT_EQ(lines_of(f), (std::vector<std::string>{"time [s],x [m]", "1,2", "2,3", "3,4"}));
  // Truncate starts over.
  CsvSeries(f).write({{"y [m]", 1.0}});
  EXPECT_EQ(lines_of(f), (std::vector<std::string>{"y [m]", "1"}));
}

TEST(Summary, ObjectPerStageRewrittenAtomically) {
  const auto dir = scratch_dir("summary");
  const auto f = dir / "summary.json";
  {
    Summary s(f);
    s.set_stage("press", Json{{"relative density at max pressure [-]", 0.83}});
    EXPECT_EQ(Json::parse(read_file(f))["press"]["relative density at max pressure [-]"], 0.83);
    s.set("release", "springback [-]", 0.02);
    s.set("release", "relative density [-]", 0.8);
    s.set_stage("press", Json{{"max pressure [Pa]", 3e8}});  // replaces the stage
  }
  const Json j = Json::parse(read_file(f));
  EXPECT_EQ(j.size(), 2u);
  EXPECT_FALSE(j["press"].contains("relative density at max pressure [-]"));
  EXPECT_EQ(j["release"].begin().key(), "springback [-]");  // insertion order kept
  EXPECT_EQ(temp_files(dir), 0u);
  // A stage run alone later keeps the earlier stages; a fresh run does not.
  Summary(f, true).set("transport", "ionic conductivity [S/m]", 0.01);
  EXPECT_EQ(Json::parse(read_file(f)).size(), 3u);
  Summary(f).set("transport", "ionic conductivity [S/m]", 0.01);
  EXPECT_EQ(Json::parse(read_file(f)).size(), 1u);
  std::ofstream(dir / "bad.json") << "{oops";
  EXPECT_THROW(Summary(dir / "bad.json", true), InputError);
}

// A producer's serializer/deserializer pair as the DEM and echem stages use them.
struct State {
  double time = 0;
  std::vector<double> x;
  std::vector<int> id;
  std::string note;
  void save(std::ostream& os) const {
    BinaryWriter w(os);
    w.pod(time);
    w.vector(x);
    w.vector(id);
    w.string(note);
  }
  static State load(const std::string& bytes, const std::string& ctx) {
    BinaryReader r(bytes, ctx);
    State s;
    s.time = r.pod<double>();
    s.x = r.vector<double>();
    s.id = r.vector<int>();
    s.note = r.string();
    r.expect_done();
    return s;
  }
};

Checkpoint sample() {
  State s{0.125, {1.0 / 3.0, -2.0, 1e-300}, {4, 5, 6}, "pressed"};
  Checkpoint ck;
  ck.set("config", std::string(R"({"seed": 1})"));
  ck.set("dem", [&](std::ostream& os) { s.save(os); });
  ck.set("empty", std::string());
  return ck;
}

TEST(Checkpoint, RoundTrip) {
  const auto dir = scratch_dir("ckpt");
  const auto f = dir / "press.ckpt";
  sample().write(f);
  EXPECT_EQ(temp_files(dir), 0u);
  const auto ck = Checkpoint::read(f);
  EXPECT_EQ(ck.names(), (std::vector<std::string>{"config", "dem", "empty"}));
  EXPECT_EQ(ck.bytes("config"), R"({"seed": 1})");
  const State s = State::load(ck.bytes("dem"), f.string() + " [dem]");
  EXPECT_EQ(s.time, 0.125);
  EXPECT_EQ(s.x, (std::vector<double>{1.0 / 3.0, -2.0, 1e-300}));
  EXPECT_EQ(s.id, (std::vector<int>{4, 5, 6}));
  EXPECT_EQ(s.note, "pressed");
  EXPECT_TRUE(ck.bytes("empty").empty());
  try {
    ck.bytes("echem");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.issues()[0].path, f.string());
    EXPECT_NE(e.issues()[0].expected.find("'echem'"), std::string::npos);
  }
}

TEST(Checkpoint, TruncatedOrCorruptFilesNameTheFile) {
  const auto dir = scratch_dir("ckptbad");
  const auto good = dir / "good.ckpt";
  sample().write(good);
  const std::string bytes = read_file(good);
  // Every possible truncation is detected (none parses as a valid checkpoint).
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    const auto f = dir / "cut.ckpt";
    write_file_atomic(f, bytes.substr(0, cut));
    try {
      Checkpoint::read(f);
      FAIL() << "truncation at " << cut << " not detected";
    } catch (const InputError& e) {
      EXPECT_EQ(e.issues()[0].path, f.string());
    }
  }
  // A flipped byte inside a section's data fails its checksum.
  std::string flipped = bytes;
  flipped[bytes.find("pressed")] ^= 0x20;
  write_file_atomic(dir / "flip.ckpt", flipped);
  try {
    Checkpoint::read(dir / "flip.ckpt");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(e.issues()[0].expected.find("checksum"), std::string::npos) << e.what();
  }
  write_file_atomic(dir / "text.ckpt", "{\"not\": \"a checkpoint\"}");
  EXPECT_THROW(Checkpoint::read(dir / "text.ckpt"), InputError);
  EXPECT_THROW(Checkpoint::read(dir / "absent.ckpt"), InputError);
  // A section read with the wrong layout runs past its end.
  const auto ck = Checkpoint::read(good);
  EXPECT_THROW(State::load(ck.bytes("config"), "config"), InputError);
}

TEST(RunDir, CreatesLayoutAndAcceptsExisting) {
  const auto dir = scratch_dir("rundir");
  const auto d = RunDir::create(dir / "runs" / "default");
  EXPECT_TRUE(std::filesystem::is_directory(d.vtk));
  EXPECT_TRUE(std::filesystem::is_directory(d.checkpoints));
  EXPECT_EQ(d.summary(), dir / "runs" / "default" / "summary.json");
  EXPECT_EQ(d.checkpoint("press"), d.checkpoints / "press.ckpt");
  write_file_atomic(d.summary(), "{}");
  EXPECT_NO_THROW(RunDir::create(dir / "runs" / "default"));  // existing run: reused
  EXPECT_TRUE(std::filesystem::exists(d.summary()));
  std::ofstream(dir / "afile") << "x";
  EXPECT_THROW(RunDir::create(dir / "afile"), InputError);
}

}  // namespace
}  // namespace electrodem::io
