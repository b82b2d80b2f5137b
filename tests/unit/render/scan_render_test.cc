// The three `gopit scan` renderers: text (exact lines), JSON (the fields of
// docs/scan-json.md, one by one) and SARIF (the structure GitHub code
// scanning needs: valid rule indexes, related locations, URI encoding, levels).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "render/scan_json.h"
#include "render/scan_sarif.h"
#include "render/scan_text.h"
#include "render_sample/sample_report.h"

namespace gopit {
namespace {

using nlohmann::json;
using render_sample::Make;
using render_sample::Rule;
using render_sample::SampleReport;

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    lines.push_back(l);
  return lines;
}

std::string Text(const ScanReport& r, bool color = false) {
  std::ostringstream out;
  WriteScanText(r, Style(color), out);
  return out.str();
}

json Json(const ScanReport& r) {
  std::ostringstream out;
  WriteScanJson(r, out);
  return json::parse(out.str());
}

json Sarif(const ScanReport& r) {
  std::ostringstream out;
  WriteScanSarif(r, out);
  return json::parse(out.str());
}

std::string Uri(std::string_view path, bool expect_relative) {
  bool relative = !expect_relative;
  std::string uri = SarifArtifactUri(path, relative);
  EXPECT_EQ(relative, expect_relative) << path;
  return uri;
}

// --- text -------------------------------------------------------------------

TEST(ScanText, EmptyReportIsOneSummaryLine) {
  ScanReport r;
  r.files_scanned = 1;
  EXPECT_EQ(Text(r), "0 findings in 1 file\n");
  r.files_scanned = 0;
  EXPECT_EQ(Text(r), "0 findings in 0 files\n");
}

TEST(ScanText, IoErrorsComeBeforeTheSummary) {
  ScanReport r;
  r.files_scanned = 3;
  r.errors = {"a: permission denied", "b\x1b[31m: gone"};
  EXPECT_EQ(
      Text(r),
      "error: a: permission denied\nerror: b?[31m: gone\n0 findings in 3 files; 2 I/O errors\n");
}

TEST(ScanText, OneLinePerFindingThenRelatedThenSummary) {
  ScanReport r = SampleReport();
  EXPECT_EQ(Lines(Text(r)),
            (std::vector<std::string>{
                "/srv/app/internal/store/db #2.go:88:5: LOCK001 lock-not-released: s.mu is not "
                "unlocked when Query fails",
                "    /srv/app/internal/store/db #2.go:91: returns here with s.mu held",
                "cmd/my server/main.go:42:3: LEAK001 send-without-receiver: goroutine blocks "
                "forever sending on ch (chan struct{}) when fetch times out",
                "    cmd/my server/main.go:38: ch made here, unbuffered",
                "    cmd/my server/main.go:47: returns here without receiving",
                "internal/bad/broken.go:3:1: PARSE parse-error: expected 'package', found 'EOF'",
                "internal/cache/caché.go:17:2: LOCK001 lock-not-released: c.mu is not unlocked on "
                "every path",
                "    internal/cache/caché.go:23: returns here with c.mu held",
                // A related location without a file is in the finding's file.
                "    internal/cache/caché.go:25: values[i] read here [under the lock]",
                "internal/cache/caché.go:30:3: RT006 defer-in-loop: defer f.Close() in a loop: "
                "every file stays open until Load returns",
                "",
                "error: vendor/locked: open vendor/locked: permission denied",
                "5 findings (2 errors, 2 warnings, 1 info) in 42 files; 2 suppressed; 1 in "
                "baseline; 1 I/O error",
            }));
}

TEST(ScanText, UnknownLineOrColumnIsLeftOut) {
  ScanReport r;
  r.files_scanned = 3;
  r.findings = {Make("PARSE", "parse-error", Severity::kError, "a.go", 0, 0, "not UTF-8", ""),
                Make("RT004", "linkname", Severity::kInfo, "b.go", 7, 0, "go:linkname", "")};
  r.findings[1].related = {{"c.go", 0, 0, ""}};
  EXPECT_EQ(Lines(Text(r)), (std::vector<std::string>{
                                "a.go: PARSE parse-error: not UTF-8",
                                "b.go:7: RT004 linkname: go:linkname",
                                "    c.go:",
                                "",
                                "2 findings (1 error, 1 info) in 3 files",
                            }));
}

TEST(ScanText, ControlCharactersCannotBreakTheLineOrTheTerminal) {
  ScanReport r;
  r.findings = {Make("LEAK001", "x", Severity::kWarning, "a\nb.go", 1, 1,
                     "two\nlines\tand \x1b[2J an escape", "")};
  std::string out = Text(r);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  auto lines = Lines(out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "a b.go:1:1: LEAK001 x: two lines and ?[2J an escape");
}

TEST(ScanText, ColourOnlyWhenAskedAndBySeverity) {
  ScanReport r = SampleReport();
  EXPECT_EQ(Text(r, false).find('\x1b'), std::string::npos);
  std::string c = Text(r, true);
  EXPECT_NE(c.find("\x1b[31mLEAK001 send-without-receiver\x1b[0m"), std::string::npos) << c;
  EXPECT_NE(c.find("\x1b[33mLOCK001 lock-not-released\x1b[0m"), std::string::npos) << c;
  EXPECT_NE(c.find("\x1b[36mRT006 defer-in-loop\x1b[0m"), std::string::npos) << c;
  EXPECT_NE(c.find("\x1b[1mcmd/my server/main.go:42:3\x1b[0m"), std::string::npos) << c;
  EXPECT_NE(c.find("\x1b[31m2 errors\x1b[0m"), std::string::npos) << c;
}

TEST(ScanText, TenThousandFindingsKeepOneLineEach) {
  ScanReport r;
  r.files_scanned = 12345;
  for (int i = 0; i < 10000; ++i) {
    r.findings.push_back(
        Make("RT006", "defer-in-loop", Severity::kInfo, "big.go", i + 1, 2, "defer in a loop", ""));
  }
  auto lines = Lines(Text(r));
  ASSERT_EQ(lines.size(), 10002u);
  EXPECT_EQ(lines[9999], "big.go:10000:2: RT006 defer-in-loop: defer in a loop");
  EXPECT_EQ(lines[10000], "");
  EXPECT_EQ(lines[10001], "10,000 findings (10,000 infos) in 12,345 files");
}

// --- JSON -------------------------------------------------------------------

TEST(ScanJson, FollowsTheDocumentedSchema) {
  json j = Json(SampleReport());
  EXPECT_EQ(j["schema"], "gopit.scan/v1");
  EXPECT_EQ(j["schema"], kScanSchema);
  EXPECT_EQ(j["gopit_version"], GOPIT_VERSION);
  EXPECT_EQ(j["paths"], json::array({"./...", "/srv/app/internal"}));
  EXPECT_EQ(j["files_scanned"], 42);
  EXPECT_EQ(j["lines_scanned"], 5310);
  EXPECT_EQ(j["packages"], 7);
  EXPECT_EQ(j["suppressed"], 2);
  EXPECT_EQ(j["baselined"], 1);
  EXPECT_EQ(j["errors"], json::array({"vendor/locked: open vendor/locked: permission denied"}));
  std::set<std::string> keys;
  for (auto& [k, v] : j.items())
    keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"schema", "gopit_version", "paths", "files_scanned",
                                         "lines_scanned", "packages", "suppressed", "baselined",
                                         "generated_skipped", "errors", "findings"}));

  ASSERT_EQ(j["findings"].size(), 5u);
  auto keys_of = [](const json& o) {
    std::set<std::string> ks;
    for (auto& [k, v] : o.items())
      ks.insert(k);
    return ks;
  };
  for (const json& f : j["findings"]) {
    EXPECT_EQ(keys_of(f), (std::set<std::string>{"rule", "slug", "severity", "file", "line",
                                                 "column", "message", "related", "fingerprint"}));
    for (const json& rel : f.value("related", json::array()))
      EXPECT_EQ(keys_of(rel), (std::set<std::string>{"file", "line", "column", "message"}));
  }
  json f = j["findings"][1];
  EXPECT_EQ(f["rule"], "LEAK001");
  EXPECT_EQ(f["slug"], "send-without-receiver");
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["file"], "cmd/my server/main.go");
  EXPECT_EQ(f["line"], 42);
  EXPECT_EQ(f["column"], 3);
  EXPECT_EQ(f["message"],
            "goroutine blocks forever sending on ch (chan struct{}) when fetch times out");
  EXPECT_EQ(f["fingerprint"], "5f0c2e9a41b7d3e8");
  ASSERT_EQ(f["related"].size(), 2u);
  EXPECT_EQ(f["related"][0], json({{"file", "cmd/my server/main.go"},
                                   {"line", 38},
                                   {"column", 8},
                                   {"message", "ch made here, unbuffered"}}));
  EXPECT_EQ(f["related"][1]["line"], 47);

  // Severity names, the file of a related location without one, no related.
  EXPECT_EQ(j["findings"][0]["severity"], "warning");
  EXPECT_EQ(j["findings"][4]["severity"], "info");
  EXPECT_EQ(j["findings"][3]["related"][1]["file"], "internal/cache/caché.go");
  EXPECT_EQ(j["findings"][3]["related"][1]["column"], 0);
  EXPECT_TRUE(j["findings"][2]["related"].is_array());
  EXPECT_TRUE(j["findings"][2]["related"].empty());
  EXPECT_EQ(j["findings"][2]["fingerprint"], "");
}

