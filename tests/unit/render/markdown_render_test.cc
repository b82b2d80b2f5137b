// The Markdown reports for GitHub issues and pull requests: a title line,
// at most 10 diagnoses, at most 20 buckets as <details> with the stack in a
// fence, every special character escaped, lines of a sane length.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "analysis/diff.h"
#include "dump/reader.h"
#include "render/diff_markdown.h"
#include "render/stacks_markdown.h"

namespace gopit {
namespace {

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size()))
    ++n;
  return n;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    out.push_back(l);
  return out;
}

// Checks the structure GitHub needs: <details> and <summary> balanced and
// never nested, every <summary> on its <details> line, a blank line before
// and after each fenced block (so it is read as Markdown inside the HTML
// block), every fence closed by the same fence. "" when fine.
std::string CheckStructure(const std::string& md) {
  std::vector<std::string> lines = Lines(md);
  bool in_details = false;
  std::string fence;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    std::string at = " at line " + std::to_string(i + 1) + ": " + l;
    if (!fence.empty()) {
      if (l == fence) {
        fence.clear();
        if (i + 1 < lines.size() && !lines[i + 1].empty()) return "no blank after fence" + at;
      }
      continue;
    }
    if (l.rfind("```", 0) == 0) {
      fence = l.substr(0, l.find_first_not_of('`'));
      if (i == 0 || !lines[i - 1].empty()) return "no blank before fence" + at;
      continue;
    }
    if (l == "</details>") {
      if (!in_details) return "stray </details>" + at;
      in_details = false;
      continue;
    }
    if (l.find("<details>") != std::string::npos || l.find("<summary>") != std::string::npos) {
      if (l.rfind("<details><summary>", 0) != 0) return "details not at line start" + at;
      if (in_details) return "nested details" + at;
      if (Count(l, "<summary>") != 1 || Count(l, "</summary>") != 1) return "summary" + at;
      in_details = true;
      continue;
    }
    if (l.find("</details>") != std::string::npos) return "</details> not alone" + at;
  }
  if (!fence.empty()) return "unclosed fence";
  if (in_details) return "unclosed details";
  return "";
}

struct Stacks {
  ReadResult read;
  StacksReport report;
  explicit Stacks(const std::string& text_or_file, bool is_file = true) {
    if (is_file) {
      EXPECT_TRUE(ReadInput(std::string(GOPIT_TEST_DATA) + "/" + text_or_file, {}, read).Ok());
    } else {
      EXPECT_TRUE(ParseBytes(text_or_file, "synthetic.txt", {}, read).Ok());
    }
    report.read = &read;
    std::vector<const Snapshot*> snaps;
    for (const Snapshot& s : read.snapshots)
      snaps.push_back(&s);
    report.buckets = BuildBuckets(*read.symbols, snaps, report.options);
    BucketOptions all = report.options;
    all.include_runtime = true;
    BucketReport everything = BuildBuckets(*read.symbols, snaps, all);
    DiagnoseOptions d;
    report.diagnoses = Diagnose(DiagnosisInput{*read.symbols, everything, snaps, d});
    report.diagnosed = true;
  }
  std::string Markdown(MarkdownOptions o = {}) const {
    std::ostringstream out;
    RenderStacksMarkdown(report, o, out);
    return out.str();
  }
};

TEST(MarkdownEscape, Text) {
  EXPECT_EQ(MarkdownText("main.(*T).m"), "main.(\\*T).m");
  EXPECT_EQ(MarkdownText("main.f[...]"), "main.f\\[...\\]");
  EXPECT_EQ(MarkdownText("a_b <c> & `d` | #e ~f\\"),
            "a\\_b \\<c\\> &amp; \\`d\\` \\| \\#e \\~f\\\\");
  EXPECT_EQ(MarkdownText("two\nlines"), "two lines");
  EXPECT_EQ(MarkdownText("plain text: 60 -> 120."), "plain text: 60 -\\> 120.");
}

