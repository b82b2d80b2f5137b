// User rules (scan/user_rules.h): the loader's errors, each with the line
// and column it names; the embedded built-in pairs; and both kinds of rule
// on real Go source, through RunScan as `gopit scan --rules` runs them.
#include "scan/user_rules.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "scan/engine.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

namespace fs = std::filesystem;

// ---- The loader ---------------------------------------------------------

std::string LoadError(const std::string& yaml) {
  UserRuleSet set;
  std::string error;
  EXPECT_FALSE(LoadUserRulesText(yaml, "r.yaml", set, &error)) << yaml;
  EXPECT_TRUE(set.rules.empty());
  return error;
}

TEST(UserRulesLoader, ReadsBothKinds) {
  UserRuleSet set;
  std::string error;
  ASSERT_TRUE(LoadUserRulesText(R"(rules:
  - id: ACME001
    kind: forbidden-call
    message: use acme/httpx
    severity: error
    tests: false
    calls: [net/http.Get, "(*net/http.Client).Do", (sync.Locker).Lock]
  - id: ACME002
    kind: paired-call
    slug: conn-not-released
    message: release it
    acquire: (*example.com/db.Pool).Get
    result: 1
    release: {method: Conn.Close}
    handoff: false
    borrowed-by: [io.*]
)",
                                "r.yaml", set, &error))
      << error;
  ASSERT_EQ(set.rules.size(), 2u);
  const UserRuleSpec& f = set.rules[0];
  EXPECT_EQ(f.info.id, "ACME001");
  EXPECT_EQ(f.info.slug, "acme001");
  EXPECT_EQ(f.info.severity, Severity::kError);
  EXPECT_EQ(f.info.summary, "use acme/httpx");
  EXPECT_NE(f.info.doc.find("## What it finds"), std::string::npos);
  EXPECT_FALSE(f.tests);
  EXPECT_EQ(f.line, 2);
  ASSERT_EQ(f.calls.size(), 3u);
  EXPECT_EQ(f.calls[0].package, "net/http");
  EXPECT_EQ(f.calls[0].name, "Get");
  EXPECT_EQ(f.calls[1].type, "net/http.Client");
  EXPECT_TRUE(f.calls[1].pointer);
  EXPECT_EQ(f.calls[1].name, "Do");
  EXPECT_EQ(f.calls[2].type, "sync.Locker");
  EXPECT_FALSE(f.calls[2].pointer);
  const UserRuleSpec& p = set.rules[1];
  EXPECT_EQ(p.kind, UserRuleKind::kPairedCall);
  EXPECT_EQ(p.info.slug, "conn-not-released");
  EXPECT_EQ(p.info.severity, Severity::kWarning);
  EXPECT_EQ(p.value, PairedValue::kResult);
  EXPECT_EQ(p.result, 1u);
  EXPECT_FALSE(p.handoff);
  ASSERT_EQ(p.pairs.size(), 1u);
  EXPECT_EQ(p.pairs[0].acquire[0].type, "example.com/db.Pool");
  EXPECT_EQ(p.pairs[0].release.kind, ReleaseSpec::Kind::kMethod);
  EXPECT_EQ(p.pairs[0].release.field, "Conn");
  EXPECT_EQ(p.pairs[0].release.method, "Close");
  ASSERT_EQ(p.borrowed_by.size(), 1u);
  EXPECT_TRUE(p.borrowed_by[0].any_name);
}

TEST(UserRulesLoader, AnEmptyFileDefinesNothing) {
  for (const char* text : {"", "# nothing yet\n", "rules:\n", "rules: []\n"}) {
    UserRuleSet set;
    std::string error;
    EXPECT_TRUE(LoadUserRulesText(text, "r.yaml", set, &error)) << text << error;
    EXPECT_TRUE(set.rules.empty());
  }
}

