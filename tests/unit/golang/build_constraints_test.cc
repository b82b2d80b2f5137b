#include "golang/build_constraints.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace gopit::golang {
namespace {

// --- Expressions (cases from go/build/constraint's tests) -------------------

std::string ParseGoBuild(const std::string& expr) {
  BuildExpr x;
  std::string error;
  if (!ParseBuildLine("//go:build " + expr, x, error)) return "err: " + error;
  return x.String();
}

std::string ParseLine(const std::string& line) {
  BuildExpr x;
  std::string error;
  if (!ParseBuildLine(line, x, error)) return "err: " + error;
  return x.String();
}

TEST(BuildExpr, Parse) {
  EXPECT_EQ(ParseGoBuild("x"), "x");
  EXPECT_EQ(ParseGoBuild("x&&y"), "x && y");
  EXPECT_EQ(ParseGoBuild("x||y"), "x || y");
  EXPECT_EQ(ParseGoBuild("(x)"), "x");
  EXPECT_EQ(ParseGoBuild("x||y&&z"), "x || (y && z)");
  EXPECT_EQ(ParseGoBuild("x&&y||z"), "(x && y) || z");
  EXPECT_EQ(ParseGoBuild("x&&(y||z)"), "x && (y || z)");
  EXPECT_EQ(ParseGoBuild("(x||y)&&z"), "(x || y) && z");
  EXPECT_EQ(ParseGoBuild("!(x&&y)"), "!(x && y)");
  EXPECT_EQ(ParseGoBuild("!x && !(y || z) && go1.21"), "!x && !(y || z) && go1.21");
  EXPECT_EQ(ParseGoBuild("x.y && x_y && \xCE\xB1x"), "x.y && x_y && \xCE\xB1x");  // αx
  EXPECT_EQ(ParseGoBuild("\t(((a)))\t"), "a");
  EXPECT_EQ(ParseGoBuild("!(!x)"), "!(!x)");  // printed so that it parses again
}

TEST(BuildExpr, ParseErrors) {
  EXPECT_EQ(ParseGoBuild("x && "), "err: unexpected end of expression");
  EXPECT_EQ(ParseGoBuild("x && ("), "err: missing close paren");
  EXPECT_EQ(ParseGoBuild("x && ||"), "err: unexpected token ||");
  EXPECT_EQ(ParseGoBuild("x && !"), "err: unexpected end of expression");
  EXPECT_EQ(ParseGoBuild("x && !!"), "err: double negation not allowed");
  EXPECT_EQ(ParseGoBuild("x !"), "err: unexpected token !");
  EXPECT_EQ(ParseGoBuild("x && (y"), "err: missing close paren");
  EXPECT_EQ(ParseGoBuild("x)"), "err: unexpected token )");
  EXPECT_EQ(ParseGoBuild("x y"), "err: unexpected token y");
  EXPECT_EQ(ParseGoBuild("x~"), "err: invalid syntax at ~");
  EXPECT_EQ(ParseGoBuild("x &y"), "err: invalid syntax at &");
  EXPECT_EQ(ParseGoBuild("x | y"), "err: invalid syntax at |");
  EXPECT_EQ(ParseGoBuild("\xCE\xB1x\xC2\xB2"), "err: invalid syntax at \xC2\xB2");  // αx²
  EXPECT_EQ(ParseLine("//go:build"), "err: unexpected end of expression");
  EXPECT_EQ(ParseLine("//go:build\n"), "err: unexpected end of expression");
}

TEST(BuildExpr, SizeLimits) {
  std::string big = "x";
  for (int i = 0; i < 999; ++i)
    big += " && x";
  EXPECT_NE(ParseGoBuild(big).substr(0, 4), "err:");
  EXPECT_EQ(ParseGoBuild(big + " && x"), "err: build expression too large");
  // Deep nesting is bounded by the same limit, not by the stack.
  EXPECT_EQ(ParseGoBuild(std::string(100000, '(') + "x" + std::string(100000, ')')),
            "err: build expression too large");
  EXPECT_EQ(ParseGoBuild(std::string(20000, '!')), "err: double negation not allowed");
  std::string plus = "// +build";
  for (int i = 0; i < 102; ++i)
    plus += " a";
  EXPECT_EQ(ParseLine(plus), "err: expression too complex for // +build lines");
  plus = "// +build a";
  for (int i = 0; i < 102; ++i)
    plus += ",a";
  EXPECT_EQ(ParseLine(plus), "err: expression too complex for // +build lines");
}

TEST(BuildExpr, PlusBuild) {
  EXPECT_EQ(ParseLine("// +build x"), "x");
  EXPECT_EQ(ParseLine("// +build x,y"), "x && y");
  EXPECT_EQ(ParseLine("// +build x y"), "x || y");
  EXPECT_EQ(ParseLine("// +build x y,z"), "x || (y && z)");
  EXPECT_EQ(ParseLine("// +build x,y z"), "(x && y) || z");
  EXPECT_EQ(ParseLine("// +build x,!y !z"), "(x && !y) || !z");
  EXPECT_EQ(ParseLine("// +build !! x"), "ignore || x");
  EXPECT_EQ(ParseLine("// +build !!x"), "ignore");
  EXPECT_EQ(ParseLine("// +build !x"), "!x");
  EXPECT_EQ(ParseLine("// +build !"), "ignore");
  EXPECT_EQ(ParseLine("// +build"), "ignore");
  EXPECT_EQ(ParseLine("// +build x~y z"), "ignore || z");  // invalid words become "ignore"
  EXPECT_EQ(ParseLine("//+build x y"), "x || y");
  EXPECT_EQ(ParseLine("// +build x y \n"), "x || y");
}

TEST(BuildExpr, NotAConstraint) {
  EXPECT_EQ(ParseLine("// +build x y \n "), "err: not a build constraint");
  EXPECT_EQ(ParseLine("// +build x y \nmore"), "err: not a build constraint");
  EXPECT_EQ(ParseLine(" //+build x y"), "err: not a build constraint");
  EXPECT_EQ(ParseLine("//go:build x && y\n "), "err: not a build constraint");
  EXPECT_EQ(ParseLine(" //go:build x && y"), "err: not a build constraint");
  EXPECT_EQ(ParseLine("//go:buildx"), "err: not a build constraint");
  EXPECT_EQ(ParseLine("// +buildx"), "err: not a build constraint");
  EXPECT_EQ(ParseLine("// go:build x"), "err: not a build constraint");
  EXPECT_TRUE(IsGoBuildLine("//go:build"));
  EXPECT_TRUE(IsGoBuildLine("//go:build\tlinux"));
  EXPECT_FALSE(IsGoBuildLine("//go:builder"));
  EXPECT_TRUE(IsPlusBuildLine("//   +build linux"));
}

TEST(BuildExpr, Builders) {
  BuildExpr e;
  uint32_t a = e.Tag("abc"), d = e.Tag("def"), g = e.Tag("ghi");
  e.Not(e.And(a, e.Or(d, g)));
  EXPECT_EQ(e.String(), "!(abc && (def || ghi))");
  EXPECT_TRUE(e.Eval([](std::string_view t) { return t == "def"; }));
  EXPECT_FALSE(e.Eval([](std::string_view t) { return t == "abc" || t == "ghi"; }));
}

// --- Tags -------------------------------------------------------------------

TEST(BuildTags, Context) {
  BuildContext linux;  // linux/amd64, cgo, go1.26
  for (const char* t : {"linux", "amd64", "unix", "cgo", "gc", "go1.1", "go1.21", "go1.26"}) {
    EXPECT_TRUE(MatchBuildTag(t, linux)) << t;
  }
  for (const char* t : {"windows", "arm64", "go1.27", "go1.0", "go1.021", "go2.1", "gccgo",
                        "ignore", "android", "purego", "go1.26.1"}) {
    EXPECT_FALSE(MatchBuildTag(t, linux)) << t;
  }
  BuildContext c = linux;
  c.cgo = false;
  c.tags = {"purego", "ignore", "goexperiment.boringcrypto"};
  c.go_version = "1.21.5";
  EXPECT_FALSE(MatchBuildTag("cgo", c));
  EXPECT_TRUE(MatchBuildTag("purego", c));
  EXPECT_FALSE(MatchBuildTag("ignore", c));       // never, whatever the tags say
  EXPECT_TRUE(MatchBuildTag("boringcrypto", c));  // the old name of the experiment
  EXPECT_TRUE(MatchBuildTag("go1.21", c));
  EXPECT_FALSE(MatchBuildTag("go1.22", c));

  BuildContext android;
  android.goos = "android";
  android.goarch = "arm64";
  EXPECT_TRUE(MatchBuildTag("linux", android));
  EXPECT_TRUE(MatchBuildTag("unix", android));
  BuildContext ios;
  ios.goos = "ios";
  EXPECT_TRUE(MatchBuildTag("darwin", ios));
  BuildContext illumos;
  illumos.goos = "illumos";
  EXPECT_TRUE(MatchBuildTag("solaris", illumos));
  for (const char* os : {"windows", "plan9", "js", "wasip1"}) {
    BuildContext x;
    x.goos = os;
    EXPECT_FALSE(MatchBuildTag("unix", x)) << os;
  }
}

TEST(BuildTags, FileNames) {
  BuildContext linux;
  EXPECT_TRUE(FileNameMatches("x.go", linux));
  EXPECT_TRUE(FileNameMatches("x_linux.go", linux));
  EXPECT_TRUE(FileNameMatches("x_amd64.go", linux));
  EXPECT_TRUE(FileNameMatches("x_linux_amd64.go", linux));
  EXPECT_TRUE(FileNameMatches("x_linux_amd64_test.go", linux));
  EXPECT_TRUE(FileNameMatches("x_unix.go", linux));   // "unix" is no file name suffix
  EXPECT_TRUE(FileNameMatches("x_test.go", linux));   // nor is "test" a GOOS
  EXPECT_TRUE(FileNameMatches("windows.go", linux));  // no '_': not constrained
  EXPECT_TRUE(FileNameMatches("x_windows_foo.go", linux));
  EXPECT_TRUE(FileNameMatches("dir_windows/x.go", linux));  // only the last element counts
  EXPECT_FALSE(FileNameMatches("x_windows.go", linux));
  EXPECT_FALSE(FileNameMatches("x_windows_test.go", linux));
  EXPECT_FALSE(FileNameMatches("x_linux_arm64.go", linux));
  EXPECT_FALSE(FileNameMatches("x_windows_amd64.go", linux));
  EXPECT_FALSE(FileNameMatches("x_arm64_test.go", linux));
  EXPECT_FALSE(FileNameMatches("x_nacl.go", linux));  // known but retired
  EXPECT_FALSE(FileNameMatches("a/b/x_darwin.go", linux));
  EXPECT_FALSE(FileNameMatches("_x.go", linux));
  EXPECT_FALSE(FileNameMatches(".x.go", linux));
  // The name is cut at its first '.'.
  EXPECT_TRUE(FileNameMatches("x_linux.go.other_windows", linux));
  EXPECT_FALSE(FileNameMatches("x_windows.x_linux.go", linux));

  BuildContext p9;  // go/build's matchFileTests
  p9.goos = "plan9";
  p9.goarch = "arm";
  EXPECT_TRUE(FileNameMatches("foo_arm.go", p9));
  EXPECT_FALSE(FileNameMatches("foo_darwin.go", p9));
  BuildContext android;
  android.goos = "android";
  android.goarch = "arm";
  EXPECT_TRUE(FileNameMatches("foo_linux.go", android));
  EXPECT_TRUE(FileNameMatches("foo_android.go", android));
  EXPECT_FALSE(FileNameMatches("foo_plan9.go", android));
  EXPECT_TRUE(FileNameMatches("android.go", android));
  EXPECT_TRUE(FileNameMatches("plan9.go", android));
  EXPECT_TRUE(FileNameMatches("plan9_test.go", android));
}

// --- File headers (cases from go/build's TestShouldBuild) --------------------

// Whether the header admits the file with only the tag "yes" set.
bool ShouldBuild(const std::string& content, std::string* error = nullptr) {
  FileConstraint c;
  std::string err;
  bool ok = ParseFileConstraint(content, c, &err);
  if (error != nullptr) *error = err;
  if (!ok) return false;
  auto yes = [](std::string_view t) { return t == "yes"; };
  if (c.has_go_build) return c.go_build.Eval(yes);
  for (const BuildExpr& e : c.plus_build) {
    if (!e.Eval(yes)) return false;
  }
  return true;
}

TEST(FileConstraint, ShouldBuild) {
  EXPECT_TRUE(ShouldBuild("// +build yes\n\npackage main\n"));
  EXPECT_TRUE(ShouldBuild("//go:build yes\npackage main\n"));
  EXPECT_TRUE(ShouldBuild("// +build no yes\n\npackage main\n"));
  EXPECT_TRUE(ShouldBuild("//go:build no || yes\npackage main\n"));
  EXPECT_FALSE(ShouldBuild("// +build no,yes\n\npackage main\n"));
  EXPECT_FALSE(ShouldBuild("//go:build no && yes\npackage main\n"));
  EXPECT_FALSE(ShouldBuild(
      "// +build cgo\n\n// Copyright The Go Authors.\n\n"
      "// This package implements parsing of tags like\n// +build tag1\npackage build"));
  EXPECT_FALSE(ShouldBuild(
      "//go:build cgo\n// Copyright The Go Authors.\n\n"
      "// This package implements parsing of tags like\n// +build tag1\npackage build"));
  // After the package clause nothing counts.
  EXPECT_TRUE(ShouldBuild(
      "// Copyright The Go Authors.\n\npackage build\n\n"
      "// shouldBuild checks tags given by lines of the form\n// +build tag\n//go:build tag\n"
      "func shouldBuild(content []byte)\n"));
  // "// +build" lines need a blank line before the package clause; //go:build does not.
  EXPECT_TRUE(ShouldBuild("// +build no\npackage main\n"));
  EXPECT_FALSE(ShouldBuild("//go:build no\npackage main\n"));
  EXPECT_FALSE(ShouldBuild("//go:binary-only-package\n//go:build no\npackage main\n"));
  // //go:build wins over // +build.
  EXPECT_FALSE(ShouldBuild("// +build yes\n\n//go:build no\npackage main\n"));
  EXPECT_FALSE(ShouldBuild("/* */\n// +build yes\n\n//go:build no\npackage main\n"));
  // Block comments.
  EXPECT_TRUE(ShouldBuild("/*\n//go:build no\n*/\n\npackage main\n"));
  EXPECT_FALSE(ShouldBuild("/*\ntext\n*/\n\n//go:build no\npackage main\n"));
  EXPECT_FALSE(ShouldBuild("/*/*/ /* hi *//* \ntext\n*/\n\n//go:build no\npackage main\n"));
  EXPECT_TRUE(ShouldBuild("/**///go:build no\npackage main\n"));
  EXPECT_FALSE(ShouldBuild("/**/\n//go:build no\npackage main\n"));
}

TEST(FileConstraint, HeaderDetails) {
  FileConstraint c;
  std::string error;
  ASSERT_TRUE(
      ParseFileConstraint("// Copyright\n\n//go:build linux && !cgo\n\npackage x\n", c, &error));
  EXPECT_TRUE(c.has_go_build);
  EXPECT_EQ(c.line, 3);
  EXPECT_EQ(c.go_build.String(), "linux && !cgo");

  // Several // +build lines must all hold.
  ASSERT_TRUE(
      ParseFileConstraint("// +build linux darwin\n// +build !cgo\n\npackage x\n", c, &error));
  EXPECT_FALSE(c.has_go_build);
  ASSERT_EQ(c.plus_build.size(), 2u);
  BuildContext ctx;  // linux, with cgo
  EXPECT_FALSE(c.Eval(ctx));
  EXPECT_FALSE(
      FileMatches("x.go", "// +build linux darwin\n// +build !cgo\n\npackage x\n", ctx, nullptr));
  ctx.cgo = false;
  EXPECT_TRUE(
      FileMatches("x.go", "// +build linux darwin\n// +build !cgo\n\npackage x\n", ctx, nullptr));

  // A byte order mark, CRLF line ends and a file without a package clause.
  EXPECT_TRUE(
      ParseFileConstraint("\xEF\xBB\xBF//go:build windows\r\n\r\npackage x\r\n", c, &error));
  EXPECT_EQ(c.go_build.String(), "windows");
  EXPECT_TRUE(ParseFileConstraint("//go:build windows", c, &error));
  EXPECT_EQ(c.go_build.String(), "windows");
  EXPECT_TRUE(ParseFileConstraint("", c, &error));
  EXPECT_TRUE(c.empty());
  // Non-ASCII white space around the line (strings.TrimSpace).
  EXPECT_TRUE(
      ParseFileConstraint("\xC2\xA0//go:build windows\xE3\x80\x80\npackage x\n", c, &error));
  EXPECT_EQ(c.go_build.String(), "windows");
}

TEST(FileConstraint, Errors) {
  std::string error;
  EXPECT_FALSE(ShouldBuild("// c\n//go:build linux &&\npackage x\n", &error));
  EXPECT_EQ(error, "2: parsing //go:build line: unexpected end of expression");
  EXPECT_FALSE(ShouldBuild("//go:build linux\n//go:build darwin\npackage x\n", &error));
  EXPECT_EQ(error, "2: multiple //go:build comments");
  // In a // +build line an invalid word means "ignore"; a line too complex
  // to parse is skipped, as go/build does.
  EXPECT_FALSE(ShouldBuild("// +build x~y\n\npackage x\n", &error));
  EXPECT_EQ(error, "");
  std::string complex = "// +build";
  for (int i = 0; i < 102; ++i)
    complex += " no";
  EXPECT_TRUE(ShouldBuild(complex + "\n\npackage x\n", &error));
  EXPECT_EQ(error, "");

  BuildContext ctx;
  EXPECT_FALSE(FileMatches("a/b.go", "//go:build (linux\npackage b\n", ctx, &error));
  EXPECT_EQ(error, "a/b.go:1: parsing //go:build line: missing close paren");
  EXPECT_TRUE(FileMatches("a/b.go", "//go:build linux\npackage b\n", ctx, &error));
  EXPECT_EQ(error, "");
}

TEST(FileMatches, Combines) {
  BuildContext ctx;
  EXPECT_TRUE(FileMatches("x.go", "package x\n", ctx, nullptr));
  EXPECT_FALSE(FileMatches("x_windows.go", "package x\n", ctx, nullptr));
  EXPECT_FALSE(FileMatches("x.go", "//go:build ignore\n\npackage main\n", ctx, nullptr));
  ctx.tags = {"ignore"};
  EXPECT_FALSE(FileMatches("x.go", "//go:build ignore\n\npackage main\n", ctx, nullptr));
  EXPECT_FALSE(FileMatches("x.go", "// +build ignore\n\npackage main\n", ctx, nullptr));
  EXPECT_FALSE(FileMatches("x_linux.go", "//go:build !linux\n\npackage x\n", ctx, nullptr));
  EXPECT_TRUE(FileMatches("x_linux.go", "//go:build unix && go1.18\n\npackage x\n", ctx, nullptr));
  ctx.go_version = "1.17";
  EXPECT_FALSE(FileMatches("x_linux.go", "//go:build unix && go1.18\n\npackage x\n", ctx, nullptr));
}

TEST(FileMatches, ImportC) {
  EXPECT_TRUE(ImportsC("package x\nimport \"C\"\n"));
  EXPECT_TRUE(ImportsC("// doc\npackage x // c\n\n/*\n#include <stdio.h>\n*/\nimport \"C\""));
  EXPECT_TRUE(ImportsC("package x; import (\n\t\"fmt\"\n\t_ \"os\"\n\t. \"io\"\n\t\"C\"\n)\n"));
  EXPECT_TRUE(ImportsC("package x\nimport \"fmt\"\nimport `C`\nfunc f() {}\n"));
  EXPECT_FALSE(ImportsC("package x\nimport \"fmt\"\nfunc f() { _ = \"C\" }\nimport \"C\"\n"));
  EXPECT_FALSE(ImportsC("package x\nimport \"Cx\"\n"));
  EXPECT_FALSE(ImportsC("package x\n// import \"C\"\n"));
  EXPECT_FALSE(ImportsC("package x\nconst s = `\nimport \"C\"\n`\n"));
  EXPECT_FALSE(ImportsC("import \"C\"\n"));
  EXPECT_FALSE(ImportsC("package x\nimport (\n\"a\" \"b\"\n"));  // unterminated
  EXPECT_FALSE(ImportsC("package x\nimport \"unterminated\n\"C\""));
  EXPECT_FALSE(ImportsC(""));

  BuildContext ctx;
  std::string cgo_file = "package x\n\n// #include <stdlib.h>\nimport \"C\"\n";
  EXPECT_TRUE(FileMatches("x.go", cgo_file, ctx, nullptr));
  ctx.cgo = false;
  EXPECT_FALSE(FileMatches("x.go", cgo_file, ctx, nullptr));
  EXPECT_TRUE(FileMatches("x.go", "package x\nimport \"fmt\"\n", ctx, nullptr));
}

// --- Against the go command ---------------------------------------------------

std::string Run(const std::string& cmd, int* status = nullptr) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    out.append(buf, n);
  int st = ::pclose(p);
  if (status != nullptr) *status = st;
  return out;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
    s.pop_back();
  return s;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) {
    if (!cur.empty()) out.push_back(cur);
  }
  return out;
}