TEST(MarkdownEscape, HtmlText) {
  EXPECT_EQ(MarkdownHtmlText("main.(*T[K]).m_x"), "main.(&#42;T&#91;K&#93;).m&#95;x");
  EXPECT_EQ(MarkdownHtmlText("</summary><b>\"&\""), "&lt;/summary&gt;&lt;b&gt;&quot;&amp;&quot;");
  EXPECT_EQ(MarkdownHtmlText("a`b|c"), "a&#96;b&#124;c");
}

TEST(MarkdownEscape, CodeSpansAndFences) {
  EXPECT_EQ(MarkdownCode("main.go:42"), "`main.go:42`");
  EXPECT_EQ(MarkdownCode("a`b"), "``a`b``");
  EXPECT_EQ(MarkdownCode("`x``"), "``` `x`` ```");
  EXPECT_EQ(MarkdownFence("x\n"), "```\nx\n```\n");
  EXPECT_EQ(MarkdownFence("a\n```\nb"), "````\na\n```\nb\n````\n");
  EXPECT_EQ(Shorten("abcdef", 3), "abc…");
  EXPECT_EQ(Shorten("ab\xc3\xa9", 3), "ab…");  // never half a character
  EXPECT_EQ(Shorten("abc", 3), "abc");
}

TEST(StacksMarkdown, TitleDiagnosesThenBuckets) {
  Stacks s("states.debug2.txt");
  ASSERT_FALSE(s.report.diagnoses.empty());
  std::string md = s.Markdown();
  EXPECT_EQ(CheckStructure(md), "");
  EXPECT_EQ(md.rfind("### gopit stacks: ", 0), 0u) << md.substr(0, 100);
  size_t diag = md.find("**Diagnoses**");
  size_t buckets = md.find("**Buckets**");
  ASSERT_NE(diag, std::string::npos);
  ASSERT_NE(buckets, std::string::npos);
  EXPECT_LT(diag, buckets);
  const Diagnosis& top = s.report.diagnoses[0];
  size_t item = md.find("- **" + std::string(SeverityName(top.severity)) + "** `" + top.id + "`");
  EXPECT_LT(item, buckets);
  EXPECT_NE(md.find(MarkdownText(top.message)), std::string::npos);
  EXPECT_NE(md.find(":" + std::to_string(top.location.line) + "` in `"), std::string::npos);
  size_t shown = std::min<size_t>(20, s.report.buckets.buckets.size());
  EXPECT_EQ(Count(md, "<details><summary>"), shown);
  // The top bucket's count and function lead the first summary.
  const Bucket& b = s.report.buckets.buckets[0];
  size_t first = md.find("<details><summary><b>" + std::to_string(b.count) + "</b> ");
  EXPECT_EQ(first, md.find("<details>"));
  for (const std::string& l : Lines(md))
    EXPECT_LE(l.size(), 600u) << l;
}

TEST(StacksMarkdown, AtMostTenDiagnosesAndTwentyBuckets) {
  std::string dump;
  // 30 sites of 60 goroutines each: 30 leak suspects, 30 buckets.
  for (int site = 0; site < 30; ++site) {
    for (int g = 0; g < 60; ++g) {
      dump += "goroutine " + std::to_string(1000 + site * 100 + g) + " [chan send]:\n" +
              "main.site" + std::to_string(site) +
              "()\n\t/src/app/s.go:" + std::to_string(10 + site) +
              " +0x1\ncreated by main.main in goroutine 1\n" + "\t/src/app/main.go:5 +0x2\n\n";
    }
  }
  Stacks s(dump, false);
  ASSERT_GE(s.report.diagnoses.size(), 30u);
  std::string md = s.Markdown();
  EXPECT_EQ(CheckStructure(md), "");
  EXPECT_EQ(Count(md, "\n- **"), 10u);
  EXPECT_NE(md.find("- … " + std::to_string(s.report.diagnoses.size() - 10) + " more"),
            std::string::npos);
  EXPECT_EQ(Count(md, "<details><summary>"), 20u);
  EXPECT_NE(md.find("… 10 more buckets with 600 goroutines"), std::string::npos);
  // --limit 5 shows five; --frames is honoured.
  std::string five = s.Markdown(MarkdownOptionsFor(5, 12));
  EXPECT_EQ(Count(five, "<details><summary>"), 5u);
  EXPECT_EQ(MarkdownOptionsFor(0, 3).max_buckets, 20u);
  EXPECT_EQ(MarkdownOptionsFor(0, 3).max_frames, 3u);
}

