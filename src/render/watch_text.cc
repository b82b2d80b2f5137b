#include "render/watch_text.h"

#include <ctime>
#include <iomanip>
#include <sstream>

#include "render/paths.h"
#include "render/stacks_text.h"

namespace gopit {
namespace {

std::string Clock(UnixMs ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::ostringstream o;
  o << std::put_time(&tm, "%Y-%m-%d %H:%M:%S") << "Z";
  return o.str();
}

std::string Seconds(UnixMs ms) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(ms < 10000 ? 1 : 0) << static_cast<double>(ms) / 1000.0
    << " s";
  return o.str();
}

std::string Place(const CodeLocation& l) {
  if (l.file.empty()) return l.function;
  return ShortPath(l.file) + ":" + std::to_string(l.line);
}

void RenderTarget(const TargetReport& t, const Style& st, std::ostream& out) {
  out << st.Bold(t.name) << "  " << st.Dim(t.url) << "\n";
  out << "  " << Thousands(t.samples) << " samples, " << Thousands(t.errors) << " errors";
  if (t.full_dumps) out << ", " << Thousands(t.full_dumps) << " full dumps";
  if (t.leak_profile_reads) out << ", " << Thousands(t.leak_profile_reads) << " leak-profile reads";
  out << "\n";
  if (t.samples) {
    out << "  goroutines: " << Thousands(t.goroutines.first) << " first, "
        << Thousands(t.goroutines.last) << " last, " << Thousands(t.goroutines.max) << " max\n";
  }
  if (!t.last_error.empty()) {
    out << "  " << st.Red("last error") << " at " << Clock(t.last_error_ms) << ": " << t.last_error
        << "\n";
  }
  if (!t.alerts.empty()) {
    out << "  alerts:\n";
    for (const AlertEvent& a : t.alerts) {
      std::string sev = a.severity == "critical" ? st.Red(a.severity) : st.Yellow(a.severity);
      out << "    " << sev << "  " << a.name << "  " << Clock(a.starts_at_ms)
          << (a.Firing() ? " (firing)"
                         : ", resolved after " + Seconds(a.ends_at_ms - a.starts_at_ms))
          << "\n      " << a.summary << "\n";
    }
  }
  RenderDiagnosesText(true, t.diagnoses, st, out);
  if (!t.buckets.empty()) {
    out << "\n  buckets (baseline -> last, max):\n";
    for (const BucketTrend& b : t.buckets) {
      std::string wait = b.info.state.empty() ? b.info.category : b.info.state;
      out << "    " << Thousands(b.baseline) << " -> " << st.Bold(Thousands(b.last)) << " (max "
          << Thousands(b.max) << ")  " << wait << "  " << Place(b.info.location)
          << (b.suspect ? "  " + st.Red("suspect") : "") << "  "
          << st.Dim("#" + FingerprintHex(b.info.fingerprint)) << "\n";
    }
  }
}

}  // namespace

void RenderWatchText(const WatchReport& report, const Style& st, std::ostream& out) {
  out << "watched from " << Clock(report.from_ms) << " to " << Clock(report.to_ms) << " ("
      << Seconds(report.to_ms - report.from_ms) << ")\n\n";
  for (size_t i = 0; i < report.targets.size(); ++i) {
    if (i) out << "\n";
    RenderTarget(report.targets[i], st, out);
  }
}

}  // namespace gopit
