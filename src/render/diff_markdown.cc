#include "render/diff_markdown.h"

#include <algorithm>

#include "render/diff_text.h"
#include "render/stacks_text.h"

namespace gopit {
namespace {

// "60 → 120 → 180"; a long series keeps its first and last five.
std::string Series(const std::vector<uint64_t>& counts) {
  constexpr size_t kEnds = 5;
  std::string s;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts.size() > 2 * kEnds + 1 && i >= kEnds && i + kEnds < counts.size()) {
      if (i == kEnds) s += " → …";
      continue;
    }
    s += (i ? " → " : "") + Thousands(counts[i]);
  }
  return s;
}

}  // namespace

void RenderDiffMarkdown(const DiffReport& r, const Symbols& sym, const MarkdownOptions& o,
                        std::ostream& out) {
  out << "### gopit diff: ";
  if (!r.snapshots.empty()) {
    int64_t change = static_cast<int64_t>(r.totals.back()) - static_cast<int64_t>(r.totals.front());
    out << "goroutines " << Series(r.totals) << " " << ChangeText(change) << " over "
        << r.snapshots.size() << " snapshots";
  }
  out << "\n\n";
  for (size_t i = 0; i < r.snapshots.size(); ++i) {
    const Snapshot& s = *r.snapshots[i];
    out << i + 1 << ". " << MarkdownCode(Shorten(s.input, 200)) << " " << InputFormatName(s.format)
        << ", " << Thousands(r.totals[i]) << " goroutines\n";
  }
  out << "\n";

  WriteDiagnosesMarkdown(out, r.diagnosed, r.diagnoses, o.max_diagnoses);

  size_t shown = std::min(r.buckets.size(), o.max_buckets);
  if (shown) {
    out << "**Buckets** (most grown first"
        << (shown < r.buckets.size()
                ? ", top " + std::to_string(shown) + " of " + std::to_string(r.buckets.size())
                : std::string())
        << ")\n\n";
  }
  for (size_t i = 0; i < shown; ++i) {
    const DiffBucket& d = r.buckets[i];
    out << "<details><summary><b>" << Series(d.counts) << "</b> " << ChangeText(d.change) << " "
        << BucketSummaryMarkdown(sym, d.bucket) << "</summary>\n\n";
    if (!d.persisted_ids.empty()) {
      out << "**" << Thousands(d.persisted_ids.size()) << "**"
          << (d.persisted_ids.size() == 1 ? " goroutine" : " goroutines")
          << " present in every snapshot";
      if (d.persisted_wait_max >= 0) {
        out << ", waiting up to " << d.persisted_wait_max
            << (d.persisted_wait_max == 1 ? " minute" : " minutes");
      }
      out << "\n\n";
    }
    out << BucketStackMarkdown(sym, d.bucket, o.max_frames) << "\n</details>\n";
  }
  if (shown < r.buckets.size()) {
    out << "\n… " << Thousands(r.buckets.size() - shown) << " more buckets\n";
  }
  out << "\n<sub>gopit " GOPIT_VERSION "</sub>\n";
}

}  // namespace gopit
