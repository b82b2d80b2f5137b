#include "scan/walk.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace gopit::scan {
namespace {

namespace fs = std::filesystem;
using Files = std::vector<std::string>;

// A temporary directory tree, removed at the end (unlocking what a test
// locked first).
class Tree {
 public:
  Tree() {
    char tmpl[] = "/tmp/gopit-walk-XXXXXX";
    root_ = ::mkdtemp(tmpl);
    ::chmod(root_.c_str(), 0755);  // traversable by the unprivileged child of Unreadable
  }
  ~Tree() {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0755);
    }
    ::chmod(root_.c_str(), 0755);
    for (const std::string& d : locked_)
      ::chmod(d.c_str(), 0755);
    fs::remove_all(root_, ec);
  }
  const std::string& root() const { return root_; }
  std::string Path(const std::string& rel) const { return root_ + "/" + rel; }

  void File(const std::string& rel, const std::string& text = "package x\n") const {
    fs::create_directories(fs::path(Path(rel)).parent_path());
    std::ofstream(Path(rel)) << text;
  }
  void Dir(const std::string& rel) const { fs::create_directories(Path(rel)); }
  void Link(const std::string& rel, const std::string& target) const {
    fs::create_directories(fs::path(Path(rel)).parent_path());
    ASSERT_EQ(::symlink(target.c_str(), Path(rel).c_str()), 0) << rel;
  }
  void Lock(const std::string& rel) {
    locked_.push_back(Path(rel));
    ::chmod(Path(rel).c_str(), 0);
  }

 private:
  std::string root_;
  std::vector<std::string> locked_;
};

// Runs the body with the current directory set to `dir`.
class InDir {
 public:
  explicit InDir(const std::string& dir) {
    char buf[4096];
    if (::getcwd(buf, sizeof buf) != nullptr) old_ = buf;
    if (::chdir(dir.c_str()) != 0) ADD_FAILURE() << "chdir " << dir;
  }
  ~InDir() {
    if (::chdir(old_.c_str()) != 0) ADD_FAILURE() << "chdir back";
  }

 private:
  std::string old_;
};

WalkResult Walk(const std::vector<std::string>& patterns, WalkOptions o = {}) {
  return FindGoFiles(patterns, o);
}

Files Found(const std::vector<std::string>& patterns, WalkOptions o = {}) {
  WalkResult r = FindGoFiles(patterns, o);
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  return r.files;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v)
    s += x + "\n";
  return s;
}

// The tree most tests walk.
void Basic(const Tree& t) {
  t.File("a.go");
  t.File("notes.txt", "");
  t.File("sub/c.go");
  t.File("sub/c_test.go");
  t.File("sub/deep/d.go");
  t.File("sub/deep/d.go.orig", "");
  t.File("vendor/example.com/v/v.go");
  t.File("testdata/t.go");
  t.File("sub/testdata/t2.go");
  t.File(".hidden/h.go");
  t.File("_under/u.go");
  t.File("sub/_x.go");
  t.File("sub/.y.go");
  t.Dir("empty/dir");
  t.File("dir.go/inside.go");  // a directory whose name ends in .go
}

TEST(Walk, RecursiveSkipsWhatTheGoCommandSkips) {
  Tree t;
  Basic(t);
  InDir in(t.root());
  EXPECT_EQ(Join(Found({"./..."})),
            Join({"a.go", "dir.go/inside.go", "sub/c.go", "sub/c_test.go", "sub/deep/d.go"}));
  WalkOptions o;
  o.include_vendor = true;
  EXPECT_EQ(Join(Found({"./..."}, o)),
            Join({"a.go", "dir.go/inside.go", "sub/c.go", "sub/c_test.go", "sub/deep/d.go",
                  "vendor/example.com/v/v.go"}));
  o = {};
  o.include_testdata = true;
  o.include_tests = false;
  EXPECT_EQ(Join(Found({"./..."}, o)),
            Join({"a.go", "dir.go/inside.go", "sub/c.go", "sub/deep/d.go", "sub/testdata/t2.go",
                  "testdata/t.go"}));
}

