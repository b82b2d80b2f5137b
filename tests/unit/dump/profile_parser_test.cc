#include "dump/profile_parser.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include "unit/test_data.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "dump/debug1_parser.h"

namespace gopit {
namespace {

using namespace testing_data;

ReadResult Parse(std::string_view bytes) {
  ReadResult r;
  ParseProfile(bytes, "in.pb", ParseOptions{}, r);
  return r;
}

ReadResult ParseDebug1Text(std::string_view text) {
  ReadResult r;
  ParseDebug1(text, "in.txt", ParseOptions{}, r);
  return r;
}

// The runtime names generic functions by their shape in profiles
// ("main.f[go.shape.string]") and as "main.f[...]" in text.
bool SameFunction(std::string_view got, std::string_view want) {
  if (got == want) return true;
  size_t g = got.find('['), w = want.find('[');
  return g != std::string_view::npos && w != std::string_view::npos &&
         got.substr(0, g) == want.substr(0, w) && want.substr(w) == "[...]";
}

uint64_t CountAt(const ReadResult& r, const Snapshot& s, const nlohmann::json& site) {
  const Symbols& sym = *r.symbols;
  uint64_t n = 0;
  for (const GoroutineRecord& g : s.goroutines) {
    for (FrameId id : sym.GetStack(g.stack).frames) {
      const Frame& f = sym.GetFrame(id);
      if (SameFunction(sym.Str(f.function), site["function"].get<std::string>()) &&
          sym.Str(f.file) == site["file"].get<std::string>() && f.line == site["line"].get<int>()) {
        n += g.count;
        break;
      }
    }
  }
  return n;
}

struct FrameText {
  std::string function;
  std::string file;
  int line;
  bool inlined;
  bool operator==(const FrameText&) const = default;
};

std::ostream& operator<<(std::ostream& os, const FrameText& f) {
  return os << f.function << " " << f.file << ":" << f.line << (f.inlined ? " inlined" : "");
}

std::vector<FrameText> FramesOf(const ReadResult& r, const GoroutineRecord& g) {
  std::vector<FrameText> out;
  for (FrameId id : r.symbols->GetStack(g.stack).frames) {
    const Frame& f = r.symbols->GetFrame(id);
    out.push_back({std::string(r.symbols->Str(f.function)), std::string(r.symbols->Str(f.file)),
                   f.line, f.inlined});
  }
  return out;
}

const GoroutineRecord* FindByFunction(const ReadResult& r, const Snapshot& s, std::string_view fn) {
  for (const GoroutineRecord& g : s.goroutines) {
    for (const FrameText& f : FramesOf(r, g)) {
      if (f.function == fn) return &g;
    }
  }
  return nullptr;
}

bool AnyWarningMentions(const ReadResult& r, std::string_view text) {
  for (const Warning& w : r.warnings) {
    if (w.message.find(text) != std::string::npos) return true;
  }
  return false;
}

// A tiny encoder for hand-made profiles.
std::string Varint(uint64_t v) {
  std::string s;
  while (v >= 0x80) {
    s.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  s.push_back(static_cast<char>(v));
  return s;
}
std::string VarintField(uint32_t n, uint64_t v) {
  return Varint(uint64_t{n} << 3) + Varint(v);
}
std::string LenField(uint32_t n, const std::string& b) {
  return Varint((uint64_t{n} << 3) | 2) + Varint(b.size()) + b;
}
std::string Packed(uint32_t n, const std::vector<uint64_t>& vs) {
  std::string b;
  for (uint64_t v : vs)
    b += Varint(v);
  return LenField(n, b);
}

// A goroutine profile with: strings, two functions, a location with an
// inlined call (two lines) and one without, and whatever samples are given.
class ProfileBuilder {
 public:
  ProfileBuilder() {
    for (const char* s : {"", "goroutine", "count", "main.inner", "main.outer", "/m.go", "k", "v",
                          "n", "main.leaf"}) {
      strings_.push_back(s);
    }
  }
  std::string sample_type = LenField(1, VarintField(1, 1) + VarintField(2, 2));
  std::string Functions() {
    return LenField(5, VarintField(1, 1) + VarintField(2, 3) + VarintField(4, 5)) +
           LenField(5, VarintField(1, 2) + VarintField(2, 4) + VarintField(4, 5)) +
           LenField(5, VarintField(1, 3) + VarintField(2, 9) + VarintField(4, 5));
  }
  std::string Locations() {
    // Location 1: main.inner (line 7) inlined into main.outer (line 20).
    return LenField(4, VarintField(1, 1) + VarintField(3, 0x1000) +
                           LenField(4, VarintField(1, 1) + VarintField(2, 7)) +
                           LenField(4, VarintField(1, 2) + VarintField(2, 20))) +
           // Location 2: main.leaf line 3.
           LenField(4, VarintField(1, 2) + VarintField(3, 0x2000) +
                           LenField(4, VarintField(1, 3) + VarintField(2, 3)));
  }
  std::string Strings() {
    std::string out;
    for (const std::string& s : strings_)
      out += LenField(6, s);
    return out;
  }
  std::string Build(const std::string& samples) {
    return sample_type + samples + Locations() + Functions() + Strings();
  }
  std::vector<std::string> strings_;
};

TEST(ProfileParser, StatesCountsPerSiteMatchTheManifest) {
  ReadResult r = Parse(Gunzip(Data("states.debug0.pb.gz")));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0].message;
  ASSERT_EQ(r.snapshots.size(), 1u);
  const Snapshot& s = r.snapshots[0];
  EXPECT_EQ(s.input, "in.pb");
  EXPECT_EQ(s.format, InputFormat::kProfile);
  EXPECT_FALSE(s.leak_profile);
  EXPECT_EQ(s.declared_total, -1);
  EXPECT_EQ(s.TotalGoroutines(), 157u);
  EXPECT_EQ(s.goroutines.size(), 29u);
  nlohmann::json m = Manifest("states.manifest.json");
  for (const auto& site : m["sites"]) {
    EXPECT_EQ(CountAt(r, s, site), site["count"].get<uint64_t>()) << site["site"];
  }
  size_t parked_in_block = 0;
  for (const GoroutineRecord& g : s.goroutines) {
    EXPECT_EQ(g.id, 0u);
    EXPECT_EQ(g.line, 0u);
    EXPECT_FALSE(g.leaked);
    // Profiles print no states; only `select {}` (runtime.block) is known
    // from the frames alone.
    if (g.state != kNoStr) {
      EXPECT_EQ(r.symbols->Str(g.state), "select (no cases)");
      ++parked_in_block;
    }
  }
  EXPECT_EQ(parked_in_block, 1u);  // the select-no-cases site is one stack
}

TEST(ProfileParser, AgreesWithDebug1OnTheProgramsOwnGoroutines) {
  ReadResult p = Parse(Gunzip(Data("states.debug0.pb.gz")));
  ReadResult t = ParseDebug1Text(Data("states.debug1.txt"));
  ASSERT_EQ(p.snapshots.size(), 1u);
  ASSERT_EQ(t.snapshots.size(), 1u);
  // The two captures were taken moments apart, so the server's own
  // goroutines may differ; the program's goroutines must not. Records are
  // compared by count, labels and their frames in the program's file.
  auto keys = [](const ReadResult& r) {
    std::multiset<std::string> out;
    for (const GoroutineRecord& g : r.snapshots[0].goroutines) {
      std::string k;
      for (const FrameText& f : FramesOf(r, g)) {
        if (f.file == "/work/main/tests/go/states/main.go") k += " " + std::to_string(f.line);
      }
      if (k.empty()) continue;
      out.insert(std::to_string(g.count) + " " + std::string(r.symbols->Str(g.labels)) + k);
    }
    return out;
  };
  std::multiset<std::string> from_text = keys(t);
  EXPECT_EQ(from_text.size(), 26u);
  EXPECT_EQ(from_text, keys(p));
}

TEST(ProfileParser, EmptyStacksAreCounted) {
  // The encoder drops runtime.goexit, so a goroutine whose stack held
  // nothing else has no frames at all; Go still counts it.
  ReadResult r = Parse(Gunzip(Data("states.debug0.pb.gz")));
  size_t empty = 0;
  for (const GoroutineRecord& g : r.snapshots[0].goroutines) {
    empty += r.symbols->GetStack(g.stack).frames.empty();
  }
  EXPECT_EQ(empty, 1u);
}

TEST(ProfileParser, RuntimeFramesKeptAndInlinedFramesMarked) {
  ReadResult r = Parse(Gunzip(Data("states.debug0.pb.gz")));
  const GoroutineRecord* g = FindByFunction(r, r.snapshots[0], "main.lockMutex");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->count, 12u);
  std::vector<FrameText> want = {
      {"runtime.gopark", "/usr/local/go/src/runtime/proc.go", 462, false},
      {"runtime.goparkunlock", "/usr/local/go/src/runtime/proc.go", 468, true},
      {"runtime.semacquire1", "/usr/local/go/src/runtime/sema.go", 192, false},
      {"internal/sync.runtime_SemacquireMutex", "/usr/local/go/src/runtime/sema.go", 95, false},
      {"internal/sync.(*Mutex).lockSlow", "/usr/local/go/src/internal/sync/mutex.go", 149, false},
      {"internal/sync.(*Mutex).Lock", "/usr/local/go/src/internal/sync/mutex.go", 70, true},
      {"sync.(*Mutex).Lock", "/usr/local/go/src/sync/mutex.go", 46, true},
      {"main.lockMutex", "/work/main/tests/go/states/main.go", 96, false},
  };
  EXPECT_EQ(FramesOf(r, *g), want);
  EXPECT_FALSE(r.symbols->GetStack(g->stack).elided_unknown);
}

// Profiles name generic functions by their shape ("main.sendForever[go.shape.string]");
// the parser prints them as tracebacks and debug=1 do, so one site has one name.
TEST(ProfileParser, GenericFunctionsReadAsTracebacksPrintThem) {
  ReadResult r = Parse(Gunzip(Data("states.debug0.pb.gz")));
  EXPECT_EQ(FindByFunction(r, r.snapshots[0], "main.sendForever[go.shape.string]"), nullptr);
  const GoroutineRecord* g = FindByFunction(r, r.snapshots[0], "main.sendForever[...]");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->count, 16u);
}