// Every kind of mistake, with the position it is reported at.
TEST(UserRulesLoader, EveryErrorNamesItsLineAndColumn) {
  const std::string head = "rules:\n  - id: ACME001\n    kind: forbidden-call\n    message: m\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"rules: [\n", "r.yaml:2:1: YAML syntax: "},
      {"- a\n", "r.yaml:1:1: expected a mapping with a rules list"},
      {"rule:\n  - id: X1\n", "r.yaml:1:1: unknown key \"rule\"; did you mean \"rules\"?"},
      {"rules: {id: X1}\n", "r.yaml:1:8: rules: expected a list, found a mapping"},
      {"rules:\n  - nope\n", "r.yaml:2:5: a rule must be a mapping"},
      {head + "    calls: [os.Exit]\n    mesage: x\n",
       "r.yaml:6:5: unknown key \"mesage\" in rule; did you mean \"message\"?"},
      {head + "    calls: [os.Exit]\n    message: again\n",
       "r.yaml:6:5: duplicate key \"message\" in rule (first at 4:5)"},
      {"rules:\n  - kind: forbidden-call\n    message: m\n    calls: [os.Exit]\n",
       "r.yaml:2:5: rule: id is required"},
      {"rules:\n  - id: ACME001\n    message: m\n    calls: [os.Exit]\n",
       "r.yaml:2:5: rule ACME001: kind is required"},
      {"rules:\n  - id: ACME001\n    kind: forbidden-call\n    calls: [os.Exit]\n",
       "r.yaml:2:5: rule ACME001: message is required"},
      {head, "r.yaml:2:5: rule ACME001: calls is required"},
      {"rules:\n  - id: acme1\n", "r.yaml:2:9: id: \"acme1\" is not a rule id"},
      {"rules:\n  - id: ACME\n", "r.yaml:2:9: id: \"ACME\" is not a rule id"},
      {"rules:\n  - id: LOCK001\n", "r.yaml:2:9: id: LOCK001 is a built-in rule"},
      {"rules:\n  - id: K8S001\n", "r.yaml:2:9: id: K8S001 is a built-in rule"},
      {head + "    calls: [os.Exit]\n" + head.substr(7) + "    calls: [os.Exit]\n",
       "r.yaml:6:9: duplicate rule id ACME001 (first at 2:9)"},
      {head + "    calls: [os.Exit]\n    slug: lock-not-released\n",
       "r.yaml:6:11: slug: lock-not-released is a built-in rule's"},
      {head + "    calls: [os.Exit]\n    severity: fatal\n",
       "r.yaml:6:15: severity: \"fatal\" is not error, warning or info"},
      {head + "    calls: [os.Exit]\n    tests: maybe\n",
       "r.yaml:6:12: tests: expected true or false"},
      {"rules:\n  - id: ACME001\n    kind: forbidden\n",
       "r.yaml:3:11: kind: \"forbidden\" is not a rule kind (forbidden-call or paired-call)"},
      {head + "    calls: [Exit]\n",
       "r.yaml:5:13: calls: \"Exit\" is not a callee (no import path)"},
      {head + "    calls: [\"(*Client).Do\"]\n",
       "r.yaml:5:13: calls: \"(*Client).Do\" is not a callee (the receiver type must be qualified"},
      {head + "    calls: [\"os.Exit()\"]\n", "r.yaml:5:13: calls: \"os.Exit()\" is not a callee"},
      {head + "    calls: [io.*]\n", "r.yaml:5:13: calls: \"io.*\" is not a callee"},
      {head + "    calls: []\n",
       "r.yaml:5:12: calls: expected a list of functions or methods, "
       "found an empty list"},
      {head + "    calls: {a: b}\n", "r.yaml:5:12: calls: expected a list"},
      {head + "    calls: [os.Exit]\n    release: {method: Close}\n",
       "r.yaml:6:5: release: not a key of a forbidden-call rule"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n",
       "r.yaml:2:5: rule ACME001: release is required"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    release: {invoke: "
       "true}\n",
       "r.yaml:2:5: rule ACME001: acquire is required"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n"
       "    release: {methd: Close}\n",
       "r.yaml:6:15: unknown key \"methd\" in release; did you mean \"method\"?"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n"
       "    release: {method: Close, invoke: true}\n",
       "r.yaml:6:30: release: give one of method, call or invoke, not several"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n"
       "    release: {method: \"Close()\"}\n",
       "r.yaml:6:23: method: \"Close()\" is not a method name"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n"
       "    release: Close\n",
       "r.yaml:6:14: release: expected a mapping with one of method, call or invoke"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n"
       "    release: {method: Close}\n    value: result0\n",
       "r.yaml:7:12: value: \"result0\" is not result, receiver or none"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n"
       "    release: {method: Close}\n    result: -1\n",
       "r.yaml:7:13: result: \"-1\" is not a result index"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n"
       "    release: {method: Close}\n    value: none\n",
       "r.yaml:6:5: release: with value: none the release is a call"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n"
       "    release: {method: Close}\n    value: receiver\n",
       "r.yaml:5:5: acquire: \"os.Open\" is a function; value: receiver needs methods"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n"
       "    release: {method: Close}\n    calls: [os.Exit]\n",
       "r.yaml:7:5: calls: not a key of a paired-call rule"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n"
       "    release: {method: Close}\n    pairs: []\n",
       "r.yaml:5:5: give acquire and release, or pairs, not both"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    pairs:\n"
       "      - acquire: [os.Open]\n        relase: {method: Close}\n",
       "r.yaml:7:9: unknown key \"relase\" in pair; did you mean \"release\"?"},
      {"rules:\n  - id: ACME001\n    kind: paired-call\n    message: m\n    acquire: [os.Open]\n"
       "    release: {call: C.free}\n    borrowed-by: [C]\n",
       "r.yaml:7:19: borrowed-by: \"C\" is not a callee"},
  };
  for (const auto& [yaml, want] : cases) {
    std::string got = LoadError(yaml);
    EXPECT_EQ(got.substr(0, want.size()), want) << yaml;
  }
}

TEST(UserRulesLoader, AMissingFileIsAnError) {
  UserRuleSet set;
  std::string error;
  EXPECT_FALSE(LoadUserRules("/nonexistent/rules.yaml", set, &error));
  EXPECT_EQ(error, "/nonexistent/rules.yaml:1:1: cannot open the file: No such file or directory");
}

// ---- The built-in pairs ------------------------------------------------

TEST(BuiltinPairs, LoadAndDefineTheSixPairedRules) {
  const UserRuleSet& set = BuiltinPairs();
  std::set<std::string> ids;
  for (const UserRuleSpec& r : set.rules) {
    ids.insert(r.info.id);
    const Rule* rule = FindRule(r.info.id);
    ASSERT_NE(rule, nullptr) << r.info.id;
    EXPECT_EQ(r.info.severity, rule->Info().severity) << r.info.id;
    EXPECT_EQ(r.kind, UserRuleKind::kPairedCall);
    EXPECT_FALSE(r.pairs.empty());
  }
  EXPECT_EQ(ids,
            (std::set<std::string>{"CGO001", "LEAK005", "LEAK007", "LEAK008", "LOCK001", "RT002"}));
  EXPECT_EQ(BuiltinPair("LEAK008").result, 1u);
  EXPECT_EQ(BuiltinPair("LEAK008").pairs[0].release.kind, ReleaseSpec::Kind::kInvoke);
  EXPECT_EQ(BuiltinPair("LEAK007").pairs[0].release.field, "Body");
  EXPECT_EQ(BuiltinPair("RT002").value, PairedValue::kNone);
  EXPECT_EQ(BuiltinPair("LOCK001").pairs.size(), 2u);
}

// The same text is a valid user file but for the ids, which are taken.
TEST(BuiltinPairs, AreInTheUserForm) {
  UserRuleSet set;
  std::string error;
  EXPECT_FALSE(LoadUserRulesText(BuiltinPairsYaml(), "pairs.yaml", set, &error));
  EXPECT_NE(error.find("is a built-in rule"), std::string::npos) << error;
  std::string renamed(BuiltinPairsYaml());
  for (const char* id : {"LEAK005", "LEAK007", "LEAK008", "LOCK001", "RT002", "CGO001"}) {
    size_t at = renamed.find(std::string("id: ") + id);
    ASSERT_NE(at, std::string::npos);
    renamed.replace(at + 4, 0, "MY");
  }
  EXPECT_TRUE(LoadUserRulesText(renamed, "pairs.yaml", set, &error)) << error;
  EXPECT_EQ(set.rules.size(), 6u);
}

// ---- On Go source --------------------------------------------------------

class UserRulesScan : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("gopit-user-rules-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "p");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(dir_ / rel, std::ios::binary) << text;
  }

  // "line:rule" of every finding of a scan of p/ with the rules file.
  std::vector<std::string> Scan(const std::string& rules, std::string* error = nullptr) {
    Write("rules.yaml", rules);
    ScanOptions o;
    o.paths = {(dir_ / "p").string()};
    o.rule_files = {(dir_ / "rules.yaml").string()};
    o.threads = 1;
    std::string err;
    ScanReport r = RunScan(o, err);
    if (error) *error = err;
    std::vector<std::string> got;
    for (const Finding& f : r.findings) {
      if (f.rule.starts_with("ACME")) got.push_back(std::to_string(f.line) + ":" + f.rule);
    }
    return got;
  }

  fs::path dir_;
};

