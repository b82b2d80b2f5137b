// `gopit test --format markdown`: for $GITHUB_STEP_SUMMARY or a PR comment.
#include "render/test_render.h"

namespace gopit {
namespace {

// Table cells and list items: no line breaks, no table pipes, no stray
// markup from a message.
std::string Cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '[') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string ShortFile(const std::string& f) {
  size_t slash = f.rfind('/');
  return slash == std::string::npos ? f : f.substr(slash + 1);
}

}  // namespace

void RenderTestMarkdown(const TestRunReport& r, std::ostream& out) {
  TestTotals t = CountTests(r);
  bool bad = t.failed + t.hung + t.leaked + t.build_errors > 0;
  out << "## gopit test: " << (bad ? "failed" : "passed") << "\n\n";
  out << "| packages | tests | passed | failed | hung | leaked | skipped |\n";
  out << "|---:|---:|---:|---:|---:|---:|---:|\n";
  out << "| " << t.packages << " | " << t.tests << " | " << t.passed << " | " << t.failed << " | "
      << t.hung << " | " << t.leaked << " | " << t.skipped << " |\n\n";
  for (const PackageResult& p : r.packages) {
    bool pbad = p.result == "build-error";
    for (const TestResult& x : p.tests)
      pbad |= IsBadResult(x.result);
    if (!pbad) continue;
    out << "### `" << p.package << "`\n\n";
    if (p.result == "build-error") {
      out << "Build failed:\n\n```\n"
          << p.output << (p.output.empty() || p.output.back() == '\n' ? "" : "\n") << "```\n\n";
      continue;
    }
    for (const TestResult& x : p.tests) {
      if (!IsBadResult(x.result)) continue;
      out << "- **" << Cell(x.name) << "**: " << x.result;
      for (const TestDiagnosis& d : r.diagnoses) {
        if (d.package != p.package || d.test != x.name) continue;
        out << " — " << d.d.id << ": " << Cell(d.d.message);
        if (!d.d.location.file.empty())
          out << " (`" << ShortFile(d.d.location.file) << ":" << d.d.location.line << "`)";
      }
      out << "\n";
    }
    out << "\n";
  }
}

}  // namespace gopit
