#include "golang/go_mod.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace gopit::golang {
namespace {

GoMod Parse(std::string_view text) {
  GoMod m;
  std::string error;
  EXPECT_TRUE(ParseGoMod(text, m, error)) << error << "\n" << text;
  EXPECT_EQ(error, "");
  return m;
}

std::string ParseError(std::string_view text) {
  GoMod m;
  std::string error;
  EXPECT_FALSE(ParseGoMod(text, m, error)) << text;
  return error;
}

TEST(GoMod, Minimal) {
  GoMod m = Parse("module example.com/m\n\ngo 1.22\n");
  EXPECT_EQ(m.module_path, "example.com/m");
  EXPECT_EQ(m.go_version, "1.22");
  EXPECT_EQ(m.toolchain, "");
}

TEST(GoMod, EmptyFileAndNoNewline) {
  GoMod m = Parse("");
  EXPECT_EQ(m.module_path, "");
  EXPECT_EQ(m.go_version, "");
  m = Parse("module x\ngo 1.21.3");
  EXPECT_EQ(m.module_path, "x");
  EXPECT_EQ(m.go_version, "1.21.3");
}

TEST(GoMod, CommentsEverywhere) {
  GoMod m = Parse(
      "// Deprecated: use example.com/v2\n"
      "module example.com/m // the module\n"
      "\n"
      "// language version\n"
      "go 1.23.0 // trailing\n"
      "toolchain go1.23.4// no space before the comment\n");
  EXPECT_EQ(m.module_path, "example.com/m");
  EXPECT_EQ(m.go_version, "1.23.0");
  EXPECT_EQ(m.toolchain, "go1.23.4");
}

TEST(GoMod, QuotedModulePath) {
  EXPECT_EQ(Parse("module \"example.com/quoted\"\n").module_path, "example.com/quoted");
  EXPECT_EQ(Parse("module \"example.com/\\x41\\u00e9\"\n").module_path, "example.com/A\xC3\xA9");
  EXPECT_NE(ParseError("module `example.com/raw`\n").find("unquoted string cannot contain quote"),
            std::string::npos);
  EXPECT_EQ(ParseError("module \"bad\\q\"\n"), "line 1: invalid quoted string: invalid syntax");
  EXPECT_EQ(ParseError("module ex'ample\n"),
            "line 1: invalid quoted string: unquoted string cannot contain quote");
}

TEST(GoMod, BlocksAreSkipped) {
  GoMod m = Parse(
      "module example.com/m\n"
      "\n"
      "require (\n"
      "\tgolang.org/x/sync v0.7.0 // indirect\n"
      "\tgo 1.99 // a module named go: not a directive\n"
      "\tmodule fake\n"
      ")\n"
      "\n"
      "replace (\n"
      "  example.com/a => ../a\n"
      "  example.com/b v1.0.0 => example.com/c v1.1.0\n"
      ")\n"
      "exclude example.com/d v1.0.0\n"
      "retract [v1.0.0, v1.0.5] // broken\n"
      "retract (\n"
      "\tv0.9.0\n"
      ")\n"
      "require ()\n"
      "godebug default=go1.21\n"
      "tool example.com/cmd/x\n"
      "ignore ./node_modules\n"
      "futuredirective whatever ( it is )\n"
      "go 1.22\n");
  EXPECT_EQ(m.module_path, "example.com/m");
  EXPECT_EQ(m.go_version, "1.22");
}

TEST(GoMod, ModuleBlock) {
  EXPECT_EQ(Parse("module (\n  example.com/blocked\n)\n").module_path, "example.com/blocked");
}

TEST(GoMod, CRLF) {
  GoMod m = Parse("module example.com/m\r\n\r\ngo 1.22\r\nrequire (\r\n\tx v1.0.0\r\n)\r\n");
  EXPECT_EQ(m.module_path, "example.com/m");
  EXPECT_EQ(m.go_version, "1.22");
}

TEST(GoMod, GoVersionsAccepted) {
  for (const char* v : {"1.21", "1.21.0", "1.21rc1", "1.22.10", "1.9", "2.0", "1.21beta2"}) {
    EXPECT_EQ(Parse(std::string("module m\ngo ") + v + "\n").go_version, v);
  }
}

TEST(GoMod, MalformedGoLine) {
  EXPECT_EQ(ParseError("module m\n\ngo 1.x\n"),
            "line 3: invalid go version '1.x': must match format 1.23.0");
  EXPECT_EQ(ParseError("module m\ngo\n"), "line 2: go directive expects exactly one argument");
  EXPECT_EQ(ParseError("module m\ngo 1.21 1.22\n"),
            "line 2: go directive expects exactly one argument");
  for (const char* v : {"v1.21", "1.021", "01.21", "1", "1.21.", "1.21-pre", "\"1.21\"", "0.1"}) {
    GoMod m;
    std::string error;
    EXPECT_FALSE(ParseGoMod(std::string("go ") + v + "\n", m, error)) << v;
    EXPECT_TRUE(error.starts_with("line 1: ")) << error;
  }
  EXPECT_EQ(ParseError("go 1.21\ngo 1.22\n"), "line 2: repeated go statement");
  EXPECT_EQ(ParseError("go (\n 1.21\n)\n"), "line 1: unknown block type: go");
}

TEST(GoMod, MalformedModuleLine) {
  EXPECT_EQ(ParseError("module\n"), "line 1: usage: module module/path");
  EXPECT_EQ(ParseError("// c\nmodule a b\n"), "line 2: usage: module module/path");
  EXPECT_EQ(ParseError("module a\nmodule b\n"), "line 2: repeated module statement");
}

TEST(GoMod, Toolchain) {
  EXPECT_EQ(Parse("toolchain default\n").toolchain, "default");
  EXPECT_EQ(Parse("toolchain go1.22.3-bigcorp\n").toolchain, "go1.22.3-bigcorp");
  EXPECT_EQ(ParseError("toolchain 1.22\n"),
            "line 1: invalid toolchain version '1.22': must match format go1.23.0 or default");
  EXPECT_EQ(ParseError("toolchain go1.22\ntoolchain go1.23\n"),
            "line 2: repeated toolchain statement");
}

TEST(GoMod, SyntaxErrors) {
  EXPECT_EQ(ParseError("module m\n/* no */\n"),
            "line 2: mod files must use // comments (not /* */ comments)");
  EXPECT_EQ(ParseError("module \"m\n"), "line 1: unexpected newline in string");
  EXPECT_EQ(ParseError("module \"m"), "line 1: unexpected EOF in string");
  EXPECT_EQ(ParseError("module m\nrequire (\n  x v1\n"),
            "line 4: syntax error (unterminated block started at line 2)");
  EXPECT_EQ(ParseError("require (\n x v1\n) extra\n"),
            "line 3: syntax error (expected newline after closing paren)");
  EXPECT_EQ(ParseError("module m\x01\n"), "line 1: unexpected input character 0x01");
}

TEST(GoMod, ErrorsLeaveNoHalfResult) {
  GoMod m;
  m.module_path = "stale";
  m.path = "/keep/go.mod";
  std::string error;
  EXPECT_TRUE(ParseGoMod("go 1.22\n", m, error));
  EXPECT_EQ(m.module_path, "");
  EXPECT_EQ(m.path, "/keep/go.mod");
}

TEST(GoMod, CompareGoVersions) {
  // Each is strictly before the next.
  const char* ordered[] = {"",        "1",       "1.1",      "1.2rc1", "1.2",    "1.9.1",
                           "1.10",    "1.20rc1", "1.20",     "1.20.1", "1.21",   "1.21beta1",
                           "1.21rc1", "1.21rc2", "1.21rc10", "1.21.0", "1.21.1", "1.21.10",
                           "1.22",    "1.100",   "2"};
  for (size_t i = 0; i < std::size(ordered); ++i) {
    for (size_t j = 0; j < std::size(ordered); ++j) {
      int want = i < j ? -1 : i > j ? 1 : 0;
      int got = CompareGoVersions(ordered[i], ordered[j]);
      EXPECT_EQ(got < 0 ? -1 : got > 0 ? 1 : 0, want) << ordered[i] << " vs " << ordered[j];
    }
  }
  // Before 1.21 a missing patch means .0; from 1.21 it is the language version.
  EXPECT_EQ(CompareGoVersions("1.20", "1.20.0"), 0);
  EXPECT_LT(CompareGoVersions("1.21", "1.21.0"), 0);
  EXPECT_EQ(CompareGoVersions("1", "1.0.0"), 0);
  EXPECT_EQ(CompareGoVersions("go1.22.3", "1.22.3"), 0);
  EXPECT_EQ(CompareGoVersions("go1.22.3-bigcorp", "1.22.3"), 0);
  EXPECT_LT(CompareGoVersions("bogus", "1.0"), 0);
  EXPECT_EQ(CompareGoVersions("bogus", "1.21.01"), 0);  // both invalid
  EXPECT_TRUE(IsValidGoVersion("1.21rc1"));
  EXPECT_TRUE(IsValidGoVersion("go1.26"));
  EXPECT_FALSE(IsValidGoVersion("1.21.3rc1"));  // no pre-releases of patch releases
  EXPECT_FALSE(IsValidGoVersion("1.021"));
  EXPECT_FALSE(IsValidGoVersion("1.21."));
  EXPECT_FALSE(IsValidGoVersion("1.21RC1"));
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/gopit-gomod-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  void Write(const std::string& rel, const std::string& text) const {
    std::filesystem::path p = std::filesystem::path(path_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }

 private:
  std::string path_;
};

TEST(FindGoMod, WalksUpToTheNearest) {
  TempDir t;
  t.Write("go.mod", "module outer\ngo 1.21\n");
  t.Write("a/b/c/x.go", "package c\n");
  t.Write("a/inner/go.mod", "module inner\ngo 1.23\n");
  t.Write("a/inner/d/y.go", "package d\n");
  std::filesystem::create_directories(t.path() + "/a/go.mod-is-not/go.mod");

  auto m = FindGoMod(t.path() + "/a/b/c");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->module_path, "outer");
  EXPECT_EQ(m->path, t.path() + "/go.mod");

  m = FindGoMod(t.path() + "/a/inner/d/");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->module_path, "inner");
  EXPECT_EQ(m->go_version, "1.23");
  EXPECT_EQ(m->path, t.path() + "/a/inner/go.mod");