TEST_F(UserRulesScan, ForbiddenCallsOfFunctionsAndMethods) {
  Write("p/a.go", R"(package p

import (
	h "net/http"
	"os"
	"sync"
)

type Locked struct {
	sync.Mutex
}

func f(c *h.Client, l *Locked, m *sync.Mutex, req *h.Request) {
	h.Get("x")
	c.Do(req)
	c.Get("y")
	l.Lock()
	m.Lock()
	os.Exit(1)
}

func g(os fakeOS, x unknown) {
	os.Exit(1)
	x.Do(nil)
	func() { h.Get("z") }()
}

type fakeOS struct{}

func (fakeOS) Exit(int) {}
)");
  Write("p/a_test.go", "package p\n\nimport \"net/http\"\n\nfunc h() { http.Get(\"t\") }\n");
  std::string rules = R"(rules:
  - id: ACME001
    kind: forbidden-call
    message: no
    calls: [net/http.Get, "(*net/http.Client).Do", "(sync.Mutex).Lock"]
  - id: ACME002
    kind: forbidden-call
    message: no exit
    tests: false
    calls: [os.Exit]
)";
  // The alias is followed; a method on a known type (and one promoted from
  // an embedded field) matches, the other method of the type does not; a
  // local named like the package, and an unknown type, do not; a function
  // literal is checked; ACME001 runs on tests, ACME002 does not.
  EXPECT_EQ(Scan(rules),
            (std::vector<std::string>{"14:ACME001", "15:ACME001", "17:ACME001", "18:ACME001",
                                      "19:ACME002", "25:ACME001", "5:ACME001"}));
}