TEST(ProfileParser, LabelsReadLikeDebug1) {
  ReadResult r = Parse(Gunzip(Data("states.debug0.pb.gz")));
  std::set<std::string> labels;
  for (const GoroutineRecord& g : r.snapshots[0].goroutines) {
    if (g.labels != kNoStr) labels.insert(std::string(r.symbols->Str(g.labels)));
  }
  ASSERT_EQ(labels.size(), 9u);
  for (int i = 0; i < 9; ++i) {
    std::string want = "{\"site\":\"labels\", \"worker\":\"" + std::to_string(i) + "\"}";
    EXPECT_EQ(labels.count(want), 1u) << want;
  }
}

TEST(ProfileParser, StackAtTheRuntimeDepthLimitIsMarkedCut) {
  ReadResult r = Parse(Gunzip(Data("states.debug0.pb.gz")));
  size_t cut = 0;
  for (const GoroutineRecord& g : r.snapshots[0].goroutines) {
    const Stack& st = r.symbols->GetStack(g.stack);
    if (!st.elided_unknown) continue;
    ++cut;
    EXPECT_EQ(st.frames.size(), 128u);
    EXPECT_EQ(FramesOf(r, g)[3].function, "main.recurse");
  }
  EXPECT_EQ(cut, 1u);
}