  // A directory named go.mod is passed over.
  m = FindGoMod(t.path() + "/a/go.mod-is-not");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->module_path, "outer");

  // A directory that does not exist yet still finds the module around it.
  m = FindGoMod(t.path() + "/a/b/nope/../c");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->module_path, "outer");
}

TEST(FindGoMod, RelativeDirectory) {
  TempDir t;
  t.Write("go.mod", "module rel\n");
  t.Write("sub/x.go", "package sub\n");
  char cwd[4096];
  ASSERT_NE(::getcwd(cwd, sizeof cwd), nullptr);
  ASSERT_EQ(::chdir((t.path() + "/sub").c_str()), 0);
  auto m = FindGoMod(".");
  auto m2 = FindGoMod("");
  ASSERT_EQ(::chdir(cwd), 0);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->module_path, "rel");
  ASSERT_TRUE(m2.has_value());
  EXPECT_EQ(m2->module_path, "rel");
}

TEST(FindGoMod, NoneAndBroken) {
  TempDir t;
  t.Write("x/y.go", "package x\n");
  std::string error;
  // /tmp has no go.mod above it (unless someone put one at /tmp or /).
  struct stat st;
  if (::stat("/tmp/go.mod", &st) != 0 && ::stat("/go.mod", &st) != 0) {
    EXPECT_FALSE(FindGoMod(t.path() + "/x", &error).has_value());
    EXPECT_EQ(error, "");
  }
  t.Write("go.mod", "module ok\n");
  t.Write("x/go.mod", "module broken\ngo one\n");
  EXPECT_FALSE(FindGoMod(t.path() + "/x", &error).has_value());
  EXPECT_EQ(error, t.path() +
                       "/x/go.mod: line 2: invalid go version 'one': must match format "
                       "1.23.0");
  // Starting at the root ends there.
  if (::stat("/go.mod", &st) != 0) EXPECT_FALSE(FindGoMod("/").has_value());
}