TEST_F(UserRulesScan, PairedCallOnAResult) {
  Write("p/a.go", R"(package p

import (
	"errors"
	"os"
)

func leaks(bad bool) error {
	f, err := os.Open("x")
	if err != nil {
		return err
	}
	if bad {
		return errors.New("bad")
	}
	f.Close()
	return nil
}

func deferred() error {
	f, err := os.Open("x")
	if err != nil {
		return err
	}
	defer f.Close()
	return nil
}

func returned() (*os.File, error) {
	f, err := os.Open("x")
	return f, err
}

func stored(m map[string]*os.File) {
	f, _ := os.Open("x")
	m["x"] = f
}

func discarded() {
	_, _ = os.Open("x")
	os.Open("y")
}

func overwritten() {
	f, _ := os.Open("x")
	f, _ = os.Open("y")
	f.Close()
}

func inClosure() {
	f, _ := os.Open("x")
	defer func() { f.Close() }()
}
)");
  std::string rules = R"(rules:
  - id: ACME001
    kind: paired-call
    message: close the file
    acquire: [os.Open]
    release: {method: Close}
)";
  EXPECT_EQ(Scan(rules),
            (std::vector<std::string>{"9:ACME001", "40:ACME001", "41:ACME001", "45:ACME001"}));
  // Without hand-off, returning or storing it does not count.
  std::string strict = rules + "    handoff: false\n";
  EXPECT_EQ(Scan(strict), (std::vector<std::string>{"9:ACME001", "30:ACME001", "35:ACME001",
                                                    "40:ACME001", "41:ACME001", "45:ACME001"}));
}

