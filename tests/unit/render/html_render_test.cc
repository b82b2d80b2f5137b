// The HTML reports of `gopit stacks` and `gopit diff`: escaping of every
// name a dump can carry (generics, pointer receivers, quotes, markup), a
// page that is well formed, self-contained and made of buckets rather than
// goroutines, and diagnoses before buckets.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/diff.h"
#include "dump/reader.h"
#include "render/diff_html.h"
#include "render/html_util.h"
#include "render/stacks_html.h"

namespace gopit {
namespace {

// ---- A small checker for the HTML gopit writes ------------------------

// Elements that have no end tag.
bool IsVoid(const std::string& name) {
  static const std::set<std::string> kVoid = {"meta", "input", "br", "img", "hr", "link"};
  return kVoid.count(name) > 0;
}

// Checks that every element gopit opens is closed in order, that attribute
// values are quoted, that no text holds a bare '<' or an '&' that does not
// start a character reference. Returns "" when well formed, else what is
// wrong and where. <script> and <style> bodies are skipped (raw text).
std::string CheckWellFormed(const std::string& html) {
  std::vector<std::string> open;
  static const std::regex kRef("^&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);");
  size_t i = 0;
  auto where = [&](size_t at) {
    return " at offset " + std::to_string(at) + ": " + html.substr(at, 80);
  };
  if (html.rfind("<!DOCTYPE html>", 0) != 0) return "no doctype";
  i = html.find('>') + 1;
  while (i < html.size()) {
    char c = html[i];
    if (c == '&') {
      std::smatch m;
      std::string rest = html.substr(i, 16);
      if (!std::regex_search(rest, m, kRef)) return "bare &" + where(i);
      ++i;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    bool closing = i + 1 < html.size() && html[i + 1] == '/';
    size_t j = i + (closing ? 2 : 1);
    size_t name_start = j;
    while (j < html.size() && (std::isalnum(static_cast<unsigned char>(html[j])) || html[j] == '-'))
      ++j;
    std::string name = html.substr(name_start, j - name_start);
    if (name.empty()) return "bare <" + where(i);
    for (char& ch : name)
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    // Attributes: name or name="value" (values quoted, no raw < or " inside).
    while (j < html.size() && html[j] != '>') {
      if (html[j] == '=') {
        ++j;
        if (html[j] != '"') return "unquoted attribute" + where(j);
        size_t end = html.find('"', j + 1);
        if (end == std::string::npos) return "unterminated attribute" + where(j);
        std::string value = html.substr(j + 1, end - j - 1);
        if (value.find('<') != std::string::npos) return "< in attribute" + where(j);
        j = end + 1;
        continue;
      }
      if (html[j] == '<' || html[j] == '\'') return "stray character in tag" + where(j);
      ++j;
    }
    if (j >= html.size()) return "unterminated tag" + where(i);
    bool self_closing = html[j - 1] == '/';
    i = j + 1;
    if (closing) {
      if (open.empty() || open.back() != name) {
        return "</" + name + "> closes <" + (open.empty() ? "nothing" : open.back()) + ">" +
               where(name_start);
      }
      open.pop_back();
    } else if (!IsVoid(name) && !self_closing) {
      open.push_back(name);
      if (name == "script" || name == "style") {
        size_t end = html.find("</" + name + ">", i);
        if (end == std::string::npos) return "unterminated " + name;
        i = end;
      }
    }
  }
  if (!open.empty()) return "<" + open.back() + "> never closed";
  return "";
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size()))
    ++n;
  return n;
}

// ---- Reports ------------------------------------------------------------

struct Stacks {
  ReadResult read;
  StacksReport report;
  void Build(bool diagnose = true) {
    report.read = &read;
    std::vector<const Snapshot*> snaps;
    for (const Snapshot& s : read.snapshots)
      snaps.push_back(&s);
    report.buckets = BuildBuckets(*read.symbols, snaps, report.options);
    if (diagnose) {
      BucketOptions all = report.options;
      all.include_runtime = true;
      BucketReport everything = BuildBuckets(*read.symbols, snaps, all);
      DiagnoseOptions dopts;
      report.diagnoses = Diagnose(DiagnosisInput{*read.symbols, everything, snaps, dopts});
      report.diagnosed = true;
    }
  }
  static Stacks FromFile(const std::string& name) {
    Stacks s;
    EXPECT_TRUE(ReadInput(std::string(GOPIT_TEST_DATA) + "/" + name, {}, s.read).Ok());
    s.report.inputs.push_back(InputSummary{name, s.read.snapshots.size(), ""});
    s.Build();
    return s;
  }
  static Stacks FromText(const std::string& text) {
    Stacks s;
    EXPECT_TRUE(ParseBytes(text, "synthetic <dump> & \"more\".txt", {}, s.read).Ok());
    s.report.inputs.push_back(InputSummary{"synthetic", s.read.snapshots.size(), ""});
    s.Build();
    return s;
  }
  std::string Html(HtmlOptions o = {}) const {
    std::ostringstream out;
    RenderStacksHtml(report, o, out);
    return out.str();
  }
};

// Names as the Go runtime prints them, and one that tries to break out.
const char* kWeirdDump =
    "goroutine 1 [running]:\n"
    "main.main()\n"
    "\t/src/app/main.go:5 +0x1d\n"
    "\n"
    "goroutine 7 [chan receive, 12 minutes]:\n"
    "main.f[...](0xc000010000, {0x1, 0x2})\n"
    "\t/src/app/a&b's \"q\".go:10 +0x25\n"
    "main.(*T[go.shape.string]).m(...)\n"
    "\t/src/app/t.go:30\n"
    "main.</summary><script>alert(1)</script>.x()\n"
    "\t/src/app/<x>.go:40 +0x30\n"
    "created by main.(*T[...]).start in goroutine 1\n"
    "\t/src/app/<x>.go:20 +0x30\n"
    "\n";

// `n` goroutines blocked at one site, and one elsewhere.
std::string PileDump(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += "goroutine " + std::to_string(100 + i) + " [chan send, 7 minutes]:\n" +
         "main.worker(0xc000012345)\n\t/src/app/worker.go:42 +0x2a\n"
         "created by main.start in goroutine 1\n\t/src/app/main.go:17 +0x55\n\n";
  }
  s += "goroutine 1 [select]:\nmain.main()\n\t/src/app/main.go:20 +0x1d\n\n";
  return s;
}