TEST(ProfileParser, LeakProfile) {
  ReadResult r = Parse(Gunzip(Data("leakprof.debug0.pb.gz")));
  EXPECT_TRUE(r.warnings.empty());
  ASSERT_EQ(r.snapshots.size(), 1u);
  const Snapshot& s = r.snapshots[0];
  EXPECT_TRUE(s.leak_profile);
  for (const GoroutineRecord& g : s.goroutines)
    EXPECT_TRUE(g.leaked);
  nlohmann::json m = Manifest("leakprof.manifest.json");
  uint64_t leaked = 0;
  for (const auto& site : m["sites"]) {
    uint64_t want = site.value("leaked", false) ? site["count"].get<uint64_t>() : 0;
    leaked += want;
    EXPECT_EQ(CountAt(r, s, site), want) << site["site"];
  }
  EXPECT_EQ(s.TotalGoroutines(), leaked);
}

TEST(ProfileParser, EmptyInput) {
  ReadResult r = Parse("");
  EXPECT_TRUE(r.snapshots.empty());
  EXPECT_TRUE(AnyWarningMentions(r, "empty input"));
}

TEST(ProfileParser, StillGzipped) {
  ReadResult r = Parse(Data("states.debug0.pb.gz"));
  EXPECT_TRUE(r.snapshots.empty());
  EXPECT_TRUE(AnyWarningMentions(r, "gzip"));
}

