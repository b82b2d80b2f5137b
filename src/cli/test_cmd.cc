// gopit test: run the packages' tests (or read a saved run) and say which
// tests failed, hung or leaked, each with its diagnosis.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/dump_flags.h"
#include "dump/read_bytes.h"
#include "gotest/hung_tests.h"
#include "gotest/leak_hooks.h"
#include "gotest/runner.h"
#include "gotest/test_events.h"
#include "render/style.h"
#include "render/test_progress.h"
#include "render/test_render.h"

namespace gopit::cli {
namespace {

std::vector<std::string>& GoTestFlags() {
  static std::vector<std::string> flags;
  return flags;
}

struct TestFlags {
  std::vector<std::string> packages;
  std::string from;
  std::string format = "text";
  std::string output = "-";
  std::string hang_after;
  std::string fail_on = "any";
  std::string color = "auto";
  bool no_leak_check = false;
  LeakFlags leak;
};

// The live progress line, on a terminal only, on stderr.
class Progress {
 public:
  Progress() : on_(isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()) {}
  void Update(const TestRunBuilder& b) {
    if (!on_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    TestProgressExtra x;
    x.packages_total = LeakHookPackageCount(leak_);
    x.running = b.PackagesRunning().size();
    if (leak_ != nullptr) x.leaking = LeakHookLeakingSoFar(leak_);
    std::string line = TestProgressLine(b.counts(), x, secs);
    fprintf(stderr, "\r\033[K%s", line.c_str());
    shown_ = true;
  }
  // The leak check's state, for the package total and the leaks so far.
  void SetLeakState(LeakHookState* s) { leak_ = s; }
  void Clear() {
    if (shown_) fprintf(stderr, "\r\033[K");
  }

 private:
  bool on_;
  bool shown_ = false;
  LeakHookState* leak_ = nullptr;
  std::chrono::steady_clock::time_point start_, last_;
};

int Render(const TestRunReport& report, const TestFlags& f, const std::string& leaks_not_checked) {
  Output out;
  if (!out.Open(f.output)) return kExitUsage;
  if (f.format == "json") {
    RenderTestJson(report, out.stream());
  } else if (f.format == "junit") {
    RenderTestJunit(report, out.stream());
  } else if (f.format == "markdown") {
    RenderTestMarkdown(report, out.stream());
  } else if (f.format == "sarif") {
    RenderTestSarif(report, out.stream());
  } else {
    ColorMode cm = f.color == "always"  ? ColorMode::kAlways
                   : f.color == "never" ? ColorMode::kNever
                                        : ColorMode::kAuto;
    TestTextOptions o;
    o.color = cm == ColorMode::kAlways || (out.fd() >= 0 && Style::ShouldColor(cm, out.fd()));
    o.leaks_not_checked = leaks_not_checked;
    RenderTestText(report, o, out.stream());
  }
  return out.Finish() ? kExitOk : kExitUsage;
}

int ExitFor(const TestRunReport& r, const std::string& fail_on) {
  TestTotals t = CountTests(r);
  if (t.build_errors) return kExitUsage;
  bool failed = t.failed + t.hung > 0;
  for (const PackageResult& p : r.packages)
    failed |= p.result == "fail" || p.result == "hung";
  if (fail_on == "any") failed |= t.leaked > 0;
  return failed ? 1 : kExitOk;
}

int Run(TestFlags& f) {
  double hang_after = 0;
  if (!f.hang_after.empty()) {
    hang_after = ParseGoDuration(f.hang_after);
    // Units required: "30" alone is more likely a mistake than 30 ns.
    if (hang_after <= 0 || f.hang_after.find_first_not_of("0123456789.") == std::string::npos) {
      std::cerr << "gopit test: --hang-after needs a duration with units, e.g. 30s or 2m\n";
      return kExitUsage;
    }
  }
  if (!f.from.empty()) {
    if (!f.packages.empty() || !GoTestFlags().empty()) {
      std::cerr
          << "gopit test: --from reads a saved run; packages and go test flags do not apply\n";
      return kExitUsage;
    }
    std::string text, error;
    if (!ReadBytes(f.from, text, error)) {
      std::cerr << "gopit test: cannot read " << error << "\n";
      return kExitUsage;
    }
    TestRunBuilder b;
    ReadTestStream(text, b);
    TestRunReport report = b.Finish();
    if (report.packages.empty()) {
      std::cerr << "gopit test: " << f.from << " holds no go test output\n";
      return kExitUsage;
    }
    int rc = Render(report, f, "a saved log has no goroutines left after the tests");
    return rc != kExitOk ? rc : ExitFor(report, f.fail_on);
  }

  GoTestOptions opts;
  opts.packages = f.packages;
  opts.go_flags = GoTestFlags();
  opts.hang_after_s = hang_after;
  LeakHookState* leak_state = nullptr;
  f.leak.enabled = !f.no_leak_check;
  bool leak_check = f.leak.enabled && LeakCheckAvailable();
  if (leak_check) {
    std::string error;
    if (!PrepareLeakHooks(opts.packages, f.leak, opts.go_flags, opts.extra_env, leak_state,
                          error)) {
      std::cerr << "gopit test: leak check: " << error << "\n";
      return kExitUsage;
    }
  }
  Progress progress;
  progress.SetLeakState(leak_state);
  opts.progress = [&progress](const TestRunBuilder& b) { progress.Update(b); };
  TestRunBuilder b;
  GoTestRun run = RunGoTest(opts, b);
  progress.Clear();
  if (!run.error.empty()) {
    std::cerr << "gopit test: " << run.error << "\n";
    return kExitUsage;
  }
  TestRunReport report = b.Finish();
  if (leak_check) CollectLeakHooks(leak_state, report);
  // go's own complaints (no such package, bad flag) come with no events:
  // show them as go printed them.
  if (report.packages.empty() || (run.go_status != 0 && !b.stray().empty() &&
                                  CountTests(report).tests == 0 && !b.AnyBuildError())) {
    std::cerr << b.stray();
    if (report.packages.empty()) return kExitUsage;
  }
  if (b.AnyBuildError()) std::cerr << b.stray();
  std::string not_checked;
  if (!leak_check)
    not_checked = f.no_leak_check ? "--no-leak-check" : "no leak check in this build";
  int rc = Render(report, f, not_checked);
  return rc != kExitOk ? rc : ExitFor(report, f.fail_on);
}

}  // namespace

void SplitTestPassthrough(int& argc, char** argv) {
  // Only for `gopit test`: everything after the first "--" goes to go test.
  if (argc < 2 || std::string(argv[1]) != "test") return;
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) != "--") continue;
    for (int k = i + 1; k < argc; ++k)
      GoTestFlags().emplace_back(argv[k]);
    argc = i;
    return;
  }
}