TEST(Walk, PatternForms) {
  Tree t;
  Basic(t);
  InDir in(t.root());
  EXPECT_EQ(Join(Found({"sub/..."})), Join({"sub/c.go", "sub/c_test.go", "sub/deep/d.go"}));
  EXPECT_EQ(Join(Found({"./sub/..."})), Join({"sub/c.go", "sub/c_test.go", "sub/deep/d.go"}));
  EXPECT_EQ(Join(Found({".//sub/./deep/.."})), Join({"sub/c.go", "sub/c_test.go"}));
  EXPECT_EQ(Join(Found({"sub"})), Join({"sub/c.go", "sub/c_test.go"}));  // that directory only
  EXPECT_EQ(Join(Found({"."})), Join({"a.go"}));
  EXPECT_EQ(Join(Found({"..."})), Join(Found({"./..."})));
  EXPECT_EQ(Join(Found({"./sub/c.go"})), Join({"sub/c.go"}));
  EXPECT_EQ(Join(Found({"sub/deep/../c.go"})), Join({"sub/c.go"}));
  // Absolute patterns give absolute paths.
  EXPECT_EQ(Join(Found({t.Path("sub/...")})),
            Join({t.Path("sub/c.go"), t.Path("sub/c_test.go"), t.Path("sub/deep/d.go")}));
  EXPECT_EQ(Join(Found({t.Path("sub/deep/d.go")})), Join({t.Path("sub/deep/d.go")}));
  // Relative paths that climb stay as written (cleaned).
  {
    InDir sub(t.Path("sub/deep"));
    EXPECT_EQ(Join(Found({"../..."})), Join({"../c.go", "../c_test.go", "../deep/d.go"}));
    EXPECT_EQ(Join(Found({"../../a.go"})), Join({"../../a.go"}));
  }
  // "..." inside a pattern is a wildcard, as in go list.
  EXPECT_EQ(Join(Found({"./s..."})), Join({"sub/c.go", "sub/c_test.go", "sub/deep/d.go"}));
  EXPECT_EQ(Join(Found({"./.../deep"})), Join({"sub/deep/d.go"}));
  EXPECT_EQ(Join(Found({"su..."})), Join({"sub/c.go", "sub/c_test.go", "sub/deep/d.go"}));
  // What the user names is read even if a walk would skip it.
  EXPECT_EQ(Join(Found({"vendor/..."})), Join({"vendor/example.com/v/v.go"}));
  EXPECT_EQ(Join(Found({"./.hidden"})), Join({".hidden/h.go"}));
  EXPECT_EQ(Join(Found({"_under/u.go", "sub/_x.go"})), Join({"_under/u.go", "sub/_x.go"}));
  WalkOptions no_tests;
  no_tests.include_tests = false;
  EXPECT_EQ(Join(Found({"sub/c_test.go"}, no_tests)), Join({"sub/c_test.go"}));
}

TEST(Walk, SortedWithoutDuplicates) {
  Tree t;
  Basic(t);
  InDir in(t.root());
  EXPECT_EQ(Join(Found({"sub/deep", "./...", "sub", "./a.go", "a.go"})),
            Join({"a.go", "dir.go/inside.go", "sub/c.go", "sub/c_test.go", "sub/deep/d.go"}));
}

TEST(Walk, MissingPathsAndEmptyMatches) {
  Tree t;
  Basic(t);
  InDir in(t.root());
  WalkResult r =
      Walk({"nope/...", "nope.go", "./...", "empty/...", "empty", "notes.txt", "./nothing..."});
  EXPECT_EQ(Join(r.files),
            Join({"a.go", "dir.go/inside.go", "sub/c.go", "sub/c_test.go", "sub/deep/d.go"}));
  EXPECT_EQ(Join(r.errors),
            Join({"nope: No such file or directory", "nope.go: No such file or directory",
                  "empty/...: matched no Go files", "empty: no Go files",
                  "notes.txt: not a Go file (named files must end in .go)",
                  "./nothing...: matched no Go files"}));
  r = Walk({t.Path("a.go/x/...")});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], t.Path("a.go/x") + ": Not a directory");
  r = Walk({});
  EXPECT_TRUE(r.files.empty());
  EXPECT_TRUE(r.errors.empty());
}

TEST(Walk, Symlinks) {
  Tree t;
  Basic(t);
  t.Link("linkdir", "sub");             // a link to a directory: not followed
  t.Link("sub/deep/loop", "../..");     // a cycle
  t.Link("sub/self", ".");              // another
  t.Link("alias.go", "a.go");           // a link to a file: read
  t.Link("dangling.go", "nowhere.go");  // a broken one: an error
  t.Link("dirlink.go", "sub");          // a link named .go to a directory: neither
  InDir in(t.root());
  WalkResult r = Walk({"./..."});
  EXPECT_EQ(Join(r.files), Join({"a.go", "alias.go", "dir.go/inside.go", "sub/c.go",
                                 "sub/c_test.go", "sub/deep/d.go"}));
  EXPECT_EQ(Join(r.errors), Join({"dangling.go: No such file or directory"}));
  // A link the user names is followed.
  EXPECT_EQ(Join(Found({"linkdir/..."})),
            Join({"linkdir/c.go", "linkdir/c_test.go", "linkdir/deep/d.go"}));
}

