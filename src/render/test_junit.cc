// `gopit test --format junit`: the JUnit XML CI systems read (testsuites /
// testsuite / testcase with failure, error or skipped). One testsuite per
// package, one testcase per test; hung and leaking tests fail with their
// diagnosis, a package that does not build has one testcase with an error.
#include <cstdio>

#include "render/test_render.h"
#include "render/utf8.h"

namespace gopit {
namespace {

// XML 1.0 text or attribute value (render/utf8.h).
std::string Xml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendMarkupEscaped(out, s, true);
  return out;
}

std::string Secs(double s) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.3f", s < 0 ? 0 : s);
  return buf;
}

}  // namespace

void RenderTestJunit(const TestRunReport& r, std::ostream& out) {
  TestTotals all = CountTests(r);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"gopit test\" tests=\"" << all.tests + all.build_errors
      << "\" failures=\"" << all.failed + all.hung + all.leaked << "\" errors=\""
      << all.build_errors << "\" skipped=\"" << all.skipped << "\">\n";
  for (const PackageResult& p : r.packages) {
    size_t failures = 0, skipped = 0;
    for (const TestResult& t : p.tests) {
      failures += IsBadResult(t.result);
      skipped += t.result == "skip";
    }
    bool build = p.result == "build-error";
    out << "  <testsuite name=\"" << Xml(p.package) << "\" tests=\"" << p.tests.size() + build
        << "\" failures=\"" << failures << "\" errors=\"" << (build ? 1 : 0) << "\" skipped=\""
        << skipped << "\" time=\"" << Secs(p.elapsed_s) << "\">\n";
    if (build) {
      out << "    <testcase name=\"[build]\" classname=\"" << Xml(p.package)
          << "\" time=\"0.000\">\n      <error message=\"build failed\" type=\"build\">"
          << Xml(p.output) << "</error>\n    </testcase>\n";
    }
    for (const TestResult& t : p.tests) {
      out << "    <testcase name=\"" << Xml(t.name) << "\" classname=\"" << Xml(p.package)
          << "\" time=\"" << Secs(t.elapsed_s) << "\"";
      if (t.result == "pass") {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (t.result == "skip") {
        out << "      <skipped/>\n";
      } else {
        std::string message, body;
        for (const TestDiagnosis& d : r.diagnoses) {
          if (d.package != p.package || d.test != t.name) continue;
          if (message.empty()) message = d.d.message;
          body += d.d.id + " " + d.d.slug + ": " + d.d.message + "\n";
          if (!d.d.location.file.empty())
            body += "  at " + d.d.location.file + ":" + std::to_string(d.d.location.line) + " in " +
                    d.d.location.function + "\n";
        }
        if (message.empty()) message = t.result == "fail" ? "test failed" : "test " + t.result;
        body += t.output;
        out << "      <failure message=\"" << Xml(message) << "\" type=\"" << Xml(t.result) << "\">"
            << Xml(body) << "</failure>\n";
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace gopit