TEST(HtmlEscape, EscapesMarkupAndQuotes) {
  EXPECT_EQ(HtmlEscape("main.f[...]"), "main.f[...]");
  EXPECT_EQ(HtmlEscape("main.(*T).m"), "main.(*T).m");
  EXPECT_EQ(HtmlEscape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
  EXPECT_EQ(HtmlEscape("</summary><script>alert(1)</script>"),
            "&lt;/summary&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");  // escaped again, never passed through
  EXPECT_EQ(HtmlEscape(""), "");
}

TEST(HtmlEscape, KeepsUtf8AndReplacesWhatIsNot) {
  EXPECT_EQ(HtmlEscape("caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x90\xb9"),
            "caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x90\xb9");
  // A lone continuation byte, a truncated sequence, an overlong '<', a
  // surrogate and a control character each become U+FFFD.
  EXPECT_EQ(HtmlEscape("a\x80z"), "a\xef\xbf\xbdz");
  EXPECT_EQ(HtmlEscape("a\xe2\x86"), "a\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(HtmlEscape("\xc0\xbc"), "\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(HtmlEscape("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(HtmlEscape(std::string("x\0y\x1b", 4)), "x\xef\xbf\xbdy\xef\xbf\xbd");
  EXPECT_EQ(HtmlEscape("tab\tnew\nline"), "tab\tnew\nline");
}

TEST(HtmlCheck, CatchesWhatItShould) {
  const std::string head = "<!DOCTYPE html>";
  EXPECT_EQ(CheckWellFormed(head + "<p><b>x</b></p>"), "");
  EXPECT_NE(CheckWellFormed(head + "<p><b>x</p></b>"), "");
  EXPECT_NE(CheckWellFormed(head + "<p>a < b</p>"), "");
  EXPECT_NE(CheckWellFormed(head + "<p>a & b</p>"), "");
  EXPECT_NE(CheckWellFormed(head + "<p title=x>a</p>"), "");
  EXPECT_NE(CheckWellFormed(head + "<details>"), "");
  EXPECT_EQ(CheckWellFormed(head + "<script>if (a < b && c) {}</script>"), "");
}

TEST(StacksHtml, SelfContainedWellFormedPage) {
  Stacks s = Stacks::FromFile("states.debug2.txt");
  std::string html = s.Html();
  EXPECT_EQ(CheckWellFormed(html), "");
  EXPECT_NE(html.find("<meta name=\"generator\" content=\"gopit " GOPIT_VERSION "\">"),
            std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("prefers-color-scheme:dark"), std::string::npos);
  // Nothing fetched when viewed: no external script, style, font or image.
  for (const char* bad : {"<link", "src=", "@import", "url(", "http://", "https://"}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  }
  EXPECT_EQ(Count(html, "<script>"), 1u);
  EXPECT_EQ(Count(html, "<style>"), 1u);
}

TEST(StacksHtml, DiagnosesComeFirstThenEveryBucket) {
  Stacks s = Stacks::FromFile("states.debug2.txt");
  ASSERT_FALSE(s.report.diagnoses.empty());
  ASSERT_GT(s.report.buckets.buckets.size(), 3u);
  HtmlOptions o;
  o.max_buckets = 0;
  std::string html = s.Html(o);
  size_t diag = html.find("<section id=\"diagnoses\">");
  size_t buckets = html.find("<section id=\"buckets\">");
  ASSERT_NE(diag, std::string::npos);
  ASSERT_NE(buckets, std::string::npos);
  EXPECT_LT(diag, buckets);
  EXPECT_LT(html.find(HtmlEscape(s.report.diagnoses[0].message)), buckets);
  EXPECT_EQ(Count(html, "<li class=\"diag "), s.report.diagnoses.size());
  EXPECT_EQ(Count(html, "<details class=\"bucket\""), s.report.buckets.buckets.size());
  // Largest first, and only the first one open.
  const Bucket& top = s.report.buckets.buckets[0];
  size_t first = html.find("<details class=\"bucket\"");
  EXPECT_EQ(html.find("id=\"b-" + FingerprintHex(top.fingerprint) + "\""), first + 24);
  EXPECT_EQ(Count(html, "\" open>"), 1u);
  // Standard-library frames are dimmed, the program's are not.
  EXPECT_NE(html.find("<li class=\"std\"><span class=\"fn\">sync."), std::string::npos);
  EXPECT_NE(html.find("<li><span class=\"fn\">main."), std::string::npos);
  // Full paths on hover.
  EXPECT_NE(html.find("title=\"/"), std::string::npos);
}

TEST(StacksHtml, LimitKeepsTheLargestAndSaysHowManyMore) {
  Stacks s = Stacks::FromFile("states.debug2.txt");
  HtmlOptions o;
  o.max_buckets = 2;
  std::string html = s.Html(o);
  EXPECT_EQ(CheckWellFormed(html), "");
  EXPECT_EQ(Count(html, "<details class=\"bucket\""), 2u);
  EXPECT_NE(html.find(std::to_string(s.report.buckets.buckets.size() - 2) + " more buckets"),
            std::string::npos);
}

TEST(StacksHtml, EscapesEveryNameFromTheDump) {
  Stacks s = Stacks::FromText(kWeirdDump);
  std::string html = s.Html();
  EXPECT_EQ(CheckWellFormed(html), "");
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("</summary><script>"), std::string::npos);
  EXPECT_NE(html.find("main.&lt;/summary&gt;&lt;script&gt;alert(1)&lt;/script&gt;.x"),
            std::string::npos);
  EXPECT_NE(html.find("<span class=\"fn\">main.f[...]</span>"), std::string::npos);
  EXPECT_NE(html.find("main.(*T[go.shape.string]).m"), std::string::npos);
  EXPECT_NE(html.find("title=\"/src/app/a&amp;b&#39;s &quot;q&quot;.go:10\""), std::string::npos);
  EXPECT_NE(html.find("&lt;x&gt;.go:20"), std::string::npos);
  EXPECT_NE(html.find("synthetic &lt;dump&gt; &amp; &quot;more&quot;.txt"), std::string::npos);
  // The filter text is lower-cased and escaped too.
  EXPECT_NE(html.find("data-search=\"chan receive channel #"), std::string::npos);
  EXPECT_NE(html.find(" main.&lt;/summary&gt;&lt;script&gt;alert(1)&lt;/script&gt;.x "),
            std::string::npos);
}

TEST(StacksHtml, ABigBucketListsOnlyTheFirstIds) {
  constexpr size_t kPile = 3000;
  Stacks s = Stacks::FromText(PileDump(kPile));
  ASSERT_EQ(s.report.buckets.buckets[0].count, kPile);
  std::string html = s.Html();
  EXPECT_EQ(CheckWellFormed(html), "");
  EXPECT_NE(html.find("goroutines 100, 101, 102,"), std::string::npos);
  EXPECT_NE(html.find("119 and 2,980 more</div>"), std::string::npos);
  EXPECT_EQ(html.find(", 120,"), std::string::npos);
  EXPECT_EQ(html.find("3099"), std::string::npos);
  // The page does not grow with goroutines: the same page with 300 of them
  // (a pile DUMP002 also reports, so both pages hold the same cards) is
  // about as large.
  std::string small = Stacks::FromText(PileDump(300)).Html();
  EXPECT_LT(html.size(), small.size() + 200);
  EXPECT_LT(html.size(), 40u * 1024);
}

TEST(StacksHtml, FilterAttributesAndChips) {
  Stacks s = Stacks::FromFile("states.debug2.txt");
  std::string html = s.Html();
  EXPECT_NE(html.find("<input type=\"search\" id=\"filter\""), std::string::npos);
  EXPECT_NE(html.find("class=\"chip\" data-cat=\"channel\""), std::string::npos);
  EXPECT_NE(html.find("data-cat=\"channel\" data-search=\"chan receive channel #"),
            std::string::npos);
  // The fragment the page honours on load.
  EXPECT_NE(html.find("\"filter\" in p"), std::string::npos);
  // Search text is lower case: the script lower-cases the query to match.
  std::regex upper("data-search=\"[^\"]*[A-Z]");
  EXPECT_FALSE(std::regex_search(html, upper));
}

TEST(StacksHtml, NoDiagnoseLeavesTheSectionOut) {
  Stacks s;
  ASSERT_TRUE(ReadInput(std::string(GOPIT_TEST_DATA) + "/states.debug2.txt", {}, s.read).Ok());
  s.Build(false);
  std::string html = s.Html();
  EXPECT_EQ(html.find("id=\"diagnoses\""), std::string::npos);
  EXPECT_EQ(CheckWellFormed(html), "");
}

// ---- diff -------------------------------------------------------------

struct Diff {
  ReadResult read;
  DiffReport report;
  Diff() {
    for (int i = 1; i <= 3; ++i) {
      EXPECT_TRUE(ReadInput(std::string(GOPIT_TEST_DATA) + "/leakshapes.handler-timeout." +
                                std::to_string(i) + ".txt",
                            {}, read)
                      .Ok());
    }
    std::vector<const Snapshot*> snaps;
    for (const Snapshot& s : read.snapshots)
      snaps.push_back(&s);
    DiagnoseOptions d;
    report = BuildDiff(*read.symbols, snaps, BucketOptions{}, &d);
  }
  std::string Html(HtmlOptions o = {}) const {
    std::ostringstream out;
    RenderDiffHtml(report, *read.symbols, read.warnings, o, out);
    return out.str();
  }
};

TEST(DiffHtml, SeriesChartsAndPersistedGoroutines) {
  Diff d;
  ASSERT_EQ(d.report.snapshots.size(), 3u);
  std::string html = d.Html();
  EXPECT_EQ(CheckWellFormed(html), "");
  EXPECT_NE(html.find("<meta name=\"generator\" content=\"gopit "), std::string::npos);
  size_t diag = html.find("<section id=\"diagnoses\">");
  size_t buckets = html.find("<section id=\"buckets\">");
  ASSERT_NE(diag, std::string::npos);
  EXPECT_LT(diag, buckets);
  EXPECT_LT(html.find(">DUMP010</code>"), buckets);
  EXPECT_EQ(Count(html, "<details class=\"bucket\""), d.report.buckets.size());
  // One chart per bucket and one for the totals.
  EXPECT_EQ(Count(html, "<svg class=\"spark\""), d.report.buckets.size() + 1);
  EXPECT_NE(html.find("<b>60 → 120 → 180</b> <span class=\"up\">(+120)</span>"), std::string::npos);
  EXPECT_NE(html.find("<b>60 goroutines</b> present in every snapshot"), std::string::npos);
  EXPECT_NE(html.find("persisted 46, 48,"), std::string::npos);
  EXPECT_NE(html.find("and 40 more"), std::string::npos);
  // The growth diagnosis links to the bucket it rests on.
  EXPECT_NE(html.find("href=\"#b-" + FingerprintHex(d.report.diagnoses[0].bucket_ids[0])),
            std::string::npos);
  for (const char* bad : {"<link", "src=", "url(", "https://"})
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
}

TEST(DiffHtml, Sparkline) {
  std::string svg = SparklineSvg({60, 120, 180});
  EXPECT_EQ(Count(svg, "<rect"), 3u);
  EXPECT_NE(svg.find("<title>60 → 120 → 180</title>"), std::string::npos);
  // Scaled to the largest: 180 fills the height, 60 a third of it.
  EXPECT_NE(svg.find("y=\"0\" width=\"14\" height=\"22\""), std::string::npos);
  EXPECT_NE(svg.find("height=\"7\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"up\""), std::string::npos);
  // Zero draws no bar; a shrinking series ends green, a flat one plain.
  std::string zero = SparklineSvg({0, 5});
  EXPECT_NE(zero.find("height=\"0\""), std::string::npos);
  EXPECT_NE(SparklineSvg({5, 1}).find("class=\"down\""), std::string::npos);
  std::string flat = SparklineSvg({3, 3});
  EXPECT_EQ(flat.find("class=\"up\""), std::string::npos);
  EXPECT_EQ(flat.find("class=\"down\""), std::string::npos);
  // Many snapshots: narrow bars, still one per snapshot.
  std::vector<uint64_t> many(200, 1);
  EXPECT_EQ(Count(SparklineSvg(many), "<rect"), 200u);
  EXPECT_EQ(CheckWellFormed("<!DOCTYPE html>" + SparklineSvg(many)), "");
}

}  // namespace
}  // namespace gopit