TEST(StacksMarkdown, EscapesNamesInSummariesAndKeepsStacksVerbatim) {
  const char* dump =
      "goroutine 7 [chan receive]:\n"
      "main.f[...](0xc000010000)\n"
      "\t/src/app/a_b.go:10 +0x25\n"
      "main.</summary><b>x</b>.y()\n"
      "\t/src/app/x.go:40 +0x30\n"
      "created by main.(*T[...]).start in goroutine 1\n"
      "\t/src/app/x.go:20 +0x30\n"
      "\n";
  Stacks s(dump, false);
  std::string md = s.Markdown();
  EXPECT_EQ(CheckStructure(md), "");
  EXPECT_EQ(Count(md, "</summary>\n"), 1u);
  EXPECT_NE(md.find("<code>main.f&#91;...&#93;</code> app/a&#95;b.go:10"), std::string::npos);
  // Inside the fence the stack reads as the runtime printed it.
  EXPECT_NE(md.find("\nmain.</summary><b>x</b>.y"), std::string::npos);
  EXPECT_NE(md.find("created by main.(*T[...]).start"), std::string::npos);
}

TEST(StacksMarkdown, NoGoroutineListEvenForHugeBuckets) {
  std::string dump;
  for (int g = 0; g < 5000; ++g) {
    dump += "goroutine " + std::to_string(10 + g) +
            " [select]:\nmain.loop()\n\t/src/app/l.go:3 +0x1\n\n";
  }
  std::string md = Stacks(dump, false).Markdown();
  EXPECT_LT(md.size(), 4096u);
  EXPECT_NE(md.find("<b>5,000</b> select"), std::string::npos);
}

TEST(DiffMarkdown, CountsSeriesPerBucket) {
  ReadResult read;
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(ReadInput(std::string(GOPIT_TEST_DATA) + "/leakshapes.handler-timeout." +
                              std::to_string(i) + ".txt",
                          {}, read)
                    .Ok());
  }
  std::vector<const Snapshot*> snaps;
  for (const Snapshot& s : read.snapshots)
    snaps.push_back(&s);
  DiagnoseOptions d;
  DiffReport r = BuildDiff(*read.symbols, snaps, BucketOptions{}, &d);
  std::ostringstream out;
  RenderDiffMarkdown(r, *read.symbols, MarkdownOptions{}, out);
  std::string md = out.str();
  EXPECT_EQ(CheckStructure(md), "");
  EXPECT_EQ(md.rfind("### gopit diff: goroutines 67 → 127 → 187 (+120) over 3 snapshots\n", 0), 0u)
      << md.substr(0, 200);
  size_t diag = md.find("- **error** `DUMP010` growth: ");
  size_t buckets = md.find("**Buckets**");
  ASSERT_NE(diag, std::string::npos);
  EXPECT_LT(diag, buckets);
  EXPECT_NE(md.find("<details><summary><b>60 → 120 → 180</b> (+120) chan send <code>main.(&#42;"
                    "searchApp).handleSearch.func1</code> leakshapes/handler.go:45"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("**60** goroutines present in every snapshot"), std::string::npos);
  EXPECT_EQ(Count(md, "<details><summary>"), std::min<size_t>(20, r.buckets.size()));
}

}  // namespace
}  // namespace gopit