// Runs FindGoFiles as an unprivileged user in a child process, since root
// reads every directory whatever its mode. Returns false if that is not
// possible here.
bool WalkAsNobody(const std::string& dir, const std::string& pattern, WalkResult& out) {
  int fds[2];
  if (::pipe(fds) != 0) return false;
  pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    ::close(fds[0]);
    if (::setgid(65534) != 0 || ::setuid(65534) != 0 || ::chdir(dir.c_str()) != 0) ::_exit(3);
    WalkResult r = FindGoFiles({pattern}, WalkOptions{});
    std::string s;
    for (const std::string& f : r.files)
      s += "F " + f + "\n";
    for (const std::string& e : r.errors)
      s += "E " + e + "\n";
    if (::write(fds[1], s.data(), s.size()) != static_cast<ssize_t>(s.size())) ::_exit(4);
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0)
    text.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return false;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("F ")) out.files.push_back(line.substr(2));
    if (line.starts_with("E ")) out.errors.push_back(line.substr(2));
  }
  return true;
}

TEST(Walk, UnreadableDirectory) {
  Tree t;
  Basic(t);
  t.File("sub/locked/secret.go");
  t.Lock("sub/locked");
  WalkResult r;
  if (::geteuid() == 0) {
    if (!WalkAsNobody(t.root(), "./...", r)) GTEST_SKIP() << "cannot drop root privileges here";
  } else {
    InDir in(t.root());
    r = Walk({"./..."});
  }
  EXPECT_EQ(Join(r.files),
            Join({"a.go", "dir.go/inside.go", "sub/c.go", "sub/c_test.go", "sub/deep/d.go"}));
  EXPECT_EQ(Join(r.errors), Join({"sub/locked: Permission denied"}));

  // The root of the walk itself unreadable: one error, no "matched nothing".
  WalkResult r2;
  bool ran = true;
  if (::geteuid() == 0) {
    ran = WalkAsNobody(t.Path("sub"), "./locked/...", r2);
  } else {
    InDir in(t.Path("sub"));
    r2 = Walk({"./locked/..."});
  }
  if (ran) {
    EXPECT_TRUE(r2.files.empty());
    EXPECT_EQ(Join(r2.errors), Join({"locked: Permission denied"}));
  }
}

// --- .gitignore ----------------------------------------------------------------

bool HaveGit() {
  return std::system("git --version >/dev/null 2>&1") == 0;
}

// git, isolated from the user's and the system's configuration (a global
// excludes file would change what git ignores).
std::string Git(const std::string& dir, const std::string& args, int* status = nullptr) {
  std::string cmd = "cd '" + dir +
                    "' && env GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
                    "XDG_CONFIG_HOME=/nonexistent HOME=/nonexistent git " +
                    args + " 2>&1";
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    out.append(buf, n);
  int st = ::pclose(p);
  if (status != nullptr) *status = st;
  return out;
}

// The untracked .go files git does not ignore under `pathspec`, sorted.
Files GitVisibleGoFiles(const std::string& dir, const std::string& pathspec) {
  int st = -1;
  std::string out = Git(dir, "ls-files --others --exclude-standard -z -- " + pathspec, &st);
  EXPECT_EQ(st, 0) << out;
  Files files;
  std::string cur;
  for (char c : out) {
    if (c != '\0') {
      cur += c;
      continue;
    }
    if (cur.ends_with(".go")) files.push_back(cur);
    cur.clear();
  }
  std::sort(files.begin(), files.end());
  return files;
}

