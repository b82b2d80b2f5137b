#include "dump/debug1_parser.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include "unit/test_data.h"

#include <set>
#include <string>
#include <vector>

namespace gopit {
namespace {

using namespace testing_data;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l);)
    lines.push_back(l);
  return lines;
}

ReadResult Parse(std::string_view text) {
  ReadResult r;
  ParseDebug1(text, "in.txt", ParseOptions{}, r);
  return r;
}

bool HasFrame(const Symbols& sym, StackId stack, std::string_view function, std::string_view file,
              int line) {
  for (FrameId id : sym.GetStack(stack).frames) {
    const Frame& f = sym.GetFrame(id);
    if (sym.Str(f.function) == function && sym.Str(f.file) == file && f.line == line) return true;
  }
  return false;
}

// Goroutines whose stack passes through function at file:line.
uint64_t CountAt(const ReadResult& r, const Snapshot& s, const nlohmann::json& site) {
  uint64_t n = 0;
  for (const GoroutineRecord& g : s.goroutines) {
    if (HasFrame(*r.symbols, g.stack, site["function"].get<std::string>(),
                 site["file"].get<std::string>(), site["line"].get<int>())) {
      n += g.count;
    }
  }
  return n;
}

std::vector<std::string> FunctionsOf(const ReadResult& r, const GoroutineRecord& g) {
  std::vector<std::string> out;
  for (FrameId id : r.symbols->GetStack(g.stack).frames) {
    out.emplace_back(r.symbols->Str(r.symbols->GetFrame(id).function));
  }
  return out;
}

