// test2json events and the builder that turns events into a TestRunReport.
#include "gotest/test_events.h"

#include <nlohmann/json.hpp>

#include "gotest/hung_tests.h"
#include "gotest/test_log_wrapper.h"

namespace gopit {
namespace {

std::string PackageOfImportPath(std::string_view ip) {
  // "example.com/p [example.com/p.test]" names the test variant's build.
  size_t sp = ip.find(' ');
  return std::string(ip.substr(0, sp));
}

bool IsEnd(const std::string& a) {
  return a == "pass" || a == "fail" || a == "skip";
}

}  // namespace

bool ParseTestEventLine(std::string_view line, TestEvent& out, std::string& error) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
    line.remove_suffix(1);
  if (line.empty() || line.front() != '{') {
    error = "not a JSON event";
    return false;
  }
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("Action") || !j["Action"].is_string()) {
    error = "not a test2json event";
    return false;
  }
  out = TestEvent{};
  out.action = j["Action"].get<std::string>();
  auto str = [&](const char* k) -> std::string {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  out.package = str("Package");
  if (out.package.empty()) out.package = PackageOfImportPath(str("ImportPath"));
  out.test = str("Test");
  out.output = str("Output");
  out.output_type = str("OutputType");
  auto el = j.find("Elapsed");
  if (el != j.end() && el->is_number()) out.elapsed = el->get<double>();
  out.failed_build = j.contains("FailedBuild");
  return true;
}

TestRunBuilder::Pkg& TestRunBuilder::PackageFor(const std::string& name) {
  auto [it, fresh] = package_index_.try_emplace(name, packages_.size());
  if (fresh) {
    packages_.emplace_back();
    packages_.back().result.package = name;
  }
  return packages_[it->second];
}

TestResult& TestRunBuilder::TestFor(Pkg& p, const std::string& name) {
  auto [it, fresh] = p.test_index.try_emplace(name, p.result.tests.size());
  if (fresh) {
    p.result.tests.emplace_back();
    p.result.tests.back().name = name;
  }
  return p.result.tests[it->second];
}

void TestRunBuilder::Add(TestEvent e) {
  Pkg& p = PackageFor(e.package);
  if (e.action == "build-output") {
    p.result.output += e.output;
    return;
  }
  if (e.action == "build-fail") {
    p.build_failed = true;
    return;
  }
  if (e.action == "start") {
    ++counts_.packages_started;
    return;
  }
  if (e.action == "output") {
    if (e.output.starts_with("panic: test timed out after ")) p.timed_out = true;
    p.result.output += e.output;
    if (!e.test.empty()) TestFor(p, e.test).output += e.output;
    return;
  }
  if (e.test.empty()) {
    if (IsEnd(e.action)) {
      p.result.result = e.action;
      if (e.elapsed >= 0) p.result.elapsed_s = e.elapsed;
      if (e.failed_build) p.build_failed = true;
      if (!p.done) {
        ++counts_.packages_done;
        if (p.timed_out || !p.watchdog.empty()) {
          for (const TestResult& t : p.result.tests)
            counts_.hung += t.result.empty();
        }
      }
      p.done = true;
    }
    return;
  }
  TestResult& t = TestFor(p, e.test);
  if (IsEnd(e.action)) {
    t.result = e.action;
    if (e.elapsed >= 0) t.elapsed_s = e.elapsed;
    if (e.action == "pass") ++counts_.passed;
    if (e.action == "fail") ++counts_.failed;
    if (e.action == "skip") ++counts_.skipped;
  }
}

void TestRunBuilder::AddStray(std::string_view line) {
  stray_.append(line);
  if (line.empty() || line.back() != '\n') stray_ += '\n';
}

void TestRunBuilder::NoteWatchdog(const std::string& package, double quiet_s) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.0fs", quiet_s);
  PackageFor(package).watchdog =
      std::string("no test event for ") + buf + "; gopit sent SIGQUIT to the test binary";
}

std::vector<std::string> TestRunBuilder::PackagesRunning() const {
  std::vector<std::string> out;
  for (const Pkg& p : packages_) {
    if (p.done) continue;
    for (const TestResult& t : p.result.tests) {
      if (t.result.empty()) {
        out.push_back(p.result.package);
        break;
      }
    }
  }
  return out;
}

bool TestRunBuilder::AnyBuildError() const {
  for (const Pkg& p : packages_)
    if (p.build_failed) return true;
  return false;
}

TestRunReport TestRunBuilder::Finish() {
  TestRunReport report;
  report.warnings = warnings_;
  for (Pkg& p : packages_) {
    PackageResult& r = p.result;
    if (p.build_failed) r.result = "build-error";
    JudgeHungTests(r, p.watchdog, report);
    // What the binary never reported on: it died (a panic in another
    // goroutine, os.Exit) or the stream was cut off.
    for (TestResult& t : r.tests) {
      if (!t.result.empty()) continue;
      t.result = "fail";
      if (!p.done)
        report.warnings.push_back(r.package + ": the stream ends while " + t.name +
                                  " runs; counted as failed");
    }
    if (r.result.empty()) r.result = p.done ? "fail" : "fail";
    report.packages.push_back(std::move(r));
  }
  SortDiagnoses(report);
  return report;
}

namespace {

// Whether the first line go test itself wrote is a test2json event. Lines
// before it (go's "go: downloading ...", a CI step's preamble) do not count.
bool LooksLikeJsonStream(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsGoTestLine(line)) return line.front() == '{';
  }
  return false;
}

}  // namespace

void ReadTestStream(std::string_view text, TestRunBuilder& b) {
  std::string unwrapped;
  if (UnwrapTestLog(text, unwrapped)) text = unwrapped;
  if (!LooksLikeJsonStream(text)) {
    ReadVerboseStream(text, b);
    return;
  }
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    TestEvent e;
    std::string err;
    if (ParseTestEventLine(line, e, err)) {
      b.Add(std::move(e));
    } else if (!line.empty()) {
      b.AddStray(line);
    }
  }
}

}  // namespace gopit