void RegisterTest(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<TestFlags>();
  CLI::App* cmd = app.add_subcommand(
      "test", "Run go test and name the tests that failed, hung or leaked, with the line");
  cmd->footer(
      "Runs `go test -json` on PACKAGES (default ./...); everything after -- goes to\n"
      "go test (-run, -count, -race, -timeout ...). A hung test is caught by go's\n"
      "-timeout panic or by --hang-after: gopit then sends SIGQUIT to the test binary\n"
      "and reads its goroutines (DUMP011 hung-test says which test, what it waits on,\n"
      "and whether it is a deadlock). --from reads a saved `go test -json` stream or\n"
      "`go test -v` log instead, with no toolchain needed.\n\n"
      "Examples:\n"
      "  gopit test ./...\n"
      "  gopit test --hang-after 30s ./store -- -run TestCompaction -count 1\n"
      "  go test -json ./... > run.json; gopit test --from run.json --format junit -o junit.xml\n\n"
      "Exit status: 0 all tests passed (and nothing leaked), 1 tests failed, hung or\n"
      "leaked (--fail-on failed: leaks do not count), 2 usage or build error.");
  cmd->add_option("PACKAGES", f->packages, "Packages to test (default ./...)");
  cmd->add_option("--from", f->from, "Read a saved go test -json stream or -v log (- for stdin)");
  cmd->add_option("--format", f->format, "Output: text, json, junit, markdown, sarif")
      ->check(CLI::IsMember({"text", "json", "junit", "markdown", "sarif"}));
  cmd->add_option("-o,--output", f->output, "Write the report to FILE (- for stdout)");
  cmd->add_option("--hang-after", f->hang_after,
                  "SIGQUIT a test binary after this long without a test event (30s, 2m)");
  cmd->add_option("--fail-on", f->fail_on,
                  "any: failed, hung or leaked tests fail the run; failed: leaks do not")
      ->check(CLI::IsMember({"any", "failed"}));
  cmd->add_option("--color", f->color,
                  "Colour: auto (on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_flag("--no-leak-check", f->no_leak_check, "Do not look for leaked goroutines");
  cmd->add_option("--ignore", f->leak.ignore, "Leak check: ignore goroutines matching RULE");
  cmd->add_option("--no-preset", f->leak.no_presets, "Leak check: turn off the preset NAME");
  cmd->add_option("--settle", f->leak.settle,
                  "Leak check: how long leftover goroutines may take to end (e.g. 500ms)");
  cmd->callback([f, exit_code] { *exit_code = Run(*f); });
}

}  // namespace gopit::cli
