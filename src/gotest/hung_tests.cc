// Hung tests from a test binary's dump (see hung_tests.h).
#include "gotest/hung_tests.h"

#include <algorithm>
#include <cstdlib>

#include "analysis/diagnoses/diagnoses.h"
#include "analysis/test_owner.h"
#include "dump/reader.h"

namespace gopit {
namespace {

// Lines that start the dump of a binary stopped because something hung.
constexpr std::string_view kDumpStarts[] = {
    "panic: test timed out", "fatal error: all goroutines are asleep", "SIGQUIT: quit",
    "panic: deadlock: ",  // testing/synctest (Go 1.24+)
};

std::string TopLevel(std::string_view name) {
  return std::string(name.substr(0, name.find('/')));
}

// A synctest bubble's panic ends one test, which go test already failed: the
// test keeps its "fail" and gets the diagnosis; the tests the crash cut off
// did not hang, so none is marked hung.
void JudgeBubblePanic(const PackageResult& pkg, const Symbols& symbols, const Snapshot& snap,
                      TestRunReport& report) {
  for (HungTest& h : AnalyseHungTests(symbols, snap, Dump011Diagnosis().Info())) {
    // Stacks name the top-level test; the failed subtest is the better name.
    std::string name = h.test;
    for (const TestResult& t : pkg.tests) {
      if (t.result == "fail" && TopLevel(t.name) == h.test && t.name.size() > name.size())
        name = t.name;
    }
    report.diagnoses.push_back(TestDiagnosis{std::move(h.diagnosis), name, pkg.package});
  }
}

}  // namespace

size_t FindHungDumpStart(std::string_view output) {
  size_t best = std::string_view::npos;
  for (std::string_view m : kDumpStarts) {
    size_t pos = 0;
    while ((pos = output.find(m, pos)) != std::string_view::npos) {
      if (pos == 0 || output[pos - 1] == '\n') break;
      ++pos;
    }
    if (pos < best) best = pos;
  }
  return best;
}

double ParseGoDuration(std::string_view s) {
  double total = 0;
  bool any = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.'))
      ++j;
    if (j == i) return -1;
    double v = std::strtod(std::string(s.substr(i, j - i)).c_str(), nullptr);
    size_t k = j;
    while (k < s.size() && s[k] >= 'a' && s[k] <= 'z')
      ++k;
    std::string_view unit = s.substr(j, k - j);
    if (unit == "h")
      v *= 3600;
    else if (unit == "m")
      v *= 60;
    else if (unit == "s") {
    } else if (unit == "ms")
      v /= 1e3;
    else if (unit == "us" || unit == "µs")
      v /= 1e6;
    else if (unit == "ns")
      v /= 1e9;
    else
      return -1;
    total += v;
    any = true;
    i = k;
  }
  return any ? total : -1;
}

std::vector<RunningTest> ParseRunningTests(std::string_view dump) {
  std::vector<RunningTest> out;
  size_t at = dump.find("running tests:\n");
  if (at == std::string_view::npos) return out;
  size_t pos = at + 15;
  // One "\t\tTestName (3s)" line per test; a bounded list ends at the first
  // line that is not indented twice.
  while (pos < dump.size()) {
    size_t nl = dump.find('\n', pos);
    std::string_view line =
        dump.substr(pos, nl == std::string_view::npos ? dump.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? dump.size() : nl + 1;
    if (line.substr(0, 2) != "\t\t") break;
    line.remove_prefix(2);
    RunningTest t;
    size_t paren = line.rfind(" (");
    if (paren != std::string_view::npos && line.back() == ')') {
      t.elapsed_s = ParseGoDuration(line.substr(paren + 2, line.size() - paren - 3));
      line = line.substr(0, paren);
    }
    t.name = std::string(line);
    if (!t.name.empty()) out.push_back(std::move(t));
  }
  return out;
}

void JudgeHungTests(PackageResult& pkg, const std::string& watchdog, TestRunReport& report) {
  size_t start = FindHungDumpStart(pkg.output);
  if (start == std::string::npos) return;
  std::string_view dump = std::string_view(pkg.output).substr(start);

  ReadResult read;
  ReadOptions opts;
  opts.threads = 1;
  ParseBytes(dump, pkg.package, opts, read);
  if (!read.snapshots.empty() &&
      SynctestBubbleEnd(read.snapshots.front().reason) != BubbleEnd::kNone) {
    JudgeBubblePanic(pkg, *read.symbols, read.snapshots.front(), report);
    return;
  }

  // Which tests hung: the runtime's list when it printed one, else every
  // test that started and never ended.
  std::vector<RunningTest> running = ParseRunningTests(dump);
  if (running.empty()) {
    for (const TestResult& t : pkg.tests)
      if (t.result.empty()) running.push_back(RunningTest{t.name, -1});
  }
  auto find_test = [&](const std::string& name) -> TestResult& {
    for (TestResult& t : pkg.tests)
      if (t.name == name) return t;
    pkg.tests.push_back(TestResult{name, "", 0, ""});
    return pkg.tests.back();
  };
  for (const RunningTest& r : running) {
    TestResult& t = find_test(r.name);
    t.result = "hung";
    if (r.elapsed_s >= 0) t.elapsed_s = r.elapsed_s;
  }
  if (running.empty()) return;
  pkg.result = "hung";
  // Subtests of a hung test that never ended (parked in t.Parallel) hung
  // with it.
  for (TestResult& t : pkg.tests) {
    if (!t.result.empty()) continue;
    for (const RunningTest& r : running)
      if (TopLevel(t.name) == TopLevel(r.name)) t.result = "hung";
  }

  std::vector<HungTest> hung;
  if (!read.snapshots.empty()) {
    hung = AnalyseHungTests(*read.symbols, read.snapshots.front(), Dump011Diagnosis().Info());
  } else {
    report.warnings.push_back(pkg.package + ": the test binary's dump could not be read");
  }
  std::string why = watchdog.empty() ? std::string() : " (" + watchdog + ")";
  std::vector<bool> explained(running.size(), false);
  for (HungTest& h : hung) {
    // Stacks name only top-level tests: give the diagnosis to the listed
    // test of that name, or its first listed subtest.
    size_t pick = running.size();
    for (size_t i = 0; i < running.size(); ++i) {
      if (TopLevel(running[i].name) != h.test) continue;
      if (pick == running.size() || running[i].name == h.test) pick = i;
    }
    if (pick == running.size()) continue;  // the test had ended: not hung
    for (size_t i = 0; i < running.size(); ++i)
      if (TopLevel(running[i].name) == h.test) explained[i] = true;
    TestDiagnosis td{std::move(h.diagnosis), running[pick].name, pkg.package};
    td.d.message += why;
    report.diagnoses.push_back(std::move(td));
  }
  for (size_t i = 0; i < running.size(); ++i) {
    if (explained[i]) continue;
    const RuleInfo& info = Dump011Diagnosis().Info();
    TestDiagnosis td;
    td.d.id = info.id;
    td.d.slug = info.slug;
    td.d.severity = Severity::kWarning;
    td.d.score = 60;
    td.d.message = running[i].name +
                   " did not finish, and no goroutine of it is in the test binary's dump" + why;
    td.test = running[i].name;
    td.package = pkg.package;
    report.diagnoses.push_back(std::move(td));
  }
}

void SortDiagnoses(TestRunReport& report) {
  std::stable_sort(report.diagnoses.begin(), report.diagnoses.end(),
                   [](const TestDiagnosis& a, const TestDiagnosis& b) {
                     return DiagnosisMoreImportant(a.d, b.d);
                   });
}

}  // namespace gopit