TEST(ProfileParser, NotAProfile) {
  ReadResult r = Parse("goroutine profile: total 3\n");
  EXPECT_TRUE(r.snapshots.empty());
  EXPECT_FALSE(r.warnings.empty());
}

TEST(ProfileParser, TruncatedKeepsTheSamplesBeforeTheCut) {
  std::string msg = Gunzip(Data("states.debug0.pb.gz"));
  // Go writes the string table last: cutting anywhere loses the names but
  // keeps counts and stack shapes.
  ReadResult r = Parse(std::string_view(msg).substr(0, msg.size() - 7));
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_TRUE(AnyWarningMentions(r, "truncated"));
  EXPECT_EQ(r.snapshots[0].TotalGoroutines(), 157u);
}

TEST(ProfileParser, EveryPrefixParsesWithoutTrouble) {
  std::string msg = Gunzip(Data("leakprof.debug0.pb.gz"));
  for (size_t n = 0; n <= msg.size(); ++n) {
    ReadResult r = Parse(std::string_view(msg).substr(0, n));
    ASSERT_LE(r.snapshots.size(), 1u);
    if (n < msg.size()) EXPECT_FALSE(r.warnings.empty()) << n;
    if (!r.snapshots.empty()) EXPECT_LE(r.snapshots[0].TotalGoroutines(), 22u);
  }
}

TEST(ProfileParser, CorruptBytesNeverCrash) {
  std::string msg = Gunzip(Data("leakprof.debug0.pb.gz"));
  for (size_t i = 0; i < msg.size(); ++i) {
    for (char c : {'\x00', '\xff', '\x80', '\x7f'}) {
      std::string bad = msg;
      bad[i] = c;
      ReadResult r = Parse(bad);
      ASSERT_LE(r.snapshots.size(), 1u);
    }
  }
}

TEST(ProfileParser, HandMadeProfileWithInlinedLocation) {
  ProfileBuilder b;
  // Sample: leaf, then the inlined location; count 5; labels k=v and n=42.
  std::string sample = Packed(1, {2, 1}) + Packed(2, {5}) +
                       LenField(3, VarintField(1, 6) + VarintField(2, 7)) +
                       LenField(3, VarintField(1, 8) + VarintField(3, 42));
  ReadResult r = Parse(b.Build(LenField(2, sample)));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0].message;
  ASSERT_EQ(r.snapshots.size(), 1u);
  ASSERT_EQ(r.snapshots[0].goroutines.size(), 1u);
  const GoroutineRecord& g = r.snapshots[0].goroutines[0];
  EXPECT_EQ(g.count, 5u);
  EXPECT_EQ(r.symbols->Str(g.labels), "{\"k\":\"v\", \"n\":42}");
  std::vector<FrameText> want = {{"main.leaf", "/m.go", 3, false},
                                 {"main.inner", "/m.go", 7, true},
                                 {"main.outer", "/m.go", 20, false}};
  EXPECT_EQ(FramesOf(r, g), want);
}