constexpr const char* kGoEnv = "PATH=/usr/local/go/bin:$PATH GOTOOLCHAIN=local GOWORK=off GOFLAGS=";

std::string GoRoot() {
  int st = -1;
  std::string r = Trim(Run(std::string(kGoEnv) + " go env GOROOT 2>/dev/null", &st));
  if (st != 0) return "";
  struct stat s;
  if (r.empty() || ::stat((r + "/src").c_str(), &s) != 0) return "";
  return r;
}

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// The build context the go command uses with `env` (e.g. "GOOS=windows
// GOARCH=arm64 CGO_ENABLED=0"): its cgo setting, tool tags (experiments,
// GOAMD64 level) and release.
bool GoContext(const std::string& goroot, const std::string& env, BuildContext& ctx) {
  std::string out = Trim(Run("cd " + goroot + "/src && " + kGoEnv + " " + env +
                             " go list -f '{{context.GOOS}}|{{context.GOARCH}}|"
                             "{{context.CgoEnabled}}|{{join context.ToolTags \",\"}}|"
                             "{{join context.BuildTags \",\"}}|{{context.Compiler}}' runtime "
                             "2>/dev/null"));
  std::vector<std::string> f;
  std::string cur;
  for (char c : out + "|") {
    if (c == '|') {
      f.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (f.size() < 6) return false;
  ctx.goos = f[0];
  ctx.goarch = f[1];
  ctx.cgo = f[2] == "true";
  ctx.tags = Split(f[3], ',');
  for (const std::string& t : Split(f[4], ','))
    ctx.tags.push_back(t);
  ctx.compiler = f[5];
  std::string v = Trim(Run(std::string(kGoEnv) + " go env GOVERSION 2>/dev/null"));
  ctx.go_version = v.starts_with("go") ? v.substr(2) : v;
  return true;
}

// Compares, package by package, the .go files FileMatches accepts in each
// package directory with what `go list` says the package builds from.
// Returns the number of packages compared; differences go to `diffs`.
size_t CompareWithGoList(const std::string& goroot, const std::string& env,
                         const std::string& packages, const BuildContext& ctx,
                         std::vector<std::string>& diffs) {
  int st = -1;
  std::string out = Run("cd " + goroot + "/src && " + kGoEnv + " " + env +
                            " go list -e -f '{{.ImportPath}}|{{.Dir}}|{{join .GoFiles \" \"}} "
                            "{{join .CgoFiles \" \"}} {{join .TestGoFiles \" \"}} "
                            "{{join .XTestGoFiles \" \"}}' " +
                            packages + " 2>/dev/null",
                        &st);
  size_t compared = 0;
  for (const std::string& line : Split(out, '\n')) {
    size_t a = line.find('|'), b = line.find('|', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    std::string pkg = line.substr(0, a), dir = line.substr(a + 1, b - a - 1);
    std::set<std::string> want;
    for (const std::string& f : Split(line.substr(b + 1), ' '))
      want.insert(f);
    std::set<std::string> got;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) continue;
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (!name.ends_with(".go")) continue;
      std::string text;
      if (!ReadFile(dir + "/" + name, text)) continue;
      std::string error;
      if (FileMatches(name, text, ctx, &error)) got.insert(name);
    }
    ::closedir(d);
    ++compared;
    for (const std::string& f : want) {
      if (!got.count(f)) diffs.push_back(env + " " + pkg + ": go list has " + f);
    }
    for (const std::string& f : got) {
      if (!want.count(f)) diffs.push_back(env + " " + pkg + ": only FileMatches has " + f);
    }
  }
  return compared;
}

TEST(GoList, HandfulOfPackagesLinuxAmd64) {
  std::string goroot = GoRoot();
  if (goroot.empty()) GTEST_SKIP() << "no go command";
  BuildContext ctx;
  const std::string env = "GOOS=linux GOARCH=amd64";
  if (!GoContext(goroot, env, ctx)) GTEST_SKIP() << "go list does not run here";
  EXPECT_EQ(ctx.goos, "linux");
  std::vector<std::string> diffs;
  size_t n = CompareWithGoList(goroot, env, "os net runtime syscall internal/poll", ctx, diffs);
  EXPECT_EQ(n, 5u);
  for (const std::string& d : diffs)
    ADD_FAILURE() << d;
}

// Every package of std and cmd, for several targets: file-name suffixes,
// unix, android/ios/illumos aliases, and cgo on and off.
TEST(GoList, StdAndCmdOnSeveralTargets) {
  std::string goroot = GoRoot();
  if (goroot.empty()) GTEST_SKIP() << "no go command";
  const char* targets[] = {
      "GOOS=linux GOARCH=amd64",
      "GOOS=linux GOARCH=amd64 CGO_ENABLED=0",
      "GOOS=windows GOARCH=amd64 CGO_ENABLED=0",
      "GOOS=darwin GOARCH=arm64 CGO_ENABLED=0",
      "GOOS=ios GOARCH=arm64 CGO_ENABLED=0",
      "GOOS=android GOARCH=arm64 CGO_ENABLED=0",
      "GOOS=illumos GOARCH=amd64 CGO_ENABLED=0",
      "GOOS=js GOARCH=wasm CGO_ENABLED=0",
      "GOOS=wasip1 GOARCH=wasm CGO_ENABLED=0",
      "GOOS=plan9 GOARCH=386 CGO_ENABLED=0",
      "GOOS=freebsd GOARCH=riscv64 CGO_ENABLED=0",
      "GOOS=linux GOARCH=s390x CGO_ENABLED=0",
  };
  std::vector<std::string> diffs;
  for (const char* env : targets) {
    BuildContext ctx;
    if (!GoContext(goroot, env, ctx)) {
      if (env == targets[0]) GTEST_SKIP() << "go list does not run here";
      FAIL() << "go list failed for " << env;
    }
    size_t n = CompareWithGoList(goroot, env, "std cmd", ctx, diffs);
    EXPECT_GT(n, 300u) << env;
  }
  for (size_t i = 0; i < diffs.size() && i < 50; ++i)
    ADD_FAILURE() << diffs[i];
  EXPECT_EQ(diffs.size(), 0u);
}

// Every .go file under GOROOT/src: no crash, errors only in testdata
// (which holds deliberately broken files), and the speed.
TEST(GoList, EveryFileOfGoRoot) {
  std::string goroot = GoRoot();
  if (goroot.empty()) GTEST_SKIP() << "no go command";
  std::vector<std::pair<std::string, std::string>> files;
  size_t bytes = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(goroot + "/src", ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".go") continue;
    std::string text;
    if (!ReadFile(it->path().string(), text)) continue;
    bytes += text.size();
    files.emplace_back(it->path().string(), std::move(text));
  }
  ASSERT_GT(files.size(), 5000u);
  BuildContext ctx;
  size_t matched = 0, errors = 0;
  auto start = std::chrono::steady_clock::now();
  for (const auto& [path, text] : files) {
    std::string error;
    if (FileMatches(path, text, ctx, &error)) ++matched;
    if (!error.empty()) {
      ++errors;
      EXPECT_NE(path.find("/testdata/"), std::string::npos) << error;
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(matched, files.size() / 2);
  std::printf(
      "FileMatches: %zu files (%zu MB) in %.3f s: %.0f files/s; %zu match linux/amd64, "
      "%zu malformed\n",
      files.size(), bytes >> 20, secs, files.size() / secs, matched, errors);
}

}  // namespace
}  // namespace gopit::golang
