#include "render/diff_html.h"

#include <algorithm>
#include <unordered_set>

#include "render/diff_text.h"
#include "render/stacks_text.h"

namespace gopit {
namespace {

std::string Series(const std::vector<uint64_t>& counts) {
  std::string s;
  for (size_t i = 0; i < counts.size(); ++i)
    s += (i ? " → " : "") + Thousands(counts[i]);
  return s;
}

// `<span class="up">(+120)</span>`
std::string Change(int64_t c) {
  const char* cls = c == 0 ? "muted" : c > 0 ? "up" : "down";
  return std::string("<span class=\"") + cls + "\">" + ChangeText(c) + "</span>";
}

}  // namespace

std::string SparklineSvg(const std::vector<uint64_t>& counts) {
  constexpr int kHeight = 22;
  size_t n = std::max<size_t>(counts.size(), 1);
  int bar = static_cast<int>(std::clamp<size_t>(120 / n, 2, 14));
  int gap = bar > 3 ? 2 : 0;
  int width = static_cast<int>(n) * (bar + gap);
  uint64_t max = 1;
  for (uint64_t c : counts)
    max = std::max(max, c);
  std::string series = Series(counts);
  std::string s = "<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                  std::to_string(width) + "\" height=\"" + std::to_string(kHeight) +
                  "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(kHeight) +
                  "\" role=\"img\" aria-label=\"" + series + "\"><title>" + series + "</title>";
  for (size_t i = 0; i < counts.size(); ++i) {
    // A bar of at least 1 pixel for any goroutine at all; none for zero.
    int h = counts[i] == 0 ? 0
                           : std::max(1, static_cast<int>(static_cast<double>(counts[i]) * kHeight /
                                                              static_cast<double>(max) +
                                                          0.5));
    // The last bar says which way the series went.
    const char* cls = i + 1 < counts.size() || counts.size() < 2 ? ""
                      : counts.back() > counts.front()           ? " class=\"up\""
                      : counts.back() < counts.front()           ? " class=\"down\""
                                                                 : "";
    s += std::string("<rect") + cls + " x=\"" + std::to_string(static_cast<int>(i) * (bar + gap)) +
         "\" y=\"" + std::to_string(kHeight - h) + "\" width=\"" + std::to_string(bar) +
         "\" height=\"" + std::to_string(h) + "\"></rect>";
  }
  s += "</svg>";
  return s;
}

void RenderDiffHtml(const DiffReport& r, const Symbols& sym, const std::vector<Warning>& warnings,
                    const HtmlOptions& o, std::ostream& out) {
  std::string title = "gopit diff";
  if (!r.snapshots.empty()) {
    title += ": " + r.snapshots.front()->input + " … " + r.snapshots.back()->input;
  }
  WriteHtmlHead(out, title);

  out << "<header>\n<h1>gopit diff</h1>\n";
  if (!r.snapshots.empty()) {
    int64_t change = static_cast<int64_t>(r.totals.back()) - static_cast<int64_t>(r.totals.front());
    out << "<p>" << SparklineSvg(r.totals) << " goroutines <b>" << Series(r.totals) << "</b> "
        << Change(change) << " over " << r.snapshots.size() << " snapshots; "
        << Thousands(r.buckets.size()) << (r.buckets.size() == 1 ? " bucket" : " buckets");
    if (r.hidden) {
      out << " <span class=\"muted\">(" << Thousands(r.hidden)
          << " runtime buckets hidden; <code>--all</code> shows them)</span>";
    }
    out << "</p>\n";
  }
  out << "<table class=\"inputs\">\n<tr><th>#</th><th>input</th><th>format</th>"
         "<th>goroutines</th></tr>\n";
  for (size_t i = 0; i < r.snapshots.size(); ++i) {
    const Snapshot& s = *r.snapshots[i];
    out << "<tr><td>" << i + 1 << "</td><td><code>" << HtmlEscape(s.input) << "</code>";
    if (s.first_line > 1) out << " <span class=\"muted\">from line " << s.first_line << "</span>";
    out << "</td><td>" << HtmlEscape(InputFormatName(s.format)) << "</td><td class=\"num\">"
        << Thousands(r.totals[i]) << "</td></tr>\n";
  }
  out << "</table>\n</header>\n";

  size_t shown =
      o.max_buckets && r.buckets.size() > o.max_buckets ? o.max_buckets : r.buckets.size();
  std::vector<const Bucket*> rendered;
  std::unordered_set<uint64_t> ids;
  for (size_t i = 0; i < shown; ++i) {
    rendered.push_back(&r.buckets[i].bucket);
    ids.insert(r.buckets[i].bucket.fingerprint);
  }
  WriteDiagnosesHtml(out, r.diagnosed, r.diagnoses, ids);

  out << "<section id=\"buckets\">\n<h2>Buckets <span class=\"muted\">most grown "
         "first</span></h2>\n";
  WriteFilterControls(out, CategoryTotals(rendered), rendered.size());
  for (size_t i = 0; i < shown; ++i) {
    const DiffBucket& d = r.buckets[i];
    WriteBucketOpen(out, sym, d.bucket, i == 0);
    out << "<summary>" << SparklineSvg(d.counts) << "<span class=\"series\"><b>" << Series(d.counts)
        << "</b> " << Change(d.change) << "</span>";
    WriteBucketHeadline(out, sym, d.bucket);
    out << "</summary>\n";
    if (!d.persisted_ids.empty()) {
      out << "<div class=\"body persisted\"><b>" << Thousands(d.persisted_ids.size())
          << (d.persisted_ids.size() == 1 ? " goroutine" : " goroutines")
          << "</b> present in every snapshot";
      if (d.persisted_wait_max >= 0) {
        out << ", waiting up to " << d.persisted_wait_max
            << (d.persisted_wait_max == 1 ? " minute" : " minutes");
      }
      out << "\n";
      WriteIdList(out, "persisted", d.persisted_ids, o.max_ids);
      out << "</div>\n";
    }
    WriteBucketBody(out, sym, d.bucket, o);
    out << "</details>\n";
  }
  if (shown < r.buckets.size()) {
    out << "<p class=\"muted\">… " << Thousands(r.buckets.size() - shown)
        << " more buckets (<code>--limit 0</code> puts all in the page)</p>\n";
  }
  out << "</section>\n";
  WriteWarningsHtml(out, warnings);
  WriteHtmlFoot(out);
}

}  // namespace gopit