void IgnoreTree(const Tree& t) {
  t.File(".gitignore",
         "# generated code\n"
         "*.gen.go\n"
         "!keep.gen.go\n"
         "build/\n"
         "!build/keep.go\n"  // cannot re-include below an ignored directory
         "/rooted.go\n"
         "docs/*.go\n"
         "\\#hash.go\n"
         "x?.go\n"
         "[ab]z.go\n"
         "**/deep/*.go\n"
         "top/**\n"
         "mid/**/end.go\n"
         "out\n"
         "trailing.go   \n"
         "onlydir.go/\n");
  for (const char* f :
       {"a.go",           "a.gen.go",        "keep.gen.go",     "sub/b.gen.go", "sub/keep.gen.go",
        "build/x.go",     "build/keep.go",   "sub/build/y.go",  "rooted.go",    "sub/rooted.go",
        "docs/d.go",      "sub/docs/d.go",   "docs/inner/e.go", "#hash.go",     "x1.go",
        "x12.go",         "az.go",           "cz.go",           "deep/f.go",    "p/q/deep/g.go",
        "deep/more/h.go", "top/t.go",        "top/u/v.go",      "mid/end.go",   "mid/a/b/end.go",
        "mid/a/other.go", "out/o.go",        "sub/out.go",      "trailing.go",  "onlydir.go",
        "n/n1.go",        "n/n2.go",         "n/sub/n3.go",     "n/m/n4.go",    "n/m/n5.go",
        "excluded.go",    "sub/excluded.go", "sub/b.go",        "sub/x/b.go",   "sub/y/b.go"}) {
    t.File(f);
  }
  t.File("n/.gitignore", "*.go\n!n1.go\n");
  t.File("n/m/.gitignore", "!n4.go\n");
  t.File("sub/.gitignore", "/b.go\n# y/ is only ignored from here\ny/\n");
}

TEST(WalkGitignore, SameFilesAsGit) {
  if (!HaveGit()) GTEST_SKIP() << "no git";
  Tree t;
  IgnoreTree(t);
  int st = -1;
  std::string out = Git(t.root(), "init -q", &st);
  ASSERT_EQ(st, 0) << out;
  std::ofstream(t.Path(".git/info/exclude"), std::ios::app) << "excluded.go\n";

  Files git = GitVisibleGoFiles(t.root(), ".");
  InDir in(t.root());
  WalkResult r = Walk({"./..."});
  EXPECT_TRUE(r.errors.empty()) << Join(r.errors);
  EXPECT_EQ(Join(r.files), Join(git));
  // Not vacuous: the rules did something, and what they kept is there.
  EXPECT_EQ(Join(r.files),
            Join({"a.go", "cz.go", "deep/more/h.go", "docs/inner/e.go", "keep.gen.go",
                  "mid/a/other.go", "n/m/n4.go", "n/n1.go", "onlydir.go", "sub/docs/d.go",
                  "sub/keep.gen.go", "sub/out.go", "sub/rooted.go", "sub/x/b.go", "x12.go"}));
  EXPECT_GT(r.skipped_ignored, 15u);

  // Starting below the work tree root: the rules of the directories above
  // apply too.
  Files git_sub = GitVisibleGoFiles(t.root(), "sub");
  Files ours;
  for (const std::string& f : Found({t.Path("sub/...")})) {
    ours.push_back(f.substr(t.root().size() + 1));
  }
  EXPECT_EQ(Join(ours), Join(git_sub));
  EXPECT_EQ(Join(Found({"n/m"})), Join({"n/m/n4.go"}));  // one directory

  // Turned off, every file is found.
  WalkOptions o;
  o.respect_gitignore = false;
  r = Walk({"./..."}, o);
  EXPECT_EQ(r.files.size(), 40u);
  EXPECT_EQ(r.skipped_ignored, 0u);
}

TEST(WalkGitignore, OnlyInsideAWorkTree) {
  Tree t;
  IgnoreTree(t);
  InDir in(t.root());
  // No .git here or above (/tmp is not a work tree): .gitignore means nothing.
  struct stat st;
  if (::stat("/tmp/.git", &st) == 0 || ::stat("/.git", &st) == 0) GTEST_SKIP();
  WalkResult r = Walk({"./..."});
  EXPECT_EQ(r.files.size(), 40u);
  EXPECT_EQ(r.skipped_ignored, 0u);
}

TEST(WalkGitignore, NestedRepositoryHasItsOwnRules) {
  if (!HaveGit()) GTEST_SKIP() << "no git";
  Tree t;
  t.File(".gitignore", "outer_rule.go\n");
  t.File("outer_rule.go");
  t.File("kept.go");
  t.File("inner/outer_rule.go");
  t.File("inner/.gitignore", "inner_rule.go\n");
  t.File("inner/inner_rule.go");
  t.File("inner/sub/inner_rule.go");
  t.File("inner/info_rule.go");
  int st = -1;
  Git(t.root(), "init -q", &st);
  ASSERT_EQ(st, 0);
  Git(t.Path("inner"), "init -q", &st);
  ASSERT_EQ(st, 0);
  std::ofstream(t.Path("inner/.git/info/exclude"), std::ios::app) << "info_rule.go\n";
  InDir in(t.root());
  EXPECT_EQ(Join(Found({"./..."})), Join({"inner/outer_rule.go", "kept.go"}));
  EXPECT_EQ(Join(Found({"inner/..."})), Join({"inner/outer_rule.go"}));
  EXPECT_EQ(Join(GitVisibleGoFiles(t.Path("inner"), ".")), Join({"outer_rule.go"}));
}

