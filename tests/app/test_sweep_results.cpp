// results.csv building blocks: flattening summaries, completeness, CSV quoting.
#include <gtest/gtest.h>

#include "electrodem/stages/sweep_results.hpp"
#include "sweep_test_util.hpp"

namespace {

using electrodem::Json;
using namespace electrodem::stages;

TEST(SweepResults, FlattensScalarsAsStageDotKeyInDocumentOrder) {
  const Json s =
      Json::parse(R"({"press": {"relative density at max pressure [-]": 0.91, "curve": [1, 2]},
      "transport": {"ionic conductivity [S/m]": 0.012, "per phase": {"AM [-]": 0.5}, "model": "holm"},
      "complete": true, "run": {"complete": true, "wall time [s]": 3}, "converged": false})");
  const auto f = flatten_scalars(s);
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0].first, "press.relative density at max pressure [-]");
  EXPECT_EQ(f[0].second, 0.91);
  EXPECT_EQ(f[1].first, "transport.ionic conductivity [S/m]");
  EXPECT_EQ(f[2].first, "transport.per phase.AM [-]");
  EXPECT_EQ(f[3].second, "holm");
  EXPECT_EQ(f[4].first, "run.wall time [s]");  // only the "complete" markers are dropped
  EXPECT_EQ(f[5].first, "converged");
}

TEST(SweepResults, OnlyACompleteReadableSummaryCounts) {
  const auto d = sweep_test::scratch("complete");
  EXPECT_FALSE(summary_complete(d));
  sweep_test::write(d / "summary.json", R"({"press": {}, "complete": tr)");  // half written
  EXPECT_FALSE(summary_complete(d));
  EXPECT_TRUE(read_summary(d).is_null());
  sweep_test::write(d / "summary.json", R"({"press": {}, "complete": false})");
  EXPECT_FALSE(summary_complete(d));
  sweep_test::write(d / "summary.json", R"({"press": {}, "complete": true})");
  EXPECT_TRUE(summary_complete(d));
  sweep_test::write(d / "summary.json",
                    R"({"press": {}, "run": {"complete": true}})");  // the runner's marker
  EXPECT_TRUE(summary_complete(d));
  sweep_test::write(d / "summary.json", R"({"press": {}, "run": {"complete": false}})");
  EXPECT_FALSE(summary_complete(d));
}

TEST(SweepResults, CsvQuotingAndLogTails) {
  EXPECT_EQ(csv_field("plain text [-]"), "plain text [-]");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two lines\"");
  const auto d = sweep_test::scratch("tail");
  sweep_test::write(d / "log.txt", "one\n\ntwo\nthree\n  \nfour\n");
  EXPECT_EQ(tail_lines(d / "log.txt", 3), "two | three | four");
  EXPECT_EQ(tail_lines(d / "missing.txt", 3), "");
}

}  // namespace
