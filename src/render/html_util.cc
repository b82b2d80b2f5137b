#include "render/html_util.h"

#include <algorithm>
#include <map>

#include "analysis/category.h"
#include "render/paths.h"
#include "render/stacks_text.h"
#include "render/utf8.h"

namespace gopit {

void AppendHtmlEscaped(std::string& out, std::string_view s) {
  AppendMarkupEscaped(out, s, false);
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  AppendHtmlEscaped(out, s);
  return out;
}

namespace {

constexpr const char* kCss = R"CSS(
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--panel:#f6f8fa;
--accent:#0969da;--err:#cf222e;--warn:#9a6700;--info:#0969da;--ok:#1a7f37;--wait:#bc4c00}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;--line:#30363d;
--panel:#161b22;--accent:#2f81f7;--err:#f85149;--warn:#d29922;--info:#58a6ff;--ok:#3fb950;--wait:#db6d28}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0 auto;max-width:1280px;padding:16px 24px 48px;background:var(--bg);color:var(--fg);
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
code,.fn,.where,.ids,.id,.labels{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:24px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
a{color:var(--accent)}
.muted,.id{color:var(--muted)}
table.inputs{border-collapse:collapse;margin:8px 0;font-size:13px}
table.inputs td,table.inputs th{padding:2px 12px 2px 0;text-align:left;vertical-align:top}
table.inputs td.num{text-align:right;font-variant-numeric:tabular-nums}
.reason{color:var(--err)}
ol.diags{list-style:none;padding:0;margin:0}
.diag{border:1px solid var(--line);border-left:4px solid var(--info);border-radius:6px;padding:8px 12px;margin:8px 0;background:var(--panel)}
.diag.error{border-left-color:var(--err)}
.diag.warning{border-left-color:var(--warn)}
.diag .msg{margin:4px 0;font-size:14.5px}
.diag .loc{color:var(--muted);font-size:13px}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:11.5px;font-weight:700;color:#fff;
background:var(--info);text-transform:uppercase;letter-spacing:.03em}
.badge.error{background:var(--err)}
.badge.warning{background:var(--warn)}
.good{color:var(--ok)}
.controls{position:sticky;top:0;z-index:1;background:var(--bg);padding:8px 0;display:flex;flex-wrap:wrap;gap:8px;align-items:center;border-bottom:1px solid var(--line)}
#filter{flex:1 1 320px;padding:6px 10px;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--fg);font:inherit}
.chip{border:1px solid var(--line);border-radius:14px;padding:2px 10px;background:var(--panel);color:var(--fg);cursor:pointer;font:inherit;font-size:12.5px}
.chip[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:#fff}
details.bucket{border:1px solid var(--line);border-radius:6px;margin:6px 0}
details.bucket>summary{cursor:pointer;padding:6px 10px;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center;list-style:none}
details.bucket>summary::-webkit-details-marker{display:none}
details.bucket>summary::before{content:"\25B8";color:var(--muted);width:1ch}
details.bucket[open]>summary::before{content:"\25BE"}
details.bucket[open]>summary{border-bottom:1px solid var(--line);background:var(--panel)}
.count{font-weight:700;min-width:7ch;text-align:right;font-variant-numeric:tabular-nums}
.bar{flex:none;width:140px;height:10px;border-radius:5px;background:var(--panel);border:1px solid var(--line);overflow:hidden}
.bar>span{display:block;height:100%;background:var(--accent)}
.state{font-weight:600}
.state.wait{color:var(--wait)}
.series{font-variant-numeric:tabular-nums}
.persisted{padding-bottom:0}
.up{color:var(--err);font-weight:600}
.down{color:var(--ok);font-weight:600}
.tag{font-size:12px;border-radius:4px;padding:0 6px;border:1px solid var(--err);color:var(--err)}
svg.spark{flex:none;vertical-align:middle}
svg.spark rect{fill:var(--accent)}
svg.spark rect.up{fill:var(--err)}
svg.spark rect.down{fill:var(--ok)}
.body{padding:6px 12px 10px 28px}
ol.frames{list-style:none;margin:0;padding:0}
ol.frames li,.created{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:16px;padding:1px 0}
ol.frames li:hover{background:var(--panel)}
.fn{overflow-wrap:anywhere}
.where{color:var(--muted);white-space:nowrap}
.std{opacity:.55}
.note{color:var(--muted);font-size:12.5px;margin-top:4px}
.ids{color:var(--muted);margin-top:6px;overflow-wrap:anywhere}
.warnings li{font-size:13px}
footer{margin-top:32px;color:var(--muted);font-size:12px}
)CSS";

// Filters the buckets on the words typed (every word must appear in a
// bucket's data-search) and on the pressed category chips. The URL's
// fragment (or query) "filter=TEXT&cat=A,B" is applied on load and kept in
// step; "#b-<id>" opens that bucket.
constexpr const char* kJs = R"JS(
(function () {
  "use strict";
  var box = document.getElementById("filter");
  if (!box) return;
  var buckets = Array.prototype.slice.call(document.querySelectorAll("details.bucket"));
  var chips = Array.prototype.slice.call(document.querySelectorAll("button.chip"));
  var shown = document.getElementById("shown");
  var none = document.getElementById("no-match");
  var cats = {};
  function selected() {
    return Object.keys(cats).filter(function (k) { return cats[k]; });
  }
  function params(s) {
    var out = {};
    s.replace(/^[#?]/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i < 0) return;
      try { out[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " ")); } catch (e) {}
    });
    return out;
  }
  function fromUrl() {
    var p = params(location.search), h = params(location.hash);
    for (var k in h) p[k] = h[k];
    if (!("filter" in p) && !("cat" in p)) return false;
    box.value = p.filter || "";
    cats = {};
    (p.cat || "").split(",").forEach(function (c) { if (c) cats[c] = true; });
    return true;
  }
  function toUrl() {
    var parts = [], q = box.value.trim(), sel = selected();
    if (q) parts.push("filter=" + encodeURIComponent(q));
    if (sel.length) parts.push("cat=" + sel.map(encodeURIComponent).join(","));
    try {
      history.replaceState(null, "", location.pathname + location.search + (parts.length ? "#" + parts.join("&") : ""));
    } catch (e) {}
  }
  function apply(keepUrl) {
    var terms = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var any = selected().length > 0, n = 0;
    buckets.forEach(function (b) {
      var text = b.getAttribute("data-search") || "";
      var ok = (!any || cats[b.getAttribute("data-cat")]) &&
        terms.every(function (t) { return text.indexOf(t) >= 0; });
      if (ok) { b.removeAttribute("hidden"); n++; } else { b.setAttribute("hidden", ""); }
    });
    chips.forEach(function (c) {
      c.setAttribute("aria-pressed", cats[c.getAttribute("data-cat")] ? "true" : "false");
    });
    if (shown) shown.textContent = (n === buckets.length ? "" : n + " of ") + buckets.length + " buckets";
    if (none) none.hidden = n !== 0;
    if (keepUrl) toUrl();
  }
  function openTarget() {
    var id = location.hash.slice(1);
    if (!/^b-[0-9a-f]+$/.test(id)) return;
    var el = document.getElementById(id);
    if (!el) return;
    if (el.hidden) { box.value = ""; cats = {}; apply(false); }
    el.open = true;
    el.scrollIntoView();
  }
  box.addEventListener("input", function () { apply(true); });
  chips.forEach(function (c) {
    c.addEventListener("click", function () {
      var k = c.getAttribute("data-cat");
      cats[k] = !cats[k];
      apply(true);
    });
  });
  window.addEventListener("hashchange", function () {
    if (fromUrl()) apply(false);
    openTarget();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== box) { e.preventDefault(); box.focus(); }
  });
  fromUrl();
  apply(false);
  openTarget();
  document.documentElement.setAttribute("data-ready", "1");
})();
)JS";