TEST(ScanJson, EmptyReportHasEveryFieldAndEmptyArrays) {
  json j = Json(ScanReport{});
  EXPECT_EQ(j["findings"], json::array());
  EXPECT_EQ(j["errors"], json::array());
  EXPECT_EQ(j["paths"], json::array());
  EXPECT_EQ(j["files_scanned"], 0);
}

TEST(ScanJson, AnyMessageBytesStayValidJson) {
  ScanReport r;
  r.findings = {Make("X1", "x", Severity::kWarning, "q\"uote.go", 1, 1,
                     "a \"quoted\" \\ back\nslash \x01 and bad UTF-8 \xff", "")};
  json j = Json(r);
  EXPECT_EQ(j["findings"][0]["file"], "q\"uote.go");
  EXPECT_EQ(j["findings"][0]["message"],
            "a \"quoted\" \\ back\nslash \x01 and bad UTF-8 \xef\xbf\xbd");
}

// --- SARIF ------------------------------------------------------------------

TEST(ScanSarif, LogRunAndTool) {
  json s = Sarif(SampleReport());
  EXPECT_EQ(s["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(s["version"], "2.1.0");
  ASSERT_EQ(s["runs"].size(), 1u);
  json driver = s["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "gopit");
  EXPECT_EQ(driver["version"], GOPIT_VERSION);
  EXPECT_EQ(driver["semanticVersion"], GOPIT_VERSION);
  EXPECT_EQ(s["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"].is_string(),
            true);
  EXPECT_FALSE(s["runs"][0]["originalUriBaseIds"]["%SRCROOT%"].contains("uri"));
}

TEST(ScanSarif, EveryResultPointsAtItsRule) {
  ScanReport r = SampleReport();
  json run = Sarif(r)["runs"][0];
  json rules = run["tool"]["driver"]["rules"];
  // The report's three rules in order, then PARSE, which it lacks.
  std::vector<std::string> ids;
  for (json rule : rules)
    ids.push_back(rule["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"LEAK001", "LOCK001", "RT006", "PARSE"}));
  ASSERT_EQ(run["results"].size(), r.findings.size());
  for (size_t i = 0; i < r.findings.size(); ++i) {
    json res = run["results"][i];
    size_t index = res["ruleIndex"];
    ASSERT_LT(index, rules.size());
    EXPECT_EQ(rules[index]["id"], res["ruleId"]);
    EXPECT_EQ(res["ruleId"], r.findings[i].rule);
  }
  EXPECT_EQ(run["results"][2]["ruleIndex"], 3);  // PARSE
}

TEST(ScanSarif, RuleDescriptorsHaveWhatGitHubRequires) {
  json rules = Sarif(SampleReport())["runs"][0]["tool"]["driver"]["rules"];
  for (json rule : rules) {
    for (const char* k : {"shortDescription", "fullDescription", "help"}) {
      ASSERT_TRUE(rule[k]["text"].is_string()) << rule["id"] << " " << k;
      EXPECT_FALSE(rule[k]["text"].get<std::string>().empty()) << rule["id"] << " " << k;
    }
  }
  json leak = rules[0];
  EXPECT_EQ(leak["name"], "SendWithoutReceiver");
  EXPECT_EQ(leak["shortDescription"]["text"],
            "A goroutine sends on a channel that nobody receives from on some path.");
  // fullDescription: the first paragraph of "What it finds", on one line.
  EXPECT_EQ(leak["fullDescription"]["text"],
            "A goroutine sends on an unbuffered channel made in the enclosing function, and the "
            "function can return without receiving.");
  EXPECT_EQ(leak["help"]["markdown"], SampleReport().rules[0].doc);
  EXPECT_EQ(leak["help"]["text"], SampleReport().rules[0].doc);
  EXPECT_EQ(leak["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(leak["properties"]["tags"], json::array({"concurrency", "goroutine-leak"}));
  EXPECT_EQ(leak["properties"]["precision"], "high");
  EXPECT_EQ(leak["properties"]["problem.severity"], "error");
  EXPECT_EQ(rules[1]["defaultConfiguration"]["level"], "warning");
  EXPECT_EQ(rules[1]["properties"]["precision"], "medium");
  EXPECT_EQ(rules[2]["defaultConfiguration"]["level"], "note");
  EXPECT_EQ(rules[2]["properties"]["problem.severity"], "recommendation");
  // The descriptor made for PARSE: plain text help, no markdown.
  EXPECT_EQ(rules[3]["name"], "ParseError");
  EXPECT_FALSE(rules[3]["help"].contains("markdown"));
  EXPECT_EQ(rules[3]["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(rules[3]["properties"]["precision"], "very-high");
}

TEST(ScanSarif, LongDescriptionsAreCutForGitHub) {
  ScanReport r;
  std::string summary(1000, 'x');
  summary += "é";  // bytes 1000-1001
  summary += std::string(100, 'y');
  r.rules = {Rule("X1", "x", Severity::kWarning, summary.c_str(), "short")};
  json rule = Sarif(r)["runs"][0]["tool"]["driver"]["rules"][0];
  std::string text = rule["shortDescription"]["text"];
  EXPECT_LE(text.size(), 1024u);
  EXPECT_TRUE(text.ends_with("...")) << text.substr(1000);
  EXPECT_EQ(rule["fullDescription"]["text"], "short");
}

TEST(ScanSarif, DuplicateRuleIdsGiveOneDescriptor) {
  ScanReport r;
  r.rules = {Rule("X1", "x", Severity::kWarning, "first", "a"),
             Rule("X1", "x", Severity::kError, "second", "b")};
  r.findings = {Make("X1", "x", Severity::kWarning, "a.go", 1, 1, "m", "")};
  json run = Sarif(r)["runs"][0];
  ASSERT_EQ(run["tool"]["driver"]["rules"].size(), 1u);
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["shortDescription"]["text"], "first");
  EXPECT_EQ(run["results"][0]["ruleIndex"], 0);
}

TEST(ScanSarif, ResultLevelsLocationsAndFingerprints) {
  json results = Sarif(SampleReport())["runs"][0]["results"];
  EXPECT_EQ(results[0]["level"], "warning");
  EXPECT_EQ(results[1]["level"], "error");
  EXPECT_EQ(results[4]["level"], "note");

  json leak = results[1];
  ASSERT_EQ(leak["locations"].size(), 1u);
  json loc = leak["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "cmd/my%20server/main.go");
  EXPECT_EQ(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(loc["region"], json({{"startLine", 42}, {"startColumn", 3}}));
  EXPECT_EQ(leak["partialFingerprints"], json({{"gopitFingerprint/v1", "5f0c2e9a41b7d3e8"}}));

  // An absolute path is a file URI, with no base id.
  json abs = results[0]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(abs["uri"], "file:///srv/app/internal/store/db%20%232.go");
  EXPECT_FALSE(abs.contains("uriBaseId"));
  // Non-ASCII bytes are percent-encoded.
  EXPECT_EQ(results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "internal/cache/cach%C3%A9.go");
  // No fingerprint, no partialFingerprints.
  EXPECT_FALSE(results[2].contains("partialFingerprints"));
  EXPECT_FALSE(results[2].contains("relatedLocations"));
  EXPECT_EQ(results[2]["message"]["text"], "expected 'package', found 'EOF'");
}

TEST(ScanSarif, RelatedLocationsAreNumberedAndLinkedFromTheMessage) {
  json results = Sarif(SampleReport())["runs"][0]["results"];
  json leak = results[1];
  ASSERT_EQ(leak["relatedLocations"].size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    json rel = leak["relatedLocations"][i];
    EXPECT_EQ(rel["id"], i + 1);
    EXPECT_EQ(rel["physicalLocation"]["artifactLocation"]["uri"], "cmd/my%20server/main.go");
    EXPECT_EQ(rel["physicalLocation"]["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  }
  EXPECT_EQ(leak["relatedLocations"][0]["physicalLocation"]["region"],
            json({{"startLine", 38}, {"startColumn", 8}}));
  EXPECT_EQ(leak["relatedLocations"][1]["message"]["text"], "returns here without receiving");
  // Braces are not doubled: gopit uses no message arguments.
  EXPECT_EQ(leak["message"]["text"],
            "goroutine blocks forever sending on ch (chan struct{}) when fetch times out. Related "
            "locations: [ch made here, unbuffered](1), [returns here without receiving](2).");

  // Brackets in link text are escaped; a related location without a file or
  // column is in the finding's file and has no startColumn.
  json lock = results[3];
  EXPECT_EQ(lock["message"]["text"],
            "c.mu is not unlocked on every path. Related locations: [returns here with c.mu "
            "held](1), [values\\[i\\] read here \\[under the lock\\]](2).");
  json second = lock["relatedLocations"][1]["physicalLocation"];
  EXPECT_EQ(second["artifactLocation"]["uri"], "internal/cache/cach%C3%A9.go");
  EXPECT_EQ(second["region"], json({{"startLine", 25}}));
  // The message itself keeps its brackets as they are.
  EXPECT_EQ(lock["relatedLocations"][1]["message"]["text"], "values[i] read here [under the lock]");
}

TEST(ScanSarif, UnknownPositionHasNoRegion) {
  ScanReport r;
  r.findings = {Make("PARSE", "", Severity::kError, "a.go", 0, 0, "", "")};
  json run = Sarif(r)["runs"][0];
  json res = run["results"][0];
  EXPECT_FALSE(res["locations"][0]["physicalLocation"].contains("region"));
  // An empty message falls back to the rule's summary; no slug: name is the id.
  EXPECT_FALSE(res["message"]["text"].get<std::string>().empty());
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["name"], "PARSE");
}

TEST(ScanSarif, InvocationCarriesIoErrors) {
  json inv = Sarif(SampleReport())["runs"][0]["invocations"];
  ASSERT_EQ(inv.size(), 1u);
  EXPECT_EQ(inv[0]["executionSuccessful"], false);
  ASSERT_EQ(inv[0]["toolExecutionNotifications"].size(), 1u);
  EXPECT_EQ(inv[0]["toolExecutionNotifications"][0]["level"], "error");
  EXPECT_EQ(inv[0]["toolExecutionNotifications"][0]["message"]["text"],
            "vendor/locked: open vendor/locked: permission denied");

  json clean = Sarif(ScanReport{})["runs"][0];
  EXPECT_EQ(clean["invocations"][0]["executionSuccessful"], true);
  EXPECT_FALSE(clean["invocations"][0].contains("toolExecutionNotifications"));
  EXPECT_EQ(clean["results"], json::array());
  EXPECT_EQ(clean["tool"]["driver"]["rules"], json::array());
}

TEST(ScanSarif, ArtifactUris) {
  EXPECT_EQ(Uri("pkg/a.go", true), "pkg/a.go");
  EXPECT_EQ(Uri("./pkg/./a.go", true), "pkg/a.go");
  EXPECT_EQ(Uri("pkg//a.go", true), "pkg/a.go");
  EXPECT_EQ(Uri("../other/a.go", true), "../other/a.go");
  EXPECT_EQ(Uri("my dir/a b.go", true), "my%20dir/a%20b.go");
  EXPECT_EQ(Uri("100%/a#1?x.go", true), "100%25/a%231%3Fx.go");
  EXPECT_EQ(Uri("x[1]/{y}|z\\w.go", true), "x%5B1%5D/%7By%7D%7Cz%5Cw.go");
  // Sub-delims and '@' are path characters; ':' would read as a scheme.
  EXPECT_EQ(Uri("a+b/c@d=e,f;g!(h)'&$*.go", true), "a+b/c@d=e,f;g!(h)'&$*.go");
  EXPECT_EQ(Uri("c:d.go", true), "c%3Ad.go");
  EXPECT_EQ(Uri("ñ.go", true), "%C3%B1.go");
  EXPECT_EQ(Uri("/home/me/src/a.go", false), "file:///home/me/src/a.go");
  EXPECT_EQ(Uri("/a b:c.go", false), "file:///a%20b:c.go");
  EXPECT_EQ(Uri("C:/src/a.go", false), "file:///C:/src/a.go");
  EXPECT_EQ(Uri("/", false), "file:///");
}

TEST(ScanSarif, RuleNames) {
  EXPECT_EQ(SarifRuleName("lock-not-released"), "LockNotReleased");
  EXPECT_EQ(SarifRuleName("wg-add-in-goroutine"), "WgAddInGoroutine");
  EXPECT_EQ(SarifRuleName("explicit-gc"), "ExplicitGc");
  EXPECT_EQ(SarifRuleName("linkname"), "Linkname");
}

}  // namespace
}  // namespace gopit
