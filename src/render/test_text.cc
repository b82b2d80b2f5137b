// `gopit test` as text: a summary line, then per package what failed, hung
// or leaked, each test with its diagnosis.
#include <algorithm>
#include <cstdio>

#include "analysis/diagnosis.h"
#include "render/test_render.h"

namespace gopit {
namespace {

std::string Seconds(double s) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.2fs", s);
  return buf;
}

// The last lines of a failed test's output: where go put the reason.
std::string Tail(const std::string& text, size_t max_lines) {
  size_t end = text.size();
  while (end > 0 && text[end - 1] == '\n')
    --end;
  size_t pos = end;
  for (size_t n = 0; n < max_lines && pos > 0; ++n) {
    size_t nl = text.rfind('\n', pos - 1);
    pos = nl == std::string::npos ? 0 : nl;
    if (nl == std::string::npos) break;
  }
  std::string_view v(text.data() + pos, end - pos);
  if (!v.empty() && v.front() == '\n') v.remove_prefix(1);
  return std::string(v);
}

// What to show of a failed test's output: from its panic line when it
// panicked (the message and the frames under it, which the dump's tail
// would leave out), else the last lines, where go put the reason.
std::string Reason(const std::string& text, size_t max_lines) {
  size_t at = text.starts_with("panic: ") ? 0 : text.find("\npanic: ");
  if (at == std::string::npos) return Tail(text, max_lines);
  if (text[at] == '\n') ++at;
  size_t end = at;
  for (size_t n = 0; n < max_lines && end != std::string::npos; ++n)
    end = text.find('\n', end + 1);
  return text.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

void Indent(std::ostream& out, const std::string& text, const char* pad) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    out << pad << text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos) << '\n';
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
}

}  // namespace

bool IsBadResult(const std::string& r) {
  return r == "fail" || r == "hung" || r == "leaked";
}

TestTotals CountTests(const TestRunReport& r) {
  TestTotals t;
  t.packages = r.packages.size();
  for (const PackageResult& p : r.packages) {
    if (p.result == "build-error") ++t.build_errors;
    for (const TestResult& x : p.tests) {
      ++t.tests;
      if (x.result == "pass") ++t.passed;
      if (x.result == "fail") ++t.failed;
      if (x.result == "skip") ++t.skipped;
      if (x.result == "hung") ++t.hung;
      if (x.result == "leaked") ++t.leaked;
    }
  }
  return t;
}

void RenderTestText(const TestRunReport& r, const TestTextOptions& o, std::ostream& out) {
  const char* red = o.color ? "\033[31m" : "";
  const char* yellow = o.color ? "\033[33m" : "";
  const char* green = o.color ? "\033[32m" : "";
  const char* reset = o.color ? "\033[0m" : "";
  for (const PackageResult& p : r.packages) {
    bool bad = p.result != "pass" && p.result != "skip";
    for (const TestResult& t : p.tests)
      bad |= IsBadResult(t.result);
    if (!bad) {
      out << green << "ok  " << reset << ' ' << p.package << "  (" << p.tests.size()
          << (p.tests.size() == 1 ? " test" : " tests") << ")\n";
      continue;
    }
    std::string what = p.result == "build-error" ? "build error" : p.result;
    out << red << "FAIL" << reset << ' ' << p.package << "  (" << what << ")\n";
    if (p.result == "build-error") {
      Indent(out, p.output, "    ");
      continue;
    }
    for (const TestResult& t : p.tests) {
      if (!IsBadResult(t.result)) continue;
      std::string label = t.result == "fail" ? "FAIL" : t.result == "hung" ? "HUNG" : "LEAK";
      out << "  " << (t.result == "fail" ? red : yellow) << label << reset << ' ' << t.name << " ("
          << Seconds(t.elapsed_s) << ")\n";
      bool explained = false;
      for (const TestDiagnosis& d : r.diagnoses) {
        if (d.package != p.package || d.test != t.name) continue;
        explained = true;
        out << "    " << SeverityName(d.d.severity) << ' ' << d.d.id << ' ' << d.d.slug << ": "
            << d.d.message << '\n';
        if (!d.d.location.file.empty())
          out << "      at " << d.d.location.file << ':' << d.d.location.line << " in "
              << d.d.location.function << '\n';
        if (d.d.created_by)
          out << "      started at " << d.d.created_by->file << ':' << d.d.created_by->line
              << " in " << d.d.created_by->function << '\n';
      }
      if (!explained && t.result == "fail" && !t.output.empty())
        Indent(out, Reason(t.output, 12), "    | ");
    }
    // Diagnoses of the package as a whole (no test named).
    for (const TestDiagnosis& d : r.diagnoses) {
      if (d.package == p.package && d.test.empty())
        out << "  " << SeverityName(d.d.severity) << ' ' << d.d.id << ' ' << d.d.slug << ": "
            << d.d.message << '\n';
    }
    if (p.result == "fail") {
      bool any_bad_test = std::any_of(p.tests.begin(), p.tests.end(),
                                      [](const TestResult& t) { return IsBadResult(t.result); });
      if (!any_bad_test && !p.output.empty()) Indent(out, Tail(p.output, 12), "    | ");
    }
  }
  for (const std::string& w : r.warnings)
    out << "warning: " << w << '\n';
  TestTotals t = CountTests(r);
  out << '\n'
      << t.packages << (t.packages == 1 ? " package, " : " packages, ") << t.tests
      << (t.tests == 1 ? " test: " : " tests: ") << t.passed << " passed, " << t.failed
      << " failed, " << t.hung << " hung, " << t.leaked << " leaked, " << t.skipped << " skipped";
  if (t.build_errors) out << ", " << t.build_errors << " build errors";
  out << '\n';
  if (!o.leaks_not_checked.empty()) out << "(leaks not checked: " << o.leaks_not_checked << ")\n";
}

}  // namespace gopit