std::string Esc(std::string_view s) {
  return HtmlEscape(s);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// `<span class="where" title="FULL:LINE">SHORT:LINE</span>`
void WriteWhere(std::ostream& out, std::string_view file, int32_t line) {
  if (file.empty()) {
    out << "<span class=\"where\">?</span>";
    return;
  }
  std::string l(1, ':');
  l += std::to_string(line);
  out << "<span class=\"where\" title=\"" << Esc(file) << l << "\">" << Esc(ShortPath(file)) << l
      << "</span>";
}

const char* SeverityClass(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    default:
      return "info";
  }
}

bool IsWaitCategory(Category c) {
  return c == Category::kChannel || c == Category::kSelect || c == Category::kLock ||
         c == Category::kWaitGroup || c == Category::kCond;
}

}  // namespace

void WriteHtmlHead(std::ostream& out, std::string_view title) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"color-scheme\" content=\"light dark\">\n"
         "<meta name=\"generator\" content=\"gopit " GOPIT_VERSION "\">\n"
      << "<title>" << Esc(title) << "</title>\n<style>" << kCss << "</style>\n</head>\n<body>\n";
}

void WriteHtmlFoot(std::ostream& out) {
  out << "<footer>Written by gopit " GOPIT_VERSION
         ". Type in the box (or press /) to filter buckets by function, file or state; "
         "<code>#filter=TEXT&amp;cat=CATEGORY</code> in the address does the same.</footer>\n"
      << "<script>" << kJs << "</script>\n</body>\n</html>\n";
}