TEST_F(UserRulesScan, PairedCallOnAReceiverAndAPureCallPair) {
  Write("p/a.go", R"(package p

import (
	"runtime"
	"sync"
)

type S struct{ mu sync.RWMutex }

func (s *S) bad(x bool) int {
	s.mu.RLock()
	if x {
		return 1
	}
	s.mu.RUnlock()
	return 0
}

func (s *S) good(x bool) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if x {
		return 1
	}
	return 0
}

func pinned(x bool) {
	runtime.LockOSThread()
	if x {
		return
	}
	runtime.UnlockOSThread()
}

func pinnedDeferred() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
}
)");
  std::string rules = R"(rules:
  - id: ACME001
    kind: paired-call
    message: unlock
    value: receiver
    pairs:
      - acquire: ["(*sync.RWMutex).Lock"]
        release: {method: Unlock}
      - acquire: ["(*sync.RWMutex).RLock"]
        release: {method: RUnlock}
  - id: ACME002
    kind: paired-call
    message: unlock the thread
    value: none
    acquire: runtime.LockOSThread
    release: {call: runtime.UnlockOSThread}
)";
  EXPECT_EQ(Scan(rules), (std::vector<std::string>{"11:ACME001", "29:ACME002"}));
}

TEST_F(UserRulesScan, PairedCallPassingToAFunctionAndInvoking) {
  Write("p/a.go", R"(package p

import (
	"context"
	"io"
	"unsafe"

	"example.com/res"
)

func freed(w io.Writer) error {
	b := res.Alloc(64)
	defer res.Free(unsafe.Pointer(b))
	_, err := io.Copy(w, b)
	return err
}

func cancelled(ctx context.Context) {
	ctx, stop := context.WithCancel(ctx)
	_ = ctx
	if ctx == nil {
		return
	}
	stop()
}
)");
  std::string rules = R"(rules:
  - id: ACME001
    kind: paired-call
    message: free it
    acquire: [example.com/res.Alloc]
    release: {call: example.com/res.Free}
  - id: ACME002
    kind: paired-call
    message: cancel it
    acquire: [context.WithCancel]
    result: 1
    release: {invoke: true}
)";
  // The conversion around b is seen through; the cancel function is not
  // called on the early return.
  EXPECT_EQ(Scan(rules), (std::vector<std::string>{"19:ACME002"}));
  Write("p/b.go", R"(package p

import (
	"io"

	"example.com/res"
)

func leaked(w io.Writer) error {
	b := res.Alloc(64)
	if _, err := io.Copy(w, b); err != nil {
		return err
	}
	res.Free(b)
	return nil
}
)");
  // io.Copy takes b: handed on, unless io only borrows it.
  EXPECT_EQ(Scan(rules), (std::vector<std::string>{"19:ACME002"}));
  EXPECT_EQ(Scan(rules.substr(0, rules.find("  - id: ACME002")) + "    borrowed-by: [\"io.*\"]\n" +
                 rules.substr(rules.find("  - id: ACME002"))),
            (std::vector<std::string>{"19:ACME002", "10:ACME001"}));
}