bool AnyWarningMentions(const ReadResult& r, uint64_t line, std::string_view text) {
  for (const Warning& w : r.warnings) {
    if (w.line == line && w.message.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Debug1Parser, StatesCountsPerSiteMatchTheManifest) {
  std::string text = Data("states.debug1.txt");
  ReadResult r = Parse(text);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0].line << ": " << r.warnings[0].message;
  ASSERT_EQ(r.snapshots.size(), 1u);
  const Snapshot& s = r.snapshots[0];
  EXPECT_EQ(s.input, "in.txt");
  EXPECT_EQ(s.format, InputFormat::kDebug1);
  EXPECT_FALSE(s.leak_profile);
  EXPECT_EQ(s.declared_total, 157);
  EXPECT_EQ(s.TotalGoroutines(), 157u);
  EXPECT_EQ(s.first_line, 1u);
  nlohmann::json m = Manifest("states.manifest.json");
  ASSERT_GE(m["sites"].size(), 15u);
  for (const auto& site : m["sites"]) {
    EXPECT_EQ(CountAt(r, s, site), site["count"].get<uint64_t>()) << site["site"];
  }
}

TEST(Debug1Parser, RecordsCarryCountLineAndNoIdOrState) {
  std::string text = Data("states.debug1.txt");
  std::vector<std::string> lines = Lines(text);
  ReadResult r = Parse(text);
  ASSERT_EQ(r.snapshots.size(), 1u);
  ASSERT_EQ(r.snapshots[0].goroutines.size(), 29u);
  for (const GoroutineRecord& g : r.snapshots[0].goroutines) {
    EXPECT_EQ(g.id, 0u);
    EXPECT_EQ(g.state, kNoStr);
    EXPECT_FALSE(g.leaked);
    ASSERT_GE(g.line, 1u);
    ASSERT_LE(g.line, lines.size());
    EXPECT_EQ(lines[g.line - 1].rfind(std::to_string(g.count) + " @ 0x", 0), 0u)
        << lines[g.line - 1];
  }
  EXPECT_EQ(r.snapshots[0].goroutines[0].line, 2u);
  EXPECT_EQ(r.snapshots[0].goroutines[0].count, 17u);
}

TEST(Debug1Parser, FramesInnermostFirstWithoutOffsets) {
  ReadResult r = Parse(Data("states.debug1.txt"));
  const Snapshot& s = r.snapshots[0];
  const GoroutineRecord* mutex = nullptr;
  for (const GoroutineRecord& g : s.goroutines) {
    if (g.count == 12) mutex = &g;
  }
  ASSERT_NE(mutex, nullptr);
  EXPECT_EQ(FunctionsOf(r, *mutex),
            (std::vector<std::string>{
                "internal/sync.runtime_SemacquireMutex", "internal/sync.(*Mutex).lockSlow",
                "internal/sync.(*Mutex).Lock", "sync.(*Mutex).Lock", "main.lockMutex"}));
  const Frame& top = r.symbols->GetFrame(r.symbols->GetStack(mutex->stack).frames[0]);
  EXPECT_EQ(r.symbols->Str(top.file), "/usr/local/go/src/runtime/sema.go");
  EXPECT_EQ(top.line, 95);
  EXPECT_FALSE(top.inlined);
  EXPECT_EQ(top.args, kNoStr);
  // Generic functions keep the runtime's "[...]".
  bool generic = false;
  for (const GoroutineRecord& g : s.goroutines) {
    for (const std::string& f : FunctionsOf(r, g))
      generic |= f == "main.sendForever[...]";
  }
  EXPECT_TRUE(generic);
}

TEST(Debug1Parser, Labels) {
  ReadResult r = Parse(Data("states.debug1.txt"));
  std::set<std::string> labels;
  uint64_t labelled = 0;
  for (const GoroutineRecord& g : r.snapshots[0].goroutines) {
    if (g.labels == kNoStr) continue;
    labelled += g.count;
    labels.insert(std::string(r.symbols->Str(g.labels)));
    EXPECT_EQ(FunctionsOf(r, g)[0], "main.waitLabeled");
  }
  EXPECT_EQ(labelled, 9u);
  ASSERT_EQ(labels.size(), 9u);
  for (int i = 0; i < 9; ++i) {
    std::string want = "{\"site\":\"labels\", \"worker\":\"" + std::to_string(i) + "\"}";
    EXPECT_EQ(labels.count(want), 1u) << want;
  }
}

TEST(Debug1Parser, StackAtTheRuntimeDepthLimitIsMarkedCut) {
  ReadResult r = Parse(Data("states.debug1.txt"));
  size_t cut = 0;
  for (const GoroutineRecord& g : r.snapshots[0].goroutines) {
    const Stack& st = r.symbols->GetStack(g.stack);
    if (!st.elided_unknown) continue;
    ++cut;
    EXPECT_EQ(FunctionsOf(r, g)[0], "main.recurse");
    EXPECT_EQ(st.frames.size(), 125u);  // 128 PCs less the hidden runtime frames
  }
  EXPECT_EQ(cut, 1u);
}

TEST(Debug1Parser, LeakProfile) {
  ReadResult r = Parse(Data("leakprof.debug1.txt"));
  EXPECT_TRUE(r.warnings.empty());
  ASSERT_EQ(r.snapshots.size(), 1u);
  const Snapshot& s = r.snapshots[0];
  EXPECT_TRUE(s.leak_profile);
  EXPECT_EQ(s.declared_total, static_cast<int64_t>(s.TotalGoroutines()));
  for (const GoroutineRecord& g : s.goroutines)
    EXPECT_TRUE(g.leaked);
  nlohmann::json m = Manifest("leakprof.manifest.json");
  for (const auto& site : m["sites"]) {
    // Only what the runtime proved leaked is in the profile.
    uint64_t want = site.value("leaked", false) ? site["count"].get<uint64_t>() : 0;
    EXPECT_EQ(CountAt(r, s, site), want) << site["site"];
  }
}

TEST(Debug1Parser, ConcatenatedProfilesGiveOneSnapshotEach) {
  std::string a = Data("states.debug1.txt");
  std::string b = Data("leakprof.debug1.txt");
  size_t a_lines = Lines(a).size();
  ReadResult r = Parse(a + b + a);
  EXPECT_TRUE(r.warnings.empty());
  ASSERT_EQ(r.snapshots.size(), 3u);
  EXPECT_FALSE(r.snapshots[0].leak_profile);
  EXPECT_TRUE(r.snapshots[1].leak_profile);
  EXPECT_FALSE(r.snapshots[2].leak_profile);
  EXPECT_EQ(r.snapshots[1].first_line, a_lines + 1);
  EXPECT_EQ(r.snapshots[1].goroutines[0].line, a_lines + 2);
  EXPECT_EQ(r.snapshots[0].TotalGoroutines(), 157u);
  EXPECT_EQ(r.snapshots[2].TotalGoroutines(), 157u);
  // Same stacks, same ids: symbols are shared across snapshots.
  EXPECT_EQ(r.snapshots[0].goroutines[5].stack, r.snapshots[2].goroutines[5].stack);
}

TEST(Debug1Parser, TruncatedInputKeepsWhatWasRead) {
  std::string text = Data("states.debug1.txt");
  std::vector<std::string> lines = Lines(text);
  // Cut in the middle of line 23, a frame line of the mutex record.
  size_t cut = 0;
  for (int i = 0; i < 22; ++i)
    cut = text.find('\n', cut) + 1;
  std::string truncated = text.substr(0, cut + 20);
  ReadResult r = Parse(truncated);
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_TRUE(AnyWarningMentions(r, 23, "truncated"));
  EXPECT_TRUE(AnyWarningMentions(r, 1, "add up to"));
  const Snapshot& s = r.snapshots[0];
  ASSERT_EQ(s.goroutines.size(), 6u);
  EXPECT_EQ(s.TotalGoroutines(), 17u + 16 + 15 + 14 + 13 + 12);
  EXPECT_EQ(FunctionsOf(r, s.goroutines[4]).back(), "main.waitGroup");
}

TEST(Debug1Parser, EveryPrefixParsesWithoutTrouble) {
  std::string text = Data("leakprof.debug1.txt");
  for (size_t n = 0; n <= text.size(); ++n) {
    ReadResult r = Parse(std::string_view(text).substr(0, n));
    EXPECT_LE(r.snapshots.size(), 1u);
    if (!r.snapshots.empty()) EXPECT_LE(r.snapshots[0].TotalGoroutines(), 22u);
  }
}

TEST(Debug1Parser, EmptyInput) {
  ReadResult r = Parse("");
  EXPECT_TRUE(r.snapshots.empty());
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Debug1Parser, EmptyLeakProfileIsASnapshotWithNoGoroutines) {
  ReadResult r = Parse("goroutineleak profile: total 0\n");
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_TRUE(r.snapshots[0].leak_profile);
  EXPECT_EQ(r.snapshots[0].declared_total, 0);
  EXPECT_TRUE(r.snapshots[0].goroutines.empty());
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Debug1Parser, JunkLinesAreWarnedAboutAndSkipped) {
  std::string text = Data("leakprof.debug1.txt");
  std::vector<std::string> lines = Lines(text);
  std::string junked = "2024/05/01 12:00:00 fetching profile\n";
  for (size_t i = 0; i < lines.size(); ++i) {
    junked += lines[i] + "\n";
    if (i == 2) junked += "<html>oops</html>\n";
  }
  ReadResult r = Parse(junked);
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_EQ(r.snapshots[0].TotalGoroutines(), 22u);
  EXPECT_TRUE(AnyWarningMentions(r, 1, "not part of"));
  EXPECT_TRUE(AnyWarningMentions(r, 5, "not part of"));
  EXPECT_EQ(r.warnings.size(), 2u);
  // The record around the junk line lost nothing.
  EXPECT_EQ(FunctionsOf(r, r.snapshots[0].goroutines[0]),
            (std::vector<std::string>{"main.lookup.func1"}));
}

TEST(Debug1Parser, CrlfLineEndings) {
  std::string text = Data("leakprof.debug1.txt");
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf.push_back('\r');
    crlf.push_back(c);
  }
  ReadResult a = Parse(text);
  ReadResult b = Parse(crlf);
  EXPECT_TRUE(b.warnings.empty());
  ASSERT_EQ(b.snapshots.size(), 1u);
  ASSERT_EQ(a.snapshots[0].goroutines.size(), b.snapshots[0].goroutines.size());
  for (size_t i = 0; i < a.snapshots[0].goroutines.size(); ++i) {
    EXPECT_EQ(FunctionsOf(a, a.snapshots[0].goroutines[i]),
              FunctionsOf(b, b.snapshots[0].goroutines[i]));
  }
}