void WriteDiagnosesHtml(std::ostream& out, bool diagnosed, const std::vector<Diagnosis>& diagnoses,
                        const std::unordered_set<uint64_t>& rendered) {
  if (!diagnosed) return;
  out << "<section id=\"diagnoses\">\n<h2>Diagnoses <span class=\"muted\">most important "
         "first</span></h2>\n";
  if (diagnoses.empty()) {
    out << "<p class=\"good\">No diagnosis: nothing here looks like a leak or a deadlock.</p>\n"
           "</section>\n";
    return;
  }
  constexpr size_t kShown = 50;
  out << "<ol class=\"diags\">\n";
  for (size_t i = 0; i < diagnoses.size() && i < kShown; ++i) {
    const Diagnosis& d = diagnoses[i];
    const char* sev = SeverityClass(d.severity);
    out << "<li class=\"diag " << sev << "\"><div><span class=\"badge " << sev << "\">"
        << Esc(SeverityName(d.severity)) << "</span> <code>" << Esc(d.id) << "</code> <span>"
        << Esc(d.slug) << "</span> <span class=\"muted\">" << Thousands(d.goroutines)
        << (d.goroutines == 1 ? " goroutine" : " goroutines") << "</span></div>\n"
        << "<p class=\"msg\">" << Esc(d.message) << "</p>\n";
    if (d.location.line > 0) {
      out << "<div class=\"loc\">at ";
      WriteWhere(out, d.location.file, d.location.line);
      out << " in <span class=\"fn\">" << Esc(d.location.function) << "</span></div>\n";
    }
    if (d.created_by && d.created_by->line > 0) {
      out << "<div class=\"loc\">started at ";
      WriteWhere(out, d.created_by->file, d.created_by->line);
      out << " in <span class=\"fn\">" << Esc(d.created_by->function) << "</span></div>\n";
    }
    bool any = false;
    for (uint64_t id : d.bucket_ids) {
      if (!rendered.count(id)) continue;
      std::string hex = FingerprintHex(id);
      out << (any ? " " : "<div class=\"loc\">bucket ") << "<a href=\"#b-" << hex << "\">#" << hex
          << "</a>";
      any = true;
    }
    if (any) out << "</div>\n";
    out << "</li>\n";
  }
  out << "</ol>\n";
  if (diagnoses.size() > kShown) {
    out << "<p class=\"muted\">… " << Thousands(diagnoses.size() - kShown)
        << " more (<code>--format json</code> lists all)</p>\n";
  }
  out << "</section>\n";
}

