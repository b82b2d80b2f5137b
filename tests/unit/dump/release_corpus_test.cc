// The golden corpus of tests/data/formats: tests/go/states built with each Go
// release from 1.21 to 1.27 (scripts/capture-formats.sh), read as a debug=2
// response, a SIGQUIT dump and, from 1.26, runtime.Stack with
// GODEBUG=tracebacklabels=1. Each reading must find every site of the
// manifest the program wrote: its count, function, file:line, creator and
// wait reason.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <string>

#include "dump/reader.h"
#include "unit/test_data.h"

namespace gopit {
namespace {

std::string FormatsPath(const std::string& name) {
  return std::string(GOPIT_TEST_DATA "/formats/") + name;
}

bool Exists(const std::string& path) {
  return std::ifstream(path).good();
}

// The wait reasons this release prints where the manifest (written with the
// current runtime's names) says otherwise, from the capture's .verify.txt:
// `site "waitgroup-wait": goroutine 81 has [semacquire], want [...]`.
std::map<std::string, std::string> RenamedStates(const std::string& dump) {
  std::map<std::string, std::string> out;
  std::string verify = dump.substr(0, dump.size() - 4) + ".verify.txt";
  if (!Exists(verify)) return out;
  std::string text = testing_data::ReadFile(verify);
  std::regex re(R"re(site "([^"]+)": goroutine \d+ has \[([^\],]+)[^\]]*\], want)re");
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it)
    out[(*it)[1]] = (*it)[2];
  return out;
}

void CheckAgainstManifest(const std::string& dump_name, const std::string& manifest_name,
                          bool labels_in_headers) {
  std::string path = FormatsPath(dump_name);
  ASSERT_TRUE(Exists(path)) << path;
  nlohmann::json manifest =
      nlohmann::json::parse(testing_data::ReadFile(FormatsPath(manifest_name)));
  ReadResult r;
  ReadOptions opts;
  opts.threads = 1;
  ASSERT_TRUE(ReadInput(path, opts, r).Ok());
  for (const Warning& w : r.warnings)
    ADD_FAILURE() << "warning at line " << w.line << ": " << w.message;
  ASSERT_EQ(r.snapshots.size(), 1u);
  const Snapshot& snap = r.snapshots[0];
  const Symbols& sym = *r.symbols;
  std::map<std::string, std::string> renamed = RenamedStates(path);

  for (const auto& site : manifest["sites"]) {
    std::string name = site["site"];
    SCOPED_TRACE(name);
    std::string function = site["function"], file = site["file"];
    int line = site["line"];
    std::string state = renamed.count(name) ? renamed[name] : std::string(site["state"]);
    bool locked = site.value("locked_to_thread", false);
    int found = 0;
    for (const GoroutineRecord& g : snap.goroutines) {
      bool at_site = false;
      for (FrameId f : sym.GetStack(g.stack).frames) {
        const Frame& fr = sym.GetFrame(f);
        if (sym.Str(fr.function) == function && fr.file != kNoStr && sym.Str(fr.file) == file &&
            fr.line == line) {
          at_site = true;
        }
      }
      if (!at_site) continue;
      ++found;
      EXPECT_EQ(sym.Str(g.state), state) << "goroutine " << g.id;
      EXPECT_EQ(g.locked_to_thread, locked) << "goroutine " << g.id;
      ASSERT_NE(g.created_by, kNoFrame) << "goroutine " << g.id;
      const Frame& cb = sym.GetFrame(g.created_by);
      EXPECT_EQ(sym.Str(cb.function), std::string(site["created_by_function"]));
      EXPECT_EQ(sym.Str(cb.file), std::string(site["created_by_file"]));
      EXPECT_EQ(cb.line, site["created_by_line"].get<int>());
      if (labels_in_headers && site.contains("labels")) {
        ASSERT_NE(g.labels, kNoStr) << "goroutine " << g.id;
        EXPECT_NE(sym.Str(g.labels).find("worker"), std::string_view::npos) << sym.Str(g.labels);
      } else {
        EXPECT_EQ(g.labels, kNoStr) << "goroutine " << g.id;
      }
    }
    EXPECT_EQ(found, site["count"].get<int>());
  }
}

class Release : public ::testing::TestWithParam<const char*> {};

TEST_P(Release, Debug2MatchesManifest) {
  std::string v = GetParam();
  CheckAgainstManifest(v + ".debug2.txt", v + ".manifest.json", false);
}

TEST_P(Release, SigquitMatchesManifest) {
  std::string v = GetParam();
  CheckAgainstManifest(v + ".sigquit.txt", v + ".manifest.json", false);
}

TEST_P(Release, TracebackLabelsMatchManifest) {
  std::string v = GetParam();
  std::string name = v + ".stack.tracebacklabels.txt";
  if (v < "go1.26") {
    // GODEBUG=tracebacklabels exists from Go 1.26 on.
    EXPECT_FALSE(Exists(FormatsPath(name)));
    return;
  }
  CheckAgainstManifest(name, v + ".manifest.json", true);
}

INSTANTIATE_TEST_SUITE_P(Formats, Release,
                         ::testing::Values("go1.21", "go1.22", "go1.23", "go1.24", "go1.25",
                                           "go1.26", "go1.27"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (c == '.') c = '_';
                           return n;
                         });

// Go 1.27 prints the labels after the bracket, Go 1.26 inside it; both are
// kept as printed.
TEST(ReleaseLabels, BothPlacesKeptAsPrinted) {
  for (const auto& [file, want] :
       {std::pair{"go1.26.stack.tracebacklabels.txt", "{\"site\": \"labels\", \"worker\": \"0\"}"},
        std::pair{"go1.27.stack.tracebacklabels.txt", "{site: labels, worker: 0}"}}) {
    SCOPED_TRACE(file);
    ReadResult r;
    ASSERT_TRUE(ReadInput(FormatsPath(file), ReadOptions{}, r).Ok());
    bool seen = false;
    for (const GoroutineRecord& g : r.snapshots.at(0).goroutines)
      seen = seen || (g.labels != kNoStr && r.symbols->Str(g.labels) == want);
    EXPECT_TRUE(seen) << want;
  }
}

}  // namespace
}  // namespace gopit