// The go.mod files the tree really has.
TEST(GoModReal, TestsGoModule) {
  std::string dir = std::string(GOPIT_TEST_DATA) + "/../go";
  auto m = FindGoMod(dir + "/leakyserver");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->module_path, "gopit.test/go");
  EXPECT_EQ(m->go_version, "1.22");
  EXPECT_TRUE(m->path.ends_with("tests/go/go.mod")) << m->path;
}

std::string GoRoot() {
  if (const char* r = std::getenv("GOROOT"); r != nullptr && *r != '\0') return r;
  std::string out;
  FILE* p = ::popen("PATH=$PATH:/usr/local/go/bin go env GOROOT 2>/dev/null", "r");
  if (p == nullptr) return "";
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p) != nullptr)
    out += buf;
  ::pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  return out;
}

TEST(GoModReal, GoRootStd) {
  std::string root = GoRoot();
  std::ifstream in(root + "/src/go.mod");
  if (root.empty() || !in) GTEST_SKIP() << "no readable $(go env GOROOT)/src/go.mod";
  auto m = FindGoMod(root + "/src/net/http");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->module_path, "std");
  EXPECT_TRUE(IsValidGoVersion(m->go_version)) << m->go_version;
  EXPECT_GE(CompareGoVersions(m->go_version, "1.21"), 0);
  // cmd is a module of its own, with requirements and a vendor directory.
  auto cmd = FindGoMod(root + "/src/cmd/go");
  ASSERT_TRUE(cmd.has_value());
  EXPECT_EQ(cmd->module_path, "cmd");
  EXPECT_EQ(cmd->go_version, m->go_version);
}

}  // namespace
}  // namespace gopit::golang