std::vector<std::pair<std::string, uint64_t>> CategoryTotals(const std::vector<const Bucket*>& bs) {
  std::map<std::string, uint64_t> by;
  for (const Bucket* b : bs)
    by[CategoryName(b->category)] += b->count;
  std::vector<std::pair<std::string, uint64_t>> v(by.begin(), by.end());
  std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second > b.second; });
  return v;
}

void WriteFilterControls(std::ostream& out,
                         const std::vector<std::pair<std::string, uint64_t>>& categories,
                         size_t buckets) {
  out << "<div class=\"controls\">\n<input type=\"search\" id=\"filter\" "
         "placeholder=\"Filter buckets by function, file or state (press /)\" "
         "aria-label=\"Filter buckets\" autocomplete=\"off\">\n";
  for (const auto& [cat, count] : categories) {
    out << "<button type=\"button\" class=\"chip\" data-cat=\"" << Esc(cat)
        << "\" aria-pressed=\"false\">" << Esc(cat) << " " << Thousands(count) << "</button>\n";
  }
  out << "<span id=\"shown\" class=\"muted\">" << Thousands(buckets)
      << (buckets == 1 ? " bucket" : " buckets") << "</span>\n</div>\n"
      << "<p id=\"no-match\" class=\"muted\" hidden>No bucket matches the filter.</p>\n";
}

std::string BucketSearchText(const Symbols& sym, const Bucket& b) {
  std::string s(sym.Str(b.state));
  s += ' ';
  s += CategoryName(b.category);
  s += " #";
  s += FingerprintHex(b.fingerprint);
  auto add_frame = [&](FrameId id) {
    const Frame& f = sym.GetFrame(id);
    s += ' ';
    s += sym.Str(f.function);
    if (f.file != kNoStr) {
      s += ' ';
      s += sym.Str(f.file);
      s += ':';
      s += std::to_string(f.line);
    }
  };
  for (FrameId id : b.frames)
    add_frame(id);
  if (b.created_by != kNoFrame) add_frame(b.created_by);
  for (StrId l : b.labels) {
    s += ' ';
    s += sym.Str(l);
  }
  if (b.leaked) s += " proven leaked";
  return Lower(s);
}

void WriteBucketOpen(std::ostream& out, const Symbols& sym, const Bucket& b, bool open) {
  out << "<details class=\"bucket\" id=\"b-" << FingerprintHex(b.fingerprint) << "\" data-cat=\""
      << Esc(CategoryName(b.category)) << "\" data-search=\"" << Esc(BucketSearchText(sym, b))
      << "\"" << (open ? " open" : "") << ">\n";
}

void WriteBucketHeadline(std::ostream& out, const Symbols& sym, const Bucket& b) {
  out << "<span class=\"state" << (IsWaitCategory(b.category) ? " wait" : "") << "\">"
      << Esc(BucketStateText(sym, b)) << "</span>";
  if (!b.frames.empty()) {
    CodeLocation loc = UserLocation(sym, b.frames);
    out << "<span class=\"fn\">" << Esc(loc.function) << "</span>";
    WriteWhere(out, loc.file, loc.line);
  }
  if (b.leaked) {
    out << "<span class=\"tag\">" << (b.leaked == b.count ? "proven leaked" : "some proven leaked")
        << "</span>";
  }
  out << "<span class=\"id\">#" << FingerprintHex(b.fingerprint) << "</span>";
}

