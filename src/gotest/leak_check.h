// Leaked goroutines of `go test` runs: what to add to the run so each test
// binary writes its goroutines after m.Run(), and how to read those dumps
// back into the report.
//
// PrepareLeakCheck writes, for every package without its own TestMain, a
// generated zz_gopit_leakcheck_test.go into a `go test -overlay` file; its
// TestMain snapshots the goroutines before m.Run(), runs the tests, settles
// (retries with backoff until only the snapshot's goroutines remain or the
// settle time is spent) and writes runtime.Stack(all) — and, where the
// toolchain has it, the goroutineleak profile — to $GOPIT_LEAK_DIR.
// Packages with their own TestMain write the same files when they call
// gopittest.Main(m) (gopittest/); those that do not are named in `notes`.
//
// CollectLeaks reads the dumps, drops goroutines that existed before the
// tests or that an ignore rule or preset matches, attributes the rest to the
// test that started them (creation ancestry, closures of the test function)
// and appends one TestDiagnosis per leaking place: DUMP000 when the leak
// profile proves it, DUMP012 (test-leak, a warning) when only the settle saw it.
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "gotest/leak_ignore.h"
#include "gotest/test_report.h"

namespace gopit {

struct LeakOptions {
  std::chrono::milliseconds settle{1000};
  std::vector<std::string> ignore_specs;      // --ignore SPEC, see leak_ignore.h
  std::vector<std::string> disabled_presets;  // --no-preset NAME
  std::string config_dir;                     // where .gopit.yaml is looked for
  bool use_leak_profile = true;
};

struct LeakCheckSetup {
  std::vector<std::string> go_test_args;  // e.g. "-overlay", "/tmp/.../overlay.json"
  std::vector<std::string> env;           // "GOPIT_LEAK_DIR=...", "GOEXPERIMENT=..."
  std::string overlay_json_path;
  std::string dump_dir;
  std::vector<std::string> notes;  // packages not checked and why
};

// `package_dirs` are the packages' directories (absolute). On failure returns
// an empty setup and sets `error`.
LeakCheckSetup PrepareLeakCheck(const std::vector<std::string>& package_dirs,
                                const LeakOptions& opts, std::string& error);

// Reads what the test binaries wrote under setup.dump_dir and adds the leaks
// to `report`: tests marked `leaked` (a failed test stays `fail`), one
// TestDiagnosis per leaking place.
void CollectLeaks(const LeakCheckSetup& setup, const LeakOptions& opts, TestRunReport& report);

// While the run goes on, for the progress line: how many tests have left
// goroutines that CollectLeaks will report (a test binary writes its dump
// as it exits). Each Poll reads only the dumps written since the last; a
// test that also failed counts here, where the report keeps it `fail`.
class LeakWatch {
 public:
  LeakWatch(const LeakCheckSetup& setup, const LeakOptions& opts);
  ~LeakWatch();
  size_t Poll();

 private:
  std::string dump_dir_;
  std::vector<IgnoreRule> rules_;
  std::set<std::string> seen_;  // dump files read
  size_t leaking_ = 0;
};

}  // namespace gopit