TEST(Debug1Parser, MalformedLines) {
  std::string text =
      "3 @ 0x1 0x2\n"                           // 1: before any header
      "#\t0x1\tmain.a+0x1\t/a.go:1\n"           // 2
      "\n"                                      // 3
      "goroutine profile: total 9\n"            // 4
      "12x @ 0x1\n"                             // 5: bad count
      "#\t0x1\tmain.skipped+0x1\t/a.go:2\n"     // 6: belongs to the bad record
      "\n"                                      // 7
      "#\t0x1\tmain.orphan+0x1\t/a.go:3\n"      // 8: outside a record
      "2 @ 0x10 zz\n"                           // 9: bad PC, record kept
      "#\t0x4a1964\n"                           // 10: unsymbolised frame
      "#\t0x4a1965\tmain.nofile+0x3\n"          // 11: no file:line
      "#\t0x4a1966\tmain.f\t/my dir/f.go:12\n"  // 12: no offset, space in path
      "#oops\n"                                 // 13
      "# labels: {\"k\":\"v\"}\n"               // 14: labels after frames
      "\n"                                      // 15
      "18446744073709551616 @ 0x1\n"            // 16: count overflows
      "\n";
  ReadResult r = Parse(text);
  ASSERT_EQ(r.snapshots.size(), 2u);
  EXPECT_TRUE(AnyWarningMentions(r, 1, "before any"));
  EXPECT_EQ(r.snapshots[0].declared_total, -1);
  ASSERT_EQ(r.snapshots[0].goroutines.size(), 1u);
  EXPECT_EQ(r.snapshots[0].goroutines[0].count, 3u);
  EXPECT_TRUE(AnyWarningMentions(r, 5, "malformed record"));
  EXPECT_TRUE(AnyWarningMentions(r, 8, "outside a record"));
  EXPECT_TRUE(AnyWarningMentions(r, 9, "malformed PC"));
  EXPECT_TRUE(AnyWarningMentions(r, 11, "file:line"));
  EXPECT_TRUE(AnyWarningMentions(r, 13, "malformed frame"));
  EXPECT_TRUE(AnyWarningMentions(r, 14, "labels"));
  EXPECT_TRUE(AnyWarningMentions(r, 16, "malformed record"));
  EXPECT_TRUE(AnyWarningMentions(r, 4, "add up to"));
  const Snapshot& s = r.snapshots[1];
  ASSERT_EQ(s.goroutines.size(), 1u);
  EXPECT_EQ(s.goroutines[0].line, 9u);
  EXPECT_EQ(FunctionsOf(r, s.goroutines[0]),
            (std::vector<std::string>{"0x4a1964", "main.nofile", "main.f"}));
  const Frame& f = r.symbols->GetFrame(r.symbols->GetStack(s.goroutines[0].stack).frames[2]);
  EXPECT_EQ(r.symbols->Str(f.file), "/my dir/f.go");
  EXPECT_EQ(f.line, 12);
}

