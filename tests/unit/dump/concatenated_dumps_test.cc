// Several snapshots in one input: a log with a dump now and then, dumps
// pasted one after another, `cat` of profiles. Each must come out as its own
// snapshot, exactly as it reads alone. The inputs are real captures, joined
// mechanically.
#include <gtest/gtest.h>

#include <string>

#include "dump/reader.h"
#include "unit/test_data.h"

namespace gopit {
namespace {

ReadResult Read(const std::string& text) {
  ReadResult r;
  ReadOptions opts;
  opts.threads = 1;
  EXPECT_TRUE(ParseBytes(text, "in", opts, r).Ok());
  return r;
}

// A snapshot's goroutines as id, state and frames.
std::string Describe(const ReadResult& r, const Snapshot& s) {
  std::string out;
  for (const GoroutineRecord& g : s.goroutines) {
    out += std::to_string(g.id) + " x" + std::to_string(g.count) + " " +
           std::string(r.symbols->Str(g.state)) + ":";
    for (FrameId f : r.symbols->GetStack(g.stack).frames) {
      const Frame& fr = r.symbols->GetFrame(f);
      out += " " + std::string(r.symbols->Str(fr.function)) + ":" + std::to_string(fr.line);
    }
    out += "\n";
  }
  return out;
}

// two-dumps.txt holds two debug=2 dumps of one process, a second apart, with
// log lines around them; the second dump's first goroutine (the connection
// serving it) has an id the first dump lacks.
struct TwoDumps {
  std::string first, second;
};
TwoDumps SplitTwoDumps() {
  std::string all = testing_data::Data("two-dumps.txt");
  size_t a = all.find("== goroutine dump 1 ==\n");
  size_t b = all.find("== goroutine dump 2 ==\n");
  EXPECT_NE(a, std::string::npos);
  EXPECT_NE(b, std::string::npos);
  size_t a_start = a + 23, b_start = b + 23;
  // Each dump ends where the collector's next log line begins.
  size_t a_end = all.find("\n2026-01-14T09:12:04.121Z", a_start) + 1;
  size_t b_end = all.find("\n2026-01-14T09:12:05.130Z", b_start) + 1;
  return {all.substr(a_start, a_end - a_start), all.substr(b_start, b_end - b_start)};
}

TEST(Concatenated, TwoDumpsInALogSplitWhereTheSecondBegins) {
  TwoDumps d = SplitTwoDumps();
  ReadResult one = Read(d.first), two = Read(d.second);
  ReadResult both = Read(testing_data::Data("two-dumps.txt"));
  ASSERT_EQ(both.snapshots.size(), 2u);
  EXPECT_EQ(Describe(both, both.snapshots[0]), Describe(one, one.snapshots.at(0)));
  EXPECT_EQ(Describe(both, both.snapshots[1]), Describe(two, two.snapshots.at(0)));
}

TEST(Concatenated, TwoDumpsCatWithNothingBetween) {
  TwoDumps d = SplitTwoDumps();
  ReadResult one = Read(d.first), two = Read(d.second);
  for (const std::string& joined :
       {d.first + d.second, d.first + "\n" + d.second, d.first + "\n\n\n" + d.second}) {
    ReadResult both = Read(joined);
    ASSERT_EQ(both.snapshots.size(), 2u);
    EXPECT_EQ(Describe(both, both.snapshots[0]), Describe(one, one.snapshots.at(0)));
    EXPECT_EQ(Describe(both, both.snapshots[1]), Describe(two, two.snapshots.at(0)));
  }
}

TEST(Concatenated, EightDebug1Profiles) {
  std::string profile = testing_data::Data("states.debug1.txt");
  ReadResult alone = Read(profile);
  std::string eight;
  for (int i = 0; i < 8; ++i)
    eight += profile;
  ReadResult r = Read(eight);
  ASSERT_EQ(r.snapshots.size(), 8u);
  for (const Snapshot& s : r.snapshots) {
    EXPECT_EQ(s.declared_total, alone.snapshots.at(0).declared_total);
    EXPECT_EQ(Describe(r, s), Describe(alone, alone.snapshots.at(0)));
  }
}

TEST(Concatenated, TwoDumpsInsideADockerLog) {
  TwoDumps d = SplitTwoDumps();
  ReadResult one = Read(d.first), two = Read(d.second);
  std::string log;
  for (const std::string* part : {&d.first, &d.second}) {
    size_t pos = 0;
    while (pos < part->size()) {
      size_t nl = part->find('\n', pos);
      std::string line = part->substr(pos, nl - pos);
      std::string esc;
      for (char c : line) {
        if (c == '\t') {
          esc += "\\t";
        } else if (c == '"' || c == '\\') {
          esc += '\\';
          esc += c;
        } else {
          esc += c;
        }
      }
      log +=
          "{\"log\":\"" + esc + "\\n\",\"stream\":\"stderr\",\"time\":\"2026-01-14T09:12:03Z\"}\n";
      pos = nl + 1;
    }
  }
  ReadResult both = Read(log);
  ASSERT_EQ(both.snapshots.size(), 2u);
  EXPECT_EQ(Describe(both, both.snapshots[0]), Describe(one, one.snapshots.at(0)));
  EXPECT_EQ(Describe(both, both.snapshots[1]), Describe(two, two.snapshots.at(0)));
}

}  // namespace
}  // namespace gopit