TEST_F(UserRulesScan, EnableDisableAndSuppressionsTakeUserIds) {
  Write("p/a.go",
        "package p\n\nimport \"os\"\n\nfunc f() {\n\tos.Exit(1)\n\tos.Exit(2) "
        "//gopit:ignore ACME001 the test says so\n}\n");
  Write("rules.yaml",
        "rules:\n  - id: ACME001\n    kind: forbidden-call\n    slug: no-exit\n    message: m\n"
        "    calls: [os.Exit]\n");
  ScanOptions o;
  o.paths = {(dir_ / "p").string()};
  o.rule_files = {(dir_ / "rules.yaml").string()};
  std::string error;
  o.enable = {"no-exit"};
  ScanReport r = RunScan(o, error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].line, 6);
  EXPECT_EQ(r.findings[0].slug, "no-exit");
  EXPECT_EQ(r.suppressed, 1u);
  bool listed = false;
  for (const RuleInfo& i : r.rules)
    listed = listed || i.id == "ACME001";
  EXPECT_TRUE(listed);
  o.enable = {};
  o.disable = {"acme001"};
  r = RunScan(o, error);
  EXPECT_EQ(error, "");
  EXPECT_TRUE(r.findings.empty());
  o.disable = {"ACME002"};
  r = RunScan(o, error);
  EXPECT_EQ(error, "unknown rule \"ACME002\" (gopit rules lists them)");
}

TEST_F(UserRulesScan, ABadFileStopsTheScan) {
  Write("p/a.go", "package p\n");
  std::string error;
  Scan("rules:\n  - id: ACME001\n    kind: forbidden-call\n    mesage: m\n", &error);
  EXPECT_EQ(error, (dir_ / "rules.yaml").string() +
                       ":4:5: unknown key \"mesage\" in rule; did you mean \"message\"?");
}

// ---- A module's .gopit.yaml ------------------------------------------------

using Found = std::set<std::tuple<std::string, int, std::string>>;

Found ScanModule(bool module_config, size_t* user_rules_listed = nullptr) {
  const std::string root = std::string(GOPIT_GO_DIR) + "/userrules";
  ScanOptions o;
  o.paths = {root + "/..."};
  o.module_config = module_config;
  o.threads = 2;
  std::string error;
  ScanReport r = RunScan(o, error);
  EXPECT_EQ(error, "");
  Found got;
  for (const Finding& f : r.findings) {
    if (f.rule.starts_with("ACME")) {
      got.emplace(fs::relative(f.file, root).string(), f.line, f.rule);
    }
  }
  if (user_rules_listed) {
    *user_rules_listed = 0;
    for (const RuleInfo& i : r.rules)
      *user_rules_listed += i.id.starts_with("ACME");
  }
  return got;
}

TEST(UserRulesModule, GopitYamlAppliesToItsModule) {
  const std::string root = std::string(GOPIT_GO_DIR) + "/userrules";
  Found want;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() != ".go") continue;
    std::ifstream in(e.path());
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      size_t at = line.find("// want ");
      if (at != std::string::npos) {
        want.emplace(fs::relative(e.path(), root).string(), n, line.substr(at + 8, 7));
      }
    }
  }
  ASSERT_GE(want.size(), 10u);
  size_t listed = 0;
  EXPECT_EQ(ScanModule(true, &listed), want);
  EXPECT_EQ(listed, 7u);
  EXPECT_TRUE(ScanModule(false, &listed).empty());
  EXPECT_EQ(listed, 0u);
}

}  // namespace
}  // namespace gopit::scan
