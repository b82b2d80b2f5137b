#include "render/stacks_html.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <unordered_set>

#include "render/stacks_text.h"

namespace gopit {

void RenderStacksHtml(const StacksReport& report, const HtmlOptions& o, std::ostream& out) {
  const ReadResult& read = *report.read;
  const Symbols& sym = *read.symbols;
  const BucketReport& br = report.buckets;

  std::string title = "gopit stacks";
  for (size_t i = 0; i < report.inputs.size() && i < 3; ++i)
    title += (i ? ", " : ": ") + report.inputs[i].name;
  if (report.inputs.size() > 3) title += ", …";
  WriteHtmlHead(out, title);

  out << "<header>\n<h1>gopit stacks</h1>\n<p>" << GoroutineCount(br.total - br.hidden) << " in "
      << Thousands(br.buckets.size()) << (br.buckets.size() == 1 ? " bucket" : " buckets");
  if (br.hidden) {
    out << " <span class=\"muted\">(" << Thousands(br.hidden)
        << (br.hidden == 1 ? " runtime goroutine" : " runtime goroutines")
        << " hidden; <code>--all</code> shows them)</span>";
  }
  out << "</p>\n<table class=\"inputs\">\n<tr><th>input</th><th>format</th><th>goroutines</th>"
         "<th></th></tr>\n";
  for (const Snapshot& s : read.snapshots) {
    out << "<tr><td><code>" << HtmlEscape(s.input) << "</code>";
    if (s.first_line > 1) out << " <span class=\"muted\">from line " << s.first_line << "</span>";
    out << "</td><td>" << HtmlEscape(InputFormatName(s.format))
        << (s.leak_profile ? " <span class=\"tag\">goroutine-leak profile</span>" : "")
        << "</td><td class=\"num\">" << Thousands(s.TotalGoroutines()) << "</td><td>";
    if (!s.reason.empty()) {
      out << "<span class=\"reason\">" << HtmlEscape(s.reason.substr(0, 200)) << "</span>";
    }
    if (s.current_goroutine) {
      out << " <span class=\"muted\">(goroutine " << s.current_goroutine << ")</span>";
    }
    out << "</td></tr>\n";
  }
  for (const InputSummary& in : report.inputs) {
    if (in.error.empty()) continue;
    out << "<tr><td><code>" << HtmlEscape(in.name) << "</code></td><td colspan=\"3\" "
        << "class=\"reason\">" << HtmlEscape(in.error) << "</td></tr>\n";
  }
  out << "</table>\n</header>\n";

  // The crash first: why the process died, and the goroutine that did.
  if (CrashInfo c = FindCrash(report); c.snapshot) {
    out << "<section class=\"crash\">\n<h2>Crash</h2>\n<p><span class=\"reason\">"
        << HtmlEscape(c.snapshot->reason.substr(0, 1000)) << "</span>";
    if (c.snapshot->current_goroutine)
      out << " <span class=\"muted\">in goroutine " << c.snapshot->current_goroutine << "</span>";
    out << "</p>\n";
    if (c.bucket) {
      std::ostringstream frames;
      RenderBucketFrames(sym, *c.bucket, 0, TextOptions{}, Style(false), frames);
      out << "<pre>" << HtmlEscape(frames.str()) << "</pre>\n";
    }
    out << "</section>\n";
  }

  size_t shown =
      o.max_buckets && br.buckets.size() > o.max_buckets ? o.max_buckets : br.buckets.size();
  std::vector<const Bucket*> rendered;
  std::unordered_set<uint64_t> ids;
  for (size_t i = 0; i < shown; ++i) {
    rendered.push_back(&br.buckets[i]);
    ids.insert(br.buckets[i].fingerprint);
  }

  WriteDiagnosesHtml(out, report.diagnosed, report.diagnoses, ids);

  out << "<section id=\"buckets\">\n<h2>Buckets <span class=\"muted\">most goroutines "
         "first</span></h2>\n";
  WriteFilterControls(out, CategoryTotals(rendered), rendered.size());
  uint64_t max = br.buckets.empty() ? 1 : std::max<uint64_t>(br.buckets[0].count, 1);
  for (size_t i = 0; i < rendered.size(); ++i) {
    const Bucket& b = *rendered[i];
    WriteBucketOpen(out, sym, b, i == 0);
    char width[32];
    std::snprintf(width, sizeof width, "%.1f", 100.0 * static_cast<double>(b.count) / max);
    out << "<summary><span class=\"count\">" << Thousands(b.count)
        << "</span><span class=\"bar\" title=\"" << Thousands(b.count) << " of "
        << Thousands(br.total - br.hidden) << " goroutines\"><span style=\"width:" << width
        << "%\"></span></span>";
    WriteBucketHeadline(out, sym, b);
    out << "</summary>\n";
    WriteBucketBody(out, sym, b, o);
    out << "</details>\n";
  }
  if (shown < br.buckets.size()) {
    uint64_t rest = 0;
    for (size_t i = shown; i < br.buckets.size(); ++i)
      rest += br.buckets[i].count;
    out << "<p class=\"muted\">… " << Thousands(br.buckets.size() - shown) << " more buckets with "
        << Thousands(rest) << " goroutines (<code>--limit 0</code> puts all in the page)</p>\n";
  }
  out << "</section>\n";
  WriteWarningsHtml(out, read.warnings);
  WriteHtmlFoot(out);
}

}  // namespace gopit
