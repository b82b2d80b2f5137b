#include "render/watch_html.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "analysis/buckets.h"
#include "render/diff_html.h"
#include "render/html_util.h"
#include "render/paths.h"
#include "render/stacks_text.h"

namespace gopit {
namespace {

std::string Esc(std::string_view s) {
  return HtmlEscape(s);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string TimeText(UnixMs ms) {
  if (ms <= 0) return "-";
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  if (!gmtime_r(&secs, &tm)) return "-";
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

// "2h 5m", "40s": how long a range lasted, to the unit that matters.
std::string SpanText(UnixMs ms) {
  if (ms < 0) ms = 0;
  int64_t s = ms / 1000;
  char buf[48];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm %llds", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lldh %lldm", static_cast<long long>(s / 3600),
                  static_cast<long long>(s % 3600 / 60));
  }
  return buf;
}

// At most `bins` values, each the largest of its stretch of samples: a
// peak must stay visible however long the history is.
std::vector<uint64_t> Downsample(const std::vector<TimePoint>& points, size_t bins) {
  std::vector<uint64_t> out;
  if (points.size() <= bins) {
    for (const TimePoint& p : points)
      out.push_back(p.value);
    return out;
  }
  out.assign(bins, 0);
  for (size_t i = 0; i < points.size(); ++i) {
    size_t b = i * bins / points.size();
    out[b] = std::max(out[b], points[i].value);
  }
  return out;
}

// "/src/app/main.go:52" -> {"/src/app/main.go", 52}; the line is 0 when
// there is none.
std::pair<std::string_view, int32_t> SplitPlace(std::string_view place) {
  size_t colon = place.rfind(':');
  if (colon == std::string_view::npos) return {place, 0};
  int32_t line = 0;
  for (char c : place.substr(colon + 1)) {
    if (c < '0' || c > '9') return {place, 0};
    line = line * 10 + (c - '0');
    if (line > 100000000) return {place, 0};
  }
  return {place.substr(0, colon), line};
}

void WritePlace(std::ostream& out, std::string_view file, int32_t line) {
  if (file.empty()) {
    out << "<span class=\"where\">?</span>";
    return;
  }
  std::string suffix;
  if (line > 0) {
    suffix = ':';
    suffix += std::to_string(line);
  }
  out << "<span class=\"where\" title=\"" << Esc(file) << suffix << "\">" << Esc(ShortPath(file))
      << suffix << "</span>";
}

// The goroutines of a target over the range as an inline SVG line chart,
// with its largest value and the range's ends written beside it.
void WriteTotalsChart(std::ostream& out, const std::vector<TimePoint>& totals) {
  constexpr int kWidth = 720, kHeight = 140, kPad = 4;
  if (totals.empty()) {
    out << "<p class=\"muted\">No sample answered yet.</p>\n";
    return;
  }
  // Points closer than two pixels say nothing more; the largest of each
  // stretch is kept so peaks survive.
  constexpr size_t kMaxPoints = kWidth / 2;
  std::vector<TimePoint> pts;
  if (totals.size() <= kMaxPoints) {
    pts = totals;
  } else {
    pts.resize(kMaxPoints);
    for (size_t i = 0; i < totals.size(); ++i) {
      size_t b = i * kMaxPoints / totals.size();
      if (pts[b].t_ms == 0) pts[b].t_ms = totals[i].t_ms;
      pts[b].value = std::max(pts[b].value, totals[i].value);
    }
  }
  UnixMs t0 = pts.front().t_ms, t1 = pts.back().t_ms;
  uint64_t max = 1;
  for (const TimePoint& p : pts)
    max = std::max(max, p.value);
  auto x = [&](UnixMs t) {
    double f = t1 > t0 ? static_cast<double>(t - t0) / static_cast<double>(t1 - t0) : 1.0;
    return kPad + f * (kWidth - 2 * kPad);
  };
  auto y = [&](uint64_t v) {
    return kHeight - kPad -
           static_cast<double>(v) / static_cast<double>(max) * (kHeight - 2 * kPad);
  };
  std::string label = "goroutines from " + Thousands(totals.front().value) + " to " +
                      Thousands(totals.back().value) + ", at most " + Thousands(max) + ", over " +
                      Thousands(totals.size()) + " samples";
  out << "<figure class=\"chart\" style=\"margin:8px 0\"><svg class=\"chart\" "
         "xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\""
      << kHeight << "\" viewBox=\"0 0 " << kWidth << " " << kHeight
      << "\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"" << Esc(label)
      << "\" style=\"max-width:" << kWidth
      << "px;border:1px solid var(--line);border-radius:6px;background:var(--panel)\"><title>"
      << Esc(label) << "</title>";
  char buf[64];
  if (pts.size() == 1) {
    std::snprintf(buf, sizeof buf, "%.1f", y(pts[0].value));
    out << "<circle cx=\"" << kWidth / 2 << "\" cy=\"" << buf
        << "\" r=\"3\" style=\"fill:var(--accent)\"></circle>";
  } else {
    out << "<polyline fill=\"none\" stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\" "
           "style=\"stroke:var(--accent)\" points=\"";
    for (size_t i = 0; i < pts.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%s%.1f,%.1f", i ? " " : "", x(pts[i].t_ms), y(pts[i].value));
      out << buf;
    }
    out << "\"></polyline>";
  }
  out << "</svg><figcaption class=\"muted\">" << Thousands(max) << " at most; "
      << Esc(TimeText(totals.front().t_ms)) << " … " << Esc(TimeText(totals.back().t_ms))
      << "</figcaption></figure>\n";
}

void WriteAlertsTable(std::ostream& out, const std::vector<AlertEvent>& alerts) {
  out << "<h3>Alerts</h3>\n";
  if (alerts.empty()) {
    out << "<p class=\"good\">No alert fired.</p>\n";
    return;
  }
  out << "<table class=\"inputs alerts\">\n<tr><th>alert</th><th>severity</th><th>summary</th>"
         "<th>started</th><th>resolved</th><th>labels</th></tr>\n";
  for (const AlertEvent& a : alerts) {
    const char* sev = a.severity == "critical" ? "error" : a.severity == "warning" ? "warning" : "";
    out << "<tr data-alert=\"" << Esc(a.name) << "\" data-firing=\""
        << (a.Firing() ? "true" : "false") << "\"><td><code>" << Esc(a.name)
        << "</code></td><td><span class=\"badge " << sev << "\">" << Esc(a.severity)
        << "</span></td><td>" << Esc(a.summary);
    if (!a.description.empty()) out << "<div class=\"muted\">" << Esc(a.description) << "</div>";
    out << "</td><td>" << Esc(TimeText(a.starts_at_ms)) << "</td><td>"
        << (a.Firing() ? std::string("<span class=\"up\">firing</span>")
                       : Esc(TimeText(a.ends_at_ms)))
        << "</td><td class=\"labels\">";
    for (const auto& [k, v] : a.labels)
      out << "<code>" << Esc(k) << "=" << Esc(v) << "</code> ";
    out << "</td></tr>\n";
  }
  out << "</table>\n";
}

std::string BucketSearch(const BucketTrend& b) {
  std::string s = b.info.state + " " + b.info.category + " #" + FingerprintHex(b.info.fingerprint);
  for (const std::string& f : b.info.stack)
    s += " " + f;
  if (b.info.created_by) {
    s += " " + b.info.created_by->function + " " + b.info.created_by->file + ":" +
         std::to_string(b.info.created_by->line);
  }
  if (b.suspect) s += " suspect";
  return Lower(s);
}

void WriteStack(std::ostream& out, const BucketInfo& info) {
  out << "<ol class=\"frames\">\n";
  for (const std::string& frame : info.stack) {
    // "function file:line"; a frame without a place is the function alone.
    size_t sp = frame.rfind(' ');
    std::string_view fn = frame, place;
    if (sp != std::string::npos) {
      fn = std::string_view(frame).substr(0, sp);
      place = std::string_view(frame).substr(sp + 1);
    }
    auto [file, line] = SplitPlace(place);
    out << "<li" << (IsStdlibFunction(fn) ? " class=\"std\"" : "") << "><span class=\"fn\">"
        << Esc(fn) << "</span>";
    WritePlace(out, file, line);
    out << "</li>\n";
  }
  out << "</ol>\n";
  if (info.stack.empty()) out << "<div class=\"note\">No frames recorded.</div>\n";
  if (info.created_by) {
    const CodeLocation& c = *info.created_by;
    out << "<div class=\"created" << (IsStdlibFunction(c.function) ? " std" : "")
        << "\"><span class=\"fn\">created by " << Esc(c.function) << "</span>";
    WritePlace(out, c.file, c.line);
    out << "</div>\n";
  }
}

std::string SeriesText(const BucketTrend& b) {
  return Thousands(b.baseline) + " → " + Thousands(b.last) + " (max " + Thousands(b.max) + ")";
}

void WriteSuspectBadge(std::ostream& out) {
  out << "<span class=\"badge error suspect\" title=\"a leak-suspect diagnosis (DUMP002) rests on "
         "this bucket\">suspect</span>";
}

void WriteBucket(std::ostream& out, const BucketTrend& b, bool with_id, bool open) {
  std::string hex = FingerprintHex(b.info.fingerprint);
  out << "<details class=\"bucket\"";
  if (with_id) out << " id=\"b-" << hex << "\"";
  out << " data-bucket=\"" << hex << "\" data-cat=\"" << Esc(b.info.category)
      << "\" data-suspect=\"" << (b.suspect ? "true" : "false") << "\" data-search=\""
      << Esc(BucketSearch(b)) << "\"" << (open ? " open" : "") << ">\n<summary>";
  out << SparklineSvg(Downsample(b.counts, 40)) << "<span class=\"count\">" << Thousands(b.last)
      << "</span><span class=\"series\">" << Esc(SeriesText(b)) << "</span>";
  bool wait = b.info.category == "channel" || b.info.category == "select" ||
              b.info.category == "lock" || b.info.category == "waitgroup" ||
              b.info.category == "cond";
  out << "<span class=\"state" << (wait ? " wait" : "") << "\">"
      << Esc(b.info.state.empty() ? b.info.category : b.info.state) << "</span>";
  if (!b.info.location.function.empty())
    out << "<span class=\"fn\">" << Esc(b.info.location.function) << "</span>";
  WritePlace(out, b.info.location.file, b.info.location.line);
  if (b.suspect) WriteSuspectBadge(out);
  out << "<span class=\"id\">#" << hex << "</span></summary>\n<div class=\"body\">\n";
  WriteStack(out, b.info);
  out << "</div>\n</details>\n";
}

void WriteTarget(std::ostream& out, const TargetReport& t, size_t index,
                 std::unordered_set<uint64_t>& used_ids) {
  out << "<section class=\"target\" id=\"target-" << index << "\" data-target=\"" << Esc(t.name)
      << "\" data-up=\"" << (t.up ? "true" : "false") << "\">\n<h2>" << Esc(t.name) << " "
      << (t.up ? "<span class=\"badge\" style=\"background:var(--ok)\">up</span>"
               : "<span class=\"badge error\">down</span>")
      << " <span class=\"muted\"><code>" << Esc(t.url) << "</code></span></h2>\n";
  out << "<p>" << Thousands(t.samples) << (t.samples == 1 ? " sample" : " samples") << ", "
      << Thousands(t.errors) << (t.errors == 1 ? " error" : " errors");
  if (t.samples) {
    out << "; goroutines <b>" << Thousands(t.goroutines.first) << " → "
        << Thousands(t.goroutines.last) << "</b> (max " << Thousands(t.goroutines.max) << ")";
  }
  if (t.full_dumps) {
    out << "; " << Thousands(t.full_dumps) << (t.full_dumps == 1 ? " full dump" : " full dumps");
  }
  char lat[32];
  std::snprintf(lat, sizeof lat, "%.1f", t.last_latency_ms);
  if (t.samples + t.errors) out << "; last sample took " << lat << " ms";
  out << "</p>\n";
  if (!t.last_error.empty()) {
    out << "<p class=\"reason\">last error";
    if (t.last_error_ms) out << " at " << Esc(TimeText(t.last_error_ms));
    out << ": " << Esc(t.last_error) << "</p>\n";
  }
  if (!t.by_category.empty()) {
    out << "<p class=\"muted\">now: ";
    bool first = true;
    for (const auto& [cat, n] : t.by_category) {
      out << (first ? "" : ", ") << Esc(cat) << " " << Thousands(n);
      first = false;
    }
    out << "</p>\n";
  }
  WriteTotalsChart(out, t.totals);

  // A bucket id appears once in the page: the diagnoses of a later target
  // with the same bucket link to the first one.
  std::vector<bool> with_id(t.buckets.size());
  std::unordered_set<uint64_t> rendered;
  for (size_t i = 0; i < t.buckets.size(); ++i) {
    uint64_t fp = t.buckets[i].info.fingerprint;
    with_id[i] = used_ids.insert(fp).second;
    if (with_id[i]) rendered.insert(fp);
  }
  WriteDiagnosesHtml(out, true, t.diagnoses, rendered);
  WriteAlertsTable(out, t.alerts);

  out << "<h3>Buckets <span class=\"muted\">most important first</span></h3>\n";
  if (t.buckets.empty()) out << "<p class=\"muted\">No bucket.</p>\n";
  for (size_t i = 0; i < t.buckets.size(); ++i)
    WriteBucket(out, t.buckets[i], with_id[i], i == 0);
  out << "</section>\n";
}

}  // namespace

void RenderWatchHtml(const WatchReport& report, std::ostream& out) {
  std::string title = "gopit watch";
  for (size_t i = 0; i < report.targets.size() && i < 3; ++i)
    title += (i ? ", " : ": ") + report.targets[i].name;
  if (report.targets.size() > 3) title += ", …";
  WriteHtmlHead(out, title);

  out << "<header>\n<h1>gopit watch</h1>\n<p>" << Thousands(report.targets.size())
      << (report.targets.size() == 1 ? " target" : " targets");
  if (report.to_ms > 0) {
    out << " from " << Esc(TimeText(report.from_ms)) << " to " << Esc(TimeText(report.to_ms))
        << " <span class=\"muted\">(" << Esc(SpanText(report.to_ms - report.from_ms)) << ")</span>";
  }
  out << "</p>\n";
  if (!report.targets.empty()) {
    out << "<table class=\"inputs\">\n<tr><th>target</th><th>url</th><th>up</th>"
           "<th>samples</th><th>errors</th><th>first</th><th>last</th><th>max</th>"
           "<th>suspects</th></tr>\n";
    for (size_t i = 0; i < report.targets.size(); ++i) {
      const TargetReport& t = report.targets[i];
      size_t suspects = 0;
      for (const BucketTrend& b : t.buckets)
        suspects += b.suspect;
      out << "<tr><td><a href=\"#target-" << i << "\">" << Esc(t.name) << "</a></td><td><code>"
          << Esc(t.url) << "</code></td><td>"
          << (t.up ? "<span class=\"down\">up</span>" : "<span class=\"up\">down</span>")
          << "</td><td class=\"num\">" << Thousands(t.samples) << "</td><td class=\"num\">"
          << Thousands(t.errors) << "</td><td class=\"num\">" << Thousands(t.goroutines.first)
          << "</td><td class=\"num\">" << Thousands(t.goroutines.last) << "</td><td class=\"num\">"
          << Thousands(t.goroutines.max) << "</td><td class=\"num\">" << suspects << "</td></tr>\n";
    }
    out << "</table>\n";
  } else {
    out << "<p class=\"muted\">No target.</p>\n";
  }
  out << "</header>\n";

  // One filter for the whole page: the shared script filters every bucket
  // of every target.
  std::map<std::string, uint64_t> by;
  size_t buckets = 0;
  for (const TargetReport& t : report.targets) {
    for (const BucketTrend& b : t.buckets)
      by[b.info.category] += b.last;
    buckets += t.buckets.size();
  }
  std::vector<std::pair<std::string, uint64_t>> cats(by.begin(), by.end());
  std::stable_sort(cats.begin(), cats.end(), [](auto& a, auto& b) { return a.second > b.second; });
  if (buckets) WriteFilterControls(out, cats, buckets);

  std::unordered_set<uint64_t> used_ids;
  for (size_t i = 0; i < report.targets.size(); ++i)
    WriteTarget(out, report.targets[i], i, used_ids);
  WriteHtmlFoot(out);
}

void RenderBucketPage(const TargetReport& target, const BucketTrend& bucket, std::ostream& out) {
  std::string hex = FingerprintHex(bucket.info.fingerprint);
  WriteHtmlHead(out, "gopit watch: " + target.name + " #" + hex);
  out << "<header>\n<p><a href=\"/\">← live page</a></p>\n<h1>" << Esc(target.name)
      << " <span class=\"id\">#" << hex << "</span>";
  if (bucket.suspect) {
    out << " ";
    WriteSuspectBadge(out);
  }
  out << "</h1>\n<p class=\"muted\"><code>" << Esc(target.url) << "</code></p>\n</header>\n";
  out << "<section class=\"bucket-page\" data-target=\"" << Esc(target.name) << "\" data-bucket=\""
      << hex << "\" data-suspect=\"" << (bucket.suspect ? "true" : "false") << "\">\n";
  out << "<p>" << SparklineSvg(Downsample(bucket.counts, 60)) << " <b>" << Thousands(bucket.last)
      << (bucket.last == 1 ? " goroutine" : " goroutines") << "</b> <span class=\"series\">"
      << Esc(SeriesText(bucket)) << "</span></p>\n";
  out << "<p><span class=\"state\">"
      << Esc(bucket.info.state.empty() ? bucket.info.category : bucket.info.state)
      << "</span> at <span class=\"fn\">" << Esc(bucket.info.location.function) << "</span> ";
  WritePlace(out, bucket.info.location.file, bucket.info.location.line);
  out << "</p>\n<div class=\"body\" style=\"padding-left:0\">\n";
  WriteStack(out, bucket.info);
  out << "</div>\n</section>\n<footer>Written by gopit " GOPIT_VERSION
         ".</footer>\n</body>\n</html>\n";
}

void RenderLivePage(std::ostream& out) {
  WriteHtmlHead(out, "gopit watch (live)");
  out << R"HTML(<header>
<h1>gopit watch <span class="muted">live</span></h1>
<p id="status" class="muted" role="status">Loading /api/state …</p>
</header>
<main id="targets"></main>
<footer>Written by gopit )HTML" GOPIT_VERSION R"HTML(. Redraws every second from
<a href="/api/state"><code>/api/state</code></a>; Prometheus scrapes
<a href="/metrics"><code>/metrics</code></a>.</footer>
<script>
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var root = document.getElementById("targets");
  var status = document.getElementById("status");

  // Every string from the state goes in through textContent or
  // setAttribute, never as markup.
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return parent;
  }
  function num(n) { return Number(n || 0).toLocaleString("en-US"); }
  function when(ms) {
    if (!ms) return "-";
    return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  }
  function base(file) {
    file = String(file || "");
    var i = file.lastIndexOf("/");
    return i < 0 ? file : file.slice(i + 1);
  }
  function place(loc) {
    if (!loc || !loc.file) return el("span", {"class": "where"}, "?");
    var text = base(loc.file) + ":" + loc.line;
    return el("span", {"class": "where", title: loc.file + ":" + loc.line}, text);
  }
  // Keeps the largest value of each stretch so a peak stays visible.
  function thin(points, max) {
    if (points.length <= max) return points;
    var out = [];
    for (var i = 0; i < points.length; i++) {
      var b = Math.floor(i * max / points.length);
      if (!out[b]) out[b] = [points[i][0], points[i][1]];
      else if (points[i][1] > out[b][1]) out[b][1] = points[i][1];
    }
    return out;
  }
  function chart(points, w, h, cls) {
    var s = svg("svg", {"class": cls, width: w, height: h, viewBox: "0 0 " + w + " " + h,
                        role: "img"});
    points = thin(points || [], Math.max(2, Math.floor(w / 2)));
    var max = 1, t0 = 0, t1 = 0;
    points.forEach(function (p) { if (p[1] > max) max = p[1]; });
    if (points.length) { t0 = points[0][0]; t1 = points[points.length - 1][0]; }
    var label = points.length ? num(points[points.length - 1][1]) + " now, " + num(max) + " at most"
                              : "no sample yet";
    s.setAttribute("aria-label", label);
    var title = svg("title"); title.textContent = label; s.appendChild(title);
    var pad = 2, coords = points.map(function (p) {
      var x = t1 > t0 ? pad + (p[0] - t0) / (t1 - t0) * (w - 2 * pad) : w - pad;
      var y = h - pad - p[1] / max * (h - 2 * pad);
      return x.toFixed(1) + "," + y.toFixed(1);
    });
    if (coords.length) {
      s.appendChild(svg("polyline", {points: coords.join(" "), fill: "none", "stroke-width": "1.5",
                                     style: "stroke:var(--accent)"}));
    }
    return s;
  }
  function diagnosis(d) {
    var sev = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "info";
    var li = el("li", {"class": "diag " + sev, "data-diagnosis": d.id || ""});
    add(li, add(el("div"), el("span", {"class": "badge " + sev}, d.severity), " ",
                el("code", null, d.id), " ", el("span", null, d.slug), " ",
                el("span", {"class": "muted"}, num(d.goroutines) + " goroutines")),
        el("p", {"class": "msg"}, d.message));
    if (d.location && d.location.line > 0) {
      add(li, add(el("div", {"class": "loc"}), "at ", place(d.location), " in ",
                  el("span", {"class": "fn"}, d.location.function)));
    }
    return li;
  }
  function bucketRow(t, b) {
    var grew = (b.last || 0) - (b.baseline || 0);
    var tr = el("tr", {"data-bucket": b.fingerprint, "data-suspect": b.suspect ? "true" : "false",
                       "data-category": b.category || "", "data-growing": grew > 0 ? "true" : "false"});
    var href = "/bucket?target=" + encodeURIComponent(t.name) + "&id=" + encodeURIComponent(b.fingerprint);
    var loc = b.location || {};
    var link = el("a", {href: href, "class": "bucket-link"});
    add(link, place(loc));
    add(tr, add(el("td"), chart(b.counts, 120, 22, "spark")),
        el("td", {"class": "count"}, num(b.last)),
        el("td", {"class": grew > 0 ? "up" : "muted"}, (grew > 0 ? "+" : "") + num(grew)),
        el("td", {"class": "state"}, b.state || b.category),
        el("td", {"class": "fn"}, loc.function || ""),
        add(el("td"), link),
        add(el("td"), b.suspect ? el("span", {"class": "badge error suspect"}, "suspect") : null,
            " ", el("span", {"class": "id"}, "#" + b.fingerprint)));
    return tr;
  }
  function target(t) {
    var sec = el("section", {"class": "target", "data-target": t.name, "data-up": t.up ? "true" : "false"});
    var h = add(el("h2"), t.name + " ",
                el("span", {"class": t.up ? "badge" : "badge error",
                            style: t.up ? "background:var(--ok)" : ""}, t.up ? "up" : "down"),
                " ", el("code", {"class": "muted"}, t.url));
    var g = t.goroutines || {};
    var p = el("p", {"class": "stats"},
               num(t.samples) + " samples, " + num(t.errors) + " errors; goroutines " +
               num(g.first) + " \u2192 " + num(g.last) + " (max " + num(g.max) + ")");
    p.setAttribute("data-goroutines", String(g.last || 0));
    add(sec, h, p);
    if (!t.up && t.last_error) add(sec, el("p", {"class": "reason"}, "last error: " + t.last_error));
    var cats = Object.keys(t.by_category || {});
    if (cats.length) {
      add(sec, el("p", {"class": "muted"}, "now: " + cats.map(function (c) {
        return c + " " + num(t.by_category[c]);
      }).join(", ")));
    }
    var c = chart(t.totals, 720, 120, "chart");
    c.setAttribute("width", "100%");
    c.setAttribute("preserveAspectRatio", "none");
    c.setAttribute("style", "max-width:720px;border:1px solid var(--line);border-radius:6px;background:var(--panel)");
    add(sec, c, el("p", {"class": "muted"},
                   num(g.last) + " goroutines now, " + num(g.max) + " at most, over " +
                   num((t.totals || []).length) + " samples"));
    var diags = t.diagnoses || [];
    if (diags.length) {
      var ol = el("ol", {"class": "diags"});
      diags.slice(0, 20).forEach(function (d) { ol.appendChild(diagnosis(d)); });
      add(sec, el("h3", null, "Diagnoses"), ol);
    }
    var firing = (t.alerts || []).filter(function (a) { return !a.ends_at_ms; });
    if (firing.length) {
      var ul = el("ul", {"class": "alerts"});
      firing.forEach(function (a) {
        add(ul, add(el("li", {"data-alert": a.name, "data-severity": a.severity}),
                    el("span", {"class": "badge " + (a.severity === "critical" ? "error" : "warning")}, a.severity),
                    " ", el("code", null, a.name), " ", a.summary || "",
                    el("span", {"class": "muted"}, " since " + when(a.starts_at_ms))));
      });
      add(sec, el("h3", null, "Alerts firing"), ul);
    }
    var buckets = t.buckets || [];
    add(sec, el("h3", null, "Buckets"));
    if (!buckets.length) {
      add(sec, el("p", {"class": "muted"}, "No bucket yet."));
    } else {
      var table = el("table", {"class": "inputs buckets"});
      add(table, add(el("tr"), el("th", null, "over time"), el("th", null, "now"),
                     el("th", null, "grew"), el("th", null, "state"), el("th", null, "function"),
                     el("th", null, "where"), el("th")));
      buckets.forEach(function (b) { table.appendChild(bucketRow(t, b)); });
      add(sec, table);
    }
    return sec;
  }
  function render(state) {
    var frag = document.createDocumentFragment();
    (state.targets || []).forEach(function (t) { frag.appendChild(target(t)); });
    if (!(state.targets || []).length) frag.appendChild(el("p", {"class": "muted"}, "No target."));
    while (root.firstChild) root.removeChild(root.firstChild);
    root.appendChild(frag);
    status.className = "muted";
    status.textContent = "Updated " + when(state.to_ms || Date.now()) + "; " +
                         num((state.targets || []).length) + " targets.";
  }
  function tick() {
    fetch("/api/state", {cache: "no-store"}).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (state) {
      render(state);
      document.documentElement.setAttribute("data-ready", "1");
    }).catch(function (e) {
      status.className = "reason";
      status.textContent = "Cannot read /api/state: " + (e && e.message ? e.message : e);
    }).then(function () { setTimeout(tick, 1000); });
  }
  tick();
})();
</script>
</body>
</html>
)HTML";
}

}  // namespace gopit