TEST(ProfileParser, PackedAndUnpackedIdsGiveTheSameStack) {
  ProfileBuilder b;
  std::string packed = LenField(2, Packed(1, {2, 1}) + Packed(2, {1}));
  std::string unpacked = LenField(2, VarintField(1, 2) + VarintField(1, 1) + VarintField(2, 3));
  ReadResult r = Parse(b.Build(packed + unpacked));
  ASSERT_EQ(r.snapshots.size(), 1u);
  ASSERT_EQ(r.snapshots[0].goroutines.size(), 2u);
  EXPECT_EQ(r.snapshots[0].goroutines[0].stack, r.snapshots[0].goroutines[1].stack);
  EXPECT_EQ(r.snapshots[0].TotalGoroutines(), 4u);
}

TEST(ProfileParser, LeakSampleTypeMarksEveryRecord) {
  ProfileBuilder b;
  b.strings_[1] = "goroutineleak";
  ReadResult r = Parse(b.Build(LenField(2, Packed(1, {2}) + Packed(2, {3}))));
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_TRUE(r.snapshots[0].leak_profile);
  ASSERT_EQ(r.snapshots[0].goroutines.size(), 1u);
  EXPECT_TRUE(r.snapshots[0].goroutines[0].leaked);
}

TEST(ProfileParser, LabelQuotingMatchesGo) {
  ProfileBuilder b;
  b.strings_[7] = "a\"b\\c\n\x01\xff\xc3\xa9";
  std::string sample =
      Packed(1, {2}) + Packed(2, {1}) + LenField(3, VarintField(1, 6) + VarintField(2, 7));
  ReadResult r = Parse(b.Build(LenField(2, sample)));
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_EQ(r.symbols->Str(r.snapshots[0].goroutines[0].labels),
            "{\"k\":\"a\\\"b\\\\c\\n\\x01\\xff\xc3\xa9\"}");
}

TEST(ProfileParser, BrokenReferencesAreWarnedAbout) {
  ProfileBuilder b;
  std::string samples =
      LenField(2, Packed(1, {99, 2}) + Packed(2, {1})) +            // unknown location 99
      LenField(2, Packed(1, {2})) +                                 // no value
      LenField(2, Packed(1, {2}) + VarintField(2, uint64_t(-4))) +  // negative count
      LenField(2, Packed(1, {2}) + Packed(2, {0}));                 // zero: no goroutine
  // Location 3: no lines (unsymbolised); location 4: unknown function.
  std::string extra =
      LenField(4, VarintField(1, 3) + VarintField(3, 0x46b5e1)) +
      LenField(4, VarintField(1, 4) + VarintField(3, 0x10) +
                      LenField(4, VarintField(1, 77) + VarintField(2, 5))) +
      LenField(2, Packed(1, {3, 4}) + Packed(2, {2})) +
      // A function whose name index is past the string table.
      LenField(5, VarintField(1, 5) + VarintField(2, 1000)) +
      LenField(4, VarintField(1, 5) + LenField(4, VarintField(1, 5) + VarintField(2, 1))) +
      LenField(2, Packed(1, {5}) + Packed(2, {1}));
  ReadResult r = Parse(b.Build(samples + extra));
  ASSERT_EQ(r.snapshots.size(), 1u);
  const Snapshot& s = r.snapshots[0];
  ASSERT_EQ(s.goroutines.size(), 3u);
  EXPECT_EQ(FramesOf(r, s.goroutines[0]),
            (std::vector<FrameText>{{"main.leaf", "/m.go", 3, false}}));
  EXPECT_EQ(FramesOf(r, s.goroutines[1]),
            (std::vector<FrameText>{{"0x46b5e1", "", 0, false}, {"0x10", "", 5, false}}));
  EXPECT_EQ(FramesOf(r, s.goroutines[2])[0].function, "0x0");
  EXPECT_TRUE(AnyWarningMentions(r, "locations the profile does not define"));
  EXPECT_TRUE(AnyWarningMentions(r, "no count"));
  EXPECT_TRUE(AnyWarningMentions(r, "negative count"));
  EXPECT_TRUE(AnyWarningMentions(r, "functions the profile does not define"));
  EXPECT_TRUE(AnyWarningMentions(r, "string table holds"));
}