void WriteIdList(std::ostream& out, std::string_view label, const std::vector<uint64_t>& ids,
                 size_t max) {
  if (ids.empty()) return;
  out << "<div class=\"ids\">" << Esc(label) << " ";
  size_t n = std::min(ids.size(), max);
  for (size_t i = 0; i < n; ++i)
    out << (i ? ", " : "") << ids[i];
  if (ids.size() > n) out << " and " << Thousands(ids.size() - n) << " more";
  out << "</div>\n";
}

void WriteBucketBody(std::ostream& out, const Symbols& sym, const Bucket& b,
                     const HtmlOptions& opts) {
  out << "<div class=\"body\">\n<ol class=\"frames\">\n";
  size_t i = 0;
  while (i < b.frames.size()) {
    const Frame& f = sym.GetFrame(b.frames[i]);
    // Recursion: one line per run of the same function and line.
    size_t run = 1;
    while (i + run < b.frames.size() && f.args == kNoStr) {
      const Frame& g = sym.GetFrame(b.frames[i + run]);
      if (g.function != f.function || g.file != f.file || g.line != f.line) break;
      ++run;
    }
    std::string_view fn = sym.Str(f.function);
    out << "<li" << (IsStdlibFunction(fn) ? " class=\"std\"" : "") << "><span class=\"fn\">"
        << Esc(fn);
    if (f.args != kNoStr) out << Esc(sym.Str(f.args));
    if (f.inlined && run == 1) out << " <span class=\"muted\">(inlined)</span>";
    if (run > 1) out << " <span class=\"muted\">(x" << run << ")</span>";
    out << "</span>";
    WriteWhere(out, f.file == kNoStr ? std::string_view() : sym.Str(f.file), f.line);
    out << "</li>\n";
    i += run;
  }
  out << "</ol>\n";
  if (b.category == Category::kUnknown) {
    out << "<div class=\"note\">wait unknown: " << Esc(kUnknownWaitNote) << "</div>\n";
  }
  if (b.elided || b.elided_unknown) {
    out << "<div class=\"note\">… "
        << (b.elided_unknown ? std::string("frames") : Thousands(b.elided) + " frames")
        << " elided by the runtime</div>\n";
  }
  if (b.created_by != kNoFrame) {
    const Frame& c = sym.GetFrame(b.created_by);
    std::string_view fn = sym.Str(c.function);
    out << "<div class=\"created" << (IsStdlibFunction(fn) ? " std" : "")
        << "\"><span class=\"fn\">created by " << Esc(fn);
    if (b.created_by_goroutine) {
      out << " <span class=\"muted\">in goroutine " << b.created_by_goroutine << "</span>";
    }
    out << "</span>";
    WriteWhere(out, c.file == kNoStr ? std::string_view() : sym.Str(c.file), c.line);
    out << "</div>\n";
  }
  if (!b.labels.empty()) {
    out << "<div class=\"labels muted\">labels";
    for (StrId l : b.labels)
      out << " <code>" << Esc(sym.Str(l)) << "</code>";
    out << "</div>\n";
  }
  WriteIdList(out, b.goroutine_ids.size() == 1 ? "goroutine" : "goroutines", b.goroutine_ids,
              opts.max_ids);
  out << "</div>\n";
}

void WriteWarningsHtml(std::ostream& out, const std::vector<Warning>& warnings) {
  if (warnings.empty()) return;
  constexpr size_t kShown = 20;
  out << "<section id=\"warnings\">\n<h2>Warnings</h2>\n<ul class=\"warnings\">\n";
  for (size_t i = 0; i < warnings.size() && i < kShown; ++i) {
    const Warning& w = warnings[i];
    out << "<li><code>" << Esc(w.input);
    if (w.line) out << ':' << w.line;
    out << "</code>: " << Esc(w.message) << "</li>\n";
  }
  if (warnings.size() > kShown) {
    out << "<li class=\"muted\">… " << Thousands(warnings.size() - kShown)
        << " more (<code>--format json</code> lists all)</li>\n";
  }
  out << "</ul>\n</section>\n";
}

}  // namespace gopit