TEST(Debug1Parser, OtherCountProfilesAreReadWithAWarning) {
  ReadResult r = Parse(
      "threadcreate profile: total 1\n"
      "1 @ 0x1\n"
      "#\t0x1\truntime.newm+0x1\t/r.go:1\n\n");
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_TRUE(AnyWarningMentions(r, 1, "not a goroutine profile"));
  EXPECT_EQ(r.snapshots[0].TotalGoroutines(), 1u);
}

TEST(Debug1Parser, WarningsAreCapped) {
  std::string junk;
  for (int i = 0; i < 10000; ++i)
    junk += "junk line\n";
  ReadResult r = Parse(junk);
  EXPECT_TRUE(r.snapshots.empty());
  ASSERT_EQ(r.warnings.size(), 101u);
  EXPECT_NE(r.warnings.back().message.find("9900 more"), std::string::npos);
}

}  // namespace
}  // namespace gopit

namespace gopit {
namespace {

// golang/go#22773 pasted a debug=1 profile as plain issue text: GitHub took
// each "#" at a line start for a heading, so the frame lines lost it and kept
// only their indent (tests/data/realdumps/leak.golang-22773.nohash.debug1.txt).
TEST(Debug1Parser, FrameLinesThatLostTheirHashMark) {
  ReadResult r = Parse(
      "goroutine profile: total 1779\n"
      "869 @ 0x4c974c 0x4d9228 0x822125 0x4f65c1\n"
      "        0x822124\tnet/http.(*persistConn).writeLoop+0x164\t"
      "/usr/local/go/src/net/http/transport.go:1759\n"
      "\n"
      "866 @ 0x4c974c 0x4d9228 0x820f97 0x4f65c1\n"
      "       0x820f96\tnet/http.(*persistConn).readLoop+0x7a6\t"
      "/usr/local/go/src/net/http/transport.go:1654\n");
  ASSERT_EQ(r.snapshots.size(), 1u);
  const Snapshot& s = r.snapshots[0];
  ASSERT_EQ(s.goroutines.size(), 2u);
  EXPECT_EQ(FunctionsOf(r, s.goroutines[0]),
            std::vector<std::string>{"net/http.(*persistConn).writeLoop"});
  EXPECT_TRUE(HasFrame(*r.symbols, s.goroutines[1].stack, "net/http.(*persistConn).readLoop",
                       "/usr/local/go/src/net/http/transport.go", 1654));
  for (const Warning& w : r.warnings)
    EXPECT_EQ(w.message.find("not part of"), std::string::npos) << w.line << ": " << w.message;
  // Outside a record such a line is still not a frame.
  ReadResult orphan = Parse(
      "goroutine profile: total 1\n"
      "0x822124\tmain.f+0x1\t/a.go:1\n");
  EXPECT_TRUE(AnyWarningMentions(orphan, 2, "not part of"));
}

}  // namespace
}  // namespace gopit