TEST(ProfileParser, SparseAndDuplicateIds) {
  ProfileBuilder b;
  uint64_t big = 1ULL << 60;
  std::string extra =
      LenField(4, VarintField(1, big) + LenField(4, VarintField(1, 3) + VarintField(2, 11))) +
      LenField(4, VarintField(1, big) + LenField(4, VarintField(1, 1) + VarintField(2, 12))) +
      LenField(2, Packed(1, {big}) + Packed(2, {1}));
  ReadResult r = Parse(b.Build(extra));
  ASSERT_EQ(r.snapshots.size(), 1u);
  ASSERT_EQ(r.snapshots[0].goroutines.size(), 1u);
  EXPECT_EQ(FramesOf(r, r.snapshots[0].goroutines[0]),
            (std::vector<FrameText>{{"main.leaf", "/m.go", 11, false}}));
  EXPECT_TRUE(AnyWarningMentions(r, "repeat an id"));
}

TEST(ProfileParser, OtherProfileTypesAreReadWithAWarning) {
  ProfileBuilder b;
  b.strings_[1] = "alloc_space";
  b.sample_type = LenField(1, VarintField(1, 1) + VarintField(2, 5)) +
                  LenField(1, VarintField(1, 1) + VarintField(2, 2));
  ReadResult r = Parse(b.Build(LenField(2, Packed(1, {2}) + Packed(2, {4096, 7}))));
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_TRUE(AnyWarningMentions(r, "not a goroutine profile"));
  // The value whose unit is "count" is the count.
  EXPECT_EQ(r.snapshots[0].TotalGoroutines(), 7u);
}

TEST(ProfileParser, HugeStacksFromATinyMessageAreCut) {
  ProfileBuilder b;
  // One location with 5000 lines, referenced by 2000 samples: 10 million
  // frames from about 50 KB unless bounded.
  std::string lines;
  for (int i = 0; i < 5000; ++i)
    lines += LenField(4, VarintField(1, 3) + VarintField(2, i + 1));
  std::string extra = LenField(4, VarintField(1, 9) + lines);
  for (int i = 0; i < 2000; ++i)
    extra += LenField(2, Packed(1, {9, 2}) + Packed(2, {1}));
  ReadResult r = Parse(b.Build(extra));
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_EQ(r.snapshots[0].TotalGoroutines(), 2000u);
  EXPECT_TRUE(AnyWarningMentions(r, "cut"));
  for (const GoroutineRecord& g : r.snapshots[0].goroutines) {
    EXPECT_TRUE(r.symbols->GetStack(g.stack).elided_unknown);
    EXPECT_LE(r.symbols->GetStack(g.stack).frames.size(), 4096u);
  }
}

TEST(ProfileParser, WrongWireTypeAtTopLevel) {
  ProfileBuilder b;
  std::string msg = b.Build(LenField(2, Packed(1, {2}) + Packed(2, {1})));
  msg = VarintField(2, 5) + msg;  // a sample field that is not a message
  ReadResult r = Parse(msg);
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_TRUE(AnyWarningMentions(r, "field 2 at byte 0 has the wrong wire type"));
  EXPECT_EQ(r.snapshots[0].TotalGoroutines(), 1u);
}

}  // namespace
}  // namespace gopit
