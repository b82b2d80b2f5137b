#include "render/diff_text.h"

#include "render/style.h"

namespace gopit {
namespace {

std::string Series(const std::vector<uint64_t>& counts) {
  std::string s;
  for (size_t i = 0; i < counts.size(); ++i)
    s += (i ? " -> " : "") + Thousands(counts[i]);
  return s;
}

}  // namespace

std::string ChangeText(int64_t c) {
  if (c == 0) return "(=)";
  return c > 0 ? "(+" + Thousands(static_cast<uint64_t>(c)) + ")"
               : "(-" + Thousands(static_cast<uint64_t>(-c)) + ")";
}

void RenderDiffText(const DiffReport& r, const Symbols& sym, const std::vector<Warning>& warnings,
                    const TextOptions& o, std::ostream& out) {
  Style st(o.color);
  for (size_t i = 0; i < r.snapshots.size(); ++i) {
    const Snapshot& s = *r.snapshots[i];
    out << st.Dim("#" + std::to_string(i + 1) + " ") << st.Bold(s.input)
        << st.Dim("  " + std::string(InputFormatName(s.format)));
    if (s.first_line > 1) out << st.Dim(" from line " + std::to_string(s.first_line));
    out << st.Dim("  " + Thousands(r.totals[i]) + " goroutines") << "\n";
  }
  if (!r.snapshots.empty()) {
    int64_t change = static_cast<int64_t>(r.totals.back()) - static_cast<int64_t>(r.totals.front());
    out << "goroutines " << Series(r.totals) << " " << ChangeText(change) << "; "
        << Thousands(r.buckets.size()) << " buckets";
    if (r.hidden) out << st.Dim(" (" + Thousands(r.hidden) + " runtime buckets hidden)");
    out << "\n";
  }
  RenderDiagnosesText(r.diagnosed, r.diagnoses, st, out);

  size_t shown =
      o.max_buckets && r.buckets.size() > o.max_buckets ? o.max_buckets : r.buckets.size();
  for (size_t i = 0; i < shown; ++i) {
    const DiffBucket& d = r.buckets[i];
    std::string change = ChangeText(d.change);
    out << "\n"
        << st.Bold(Series(d.counts)) << " "
        << (d.change > 0   ? st.Red(change)
            : d.change < 0 ? st.Green(change)
                           : st.Dim(change))
        << "  " << BucketStateText(sym, d.bucket) << "  "
        << st.Dim("#" + FingerprintHex(d.bucket.fingerprint)) << "\n";
    if (!d.persisted_ids.empty()) {
      out << "    " << Thousands(d.persisted_ids.size())
          << (d.persisted_ids.size() == 1 ? " goroutine" : " goroutines")
          << " present in every snapshot";
      if (d.persisted_wait_max >= 0) {
        out << ", waiting up to " << d.persisted_wait_max << " minutes";
      }
      out << "\n";
    }
    RenderBucketFrames(sym, d.bucket, 4, o, st, out);
  }
  if (shown < r.buckets.size()) {
    out << "\n"
        << st.Dim("... " + Thousands(r.buckets.size() - shown) +
                  " more buckets (--limit 0 shows all)")
        << "\n";
  }
  if (!warnings.empty()) {
    out << "\n" << st.Yellow("warnings:") << "\n";
    size_t n = 0;
    for (const Warning& w : warnings) {
      if (++n > 20) {
        out << "  ... " << warnings.size() - 20 << " more (--format json lists all)\n";
        break;
      }
      out << "  " << w.input << (w.line ? ":" + std::to_string(w.line) : "") << ": " << w.message
          << "\n";
    }
  }
}

}  // namespace gopit