TEST(WalkGitignore, LinkedWorktreeReadsTheMainInfoExclude) {
  if (!HaveGit()) GTEST_SKIP() << "no git";
  Tree t;
  t.File("repo/tracked.go");
  int st = -1;
  Git(t.Path("repo"), "init -q", &st);
  ASSERT_EQ(st, 0);
  std::string out = Git(t.Path("repo"),
                        "add tracked.go && env GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
                        "git -c user.name=t -c user.email=t@t commit -qm init && "
                        "env GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git worktree add "
                        "-q ../wt",
                        &st);
  if (st != 0) GTEST_SKIP() << "git worktree unavailable: " << out;
  std::ofstream(t.Path("repo/.git/info/exclude"), std::ios::app) << "local_only.go\n";
  t.File("wt/local_only.go");
  t.File("wt/new.go");
  EXPECT_EQ(Join(Found({t.Path("wt/...")})), Join({t.Path("wt/new.go"), t.Path("wt/tracked.go")}));
  EXPECT_EQ(Join(GitVisibleGoFiles(t.Path("wt"), ".")), Join({"new.go"}));
}

// --- A big real tree -----------------------------------------------------------

std::string GoRoot() {
  FILE* p = ::popen("PATH=/usr/local/go/bin:$PATH go env GOROOT 2>/dev/null", "r");
  if (p == nullptr) return "";
  std::string out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p) != nullptr)
    out += buf;
  ::pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  struct stat st;
  if (out.empty() || ::stat(out.c_str(), &st) != 0) return "";
  return out;
}

// The same rules written the obvious way with std::filesystem.
Files ReferenceWalk(const std::string& root, bool testdata) {
  Files out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    bool hidden = name[0] == '.' || name[0] == '_';
    if (it->is_symlink(ec) && it->is_directory(ec)) continue;
    if (it->is_directory(ec)) {
      if (hidden || name == "vendor" || (name == "testdata" && !testdata)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!hidden && name.size() > 3 && name.ends_with(".go") && it->is_regular_file(ec)) {
      out.push_back(it->path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Walk, YamlFilesForTheManifestRules) {
  Tree t;
  t.File("main.go");
  t.File("deploy/app.yaml", "kind: Deployment\n");
  t.File("deploy/cron.yml", "kind: CronJob\n");
  t.File("deploy/notes.yaml.bak", "");
  t.File("deploy/testdata/t.yaml", "");
  t.File("deploy/.hidden.yaml", "");
  t.File("vendor/example.com/v/chart.yaml", "");
  t.File("ignored/x.yaml", "");
  t.File(".gitignore", "ignored/\n");
  t.Dir(".git");
  t.File("only-yaml/k.yaml", "");
  InDir in(t.root());
  WalkResult r = Walk({"./..."});
  EXPECT_TRUE(r.errors.empty()) << Join(r.errors);
  EXPECT_EQ(Join(r.files), Join({"main.go"}));
  EXPECT_EQ(Join(r.manifests), Join({"deploy/app.yaml", "deploy/cron.yml", "only-yaml/k.yaml"}));
  // A directory of manifests alone is not "no Go files"; a named YAML file
  // is read.
  r = Walk({"only-yaml", "deploy/.hidden.yaml"});
  EXPECT_TRUE(r.errors.empty()) << Join(r.errors);
  EXPECT_EQ(Join(r.manifests), Join({"deploy/.hidden.yaml", "only-yaml/k.yaml"}));
}

TEST(WalkGoRoot, MatchesAReferenceAndIsFast) {
  std::string goroot = GoRoot();
  if (goroot.empty()) GTEST_SKIP() << "no go command";
  for (bool testdata : {false, true}) {
    WalkOptions o;
    o.include_testdata = testdata;
    auto start = std::chrono::steady_clock::now();
    WalkResult r = FindGoFiles({goroot + "/..."}, o);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(r.errors.empty()) << Join(r.errors);
    Files want = ReferenceWalk(goroot, testdata);
    EXPECT_GT(want.size(), 5000u);
    EXPECT_EQ(r.files.size(), want.size());
    EXPECT_TRUE(r.files == want);
    std::printf("FindGoFiles %s/... (testdata %s): %zu files in %.3f s: %.0f files/s\n",
                goroot.c_str(), testdata ? "on" : "off", r.files.size(), secs,
                r.files.size() / secs);
  }
}

}  // namespace
}  // namespace gopit::scan
