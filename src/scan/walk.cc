#include "scan/walk.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "scan/gitignore.h"

namespace gopit::scan {
namespace {

// path.Clean for '/'-separated paths: no "." elements, no "x/..", no
// doubled or trailing slashes; "" becomes ".".
std::string CleanPath(std::string_view p) {
  bool rooted = !p.empty() && p[0] == '/';
  std::vector<std::string_view> elems;
  while (!p.empty()) {
    size_t slash = p.find('/');
    std::string_view e = p.substr(0, slash);
    p.remove_prefix(slash == std::string_view::npos ? p.size() : slash + 1);
    if (e.empty() || e == ".") continue;
    if (e == "..") {
      if (!elems.empty() && elems.back() != "..") {
        elems.pop_back();
      } else if (!rooted) {
        elems.push_back(e);
      }
      continue;
    }
    elems.push_back(e);
  }
  std::string out = rooted ? "/" : "";
  for (size_t i = 0; i < elems.size(); ++i) {
    if (i > 0) out += '/';
    out += elems[i];
  }
  if (out.empty()) out = ".";
  return out;
}

// dir + "/" + name, where "" is the current directory.
std::string Join(std::string_view dir, std::string_view name) {
  std::string out;
  out.reserve(dir.size() + 1 + name.size());
  out += dir;
  if (!dir.empty() && dir.back() != '/') out += '/';
  out += name;
  return out;
}

bool IsYamlName(std::string_view name) {
  return (name.size() > 5 && name.ends_with(".yaml")) ||
         (name.size() > 4 && name.ends_with(".yml"));
}

std::string ErrnoText(int err) {
  return std::strerror(err);
}

bool ReadSmallFile(const std::string& path, std::string& out) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  out.clear();
  char buf[8192];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    out.append(buf, n);
  bool ok = !std::ferror(f);
  std::fclose(f);
  return ok;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && std::strchr(" \t\r\n", s.front()) != nullptr)
    s.remove_prefix(1);
  while (!s.empty() && std::strchr(" \t\r\n", s.back()) != nullptr)
    s.remove_suffix(1);
  return s;
}

struct Entry {
  std::string name;
  unsigned char type;  // DT_*
};

bool ReadDir(const std::string& path, std::vector<Entry>& out, int& err) {
  DIR* d = ::opendir(path.c_str());
  if (d == nullptr) {
    err = errno;
    return false;
  }
  for (;;) {
    errno = 0;
    dirent* e = ::readdir(d);
    if (e == nullptr) break;
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    out.push_back({e->d_name, e->d_type});
  }
  err = errno;
  ::closedir(d);
  return err == 0;
}

// A go-command pattern below its literal directory: "..." stands for any
// string, and a trailing "/..." may also match nothing ("x/..." matches "x").
class DotsMatcher {
 public:
  explicit DotsMatcher(std::string pattern) : pat_(std::move(pattern)) {
    lit_ = pat_.substr(0, pat_.find("..."));
  }

  bool Matches(std::string_view rel) const {
    std::string_view p = pat_;
    if (p.ends_with("/...") && rel == p.substr(0, p.size() - 4)) return true;
    // Star-only glob: the first piece is a prefix, the last a suffix, the
    // middle ones are found leftmost in order.
    size_t first = p.find("...");
    if (first == std::string_view::npos) return rel == p;
    if (!rel.starts_with(p.substr(0, first))) return false;
    size_t last = p.rfind("...");
    std::string_view suffix = p.substr(last + 3);
    size_t pos = first;  // in rel
    size_t i = first + 3;
    while (i < last) {
      size_t next = p.find("...", i);
      std::string_view piece = p.substr(i, next - i);
      size_t at = rel.find(piece, pos);
      if (at == std::string_view::npos) return false;
      pos = at + piece.size();
      i = next + 3;
    }
    return rel.size() >= pos + suffix.size() && rel.ends_with(suffix);
  }

  // Whether a directory at `rel` can hold matches (the literal part of the
  // pattern and rel agree as far as both go).
  bool CanDescend(std::string_view rel) const {
    size_t k = std::min(rel.size(), lit_.size());
    return rel.substr(0, k) == std::string_view(lit_).substr(0, k);
  }

 private:
  std::string pat_;
  std::string lit_;
};

class Walker {
 public:
  Walker(const WalkOptions& o, WalkResult& r) : opt_(o), res_(r) {}

  void Pattern(const std::string& pattern);

 private:
  // The .gitignore rules in force for the directory being read.
  struct Git {
    bool active = false;  // inside a work tree
    std::string rel;      // the directory, relative to the work tree root
    IgnoreStack stack;
  };

  void NamedPath(const std::string& pattern);
  void DotsPattern(const std::string& pattern, size_t dots);
  void StartGit(const std::string& dir);
  void PushInfoExclude(const std::string& worktree);
  void PushGitignore(const std::string& file, const std::string& base);
  bool WalkDir(const std::string& disp, std::string& mrel, const DotsMatcher* m);
  void AddFile(std::string path) {
    res_.files.push_back(std::move(path));
    ++found_;
  }
  void AddManifest(std::string path) {
    res_.manifests.push_back(std::move(path));
    ++found_;
  }

  const WalkOptions& opt_;
  WalkResult& res_;
  Git git_;
  uint64_t found_ = 0;  // files found for the current pattern
};

void Walker::Pattern(const std::string& pattern) {
  found_ = 0;
  std::string p = pattern == "..." ? "./..." : pattern;
  size_t dots = p.find("...");
  if (dots == std::string::npos) {
    NamedPath(p);
  } else {
    DotsPattern(p, dots);
  }
}

void Walker::NamedPath(const std::string& pattern) {
  std::string path = CleanPath(pattern);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    res_.errors.push_back(path + ": " + ErrnoText(errno));
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    StartGit(path);
    std::string mrel;
    bool read = WalkDir(path == "." ? "" : path, mrel, nullptr);
    if (found_ == 0 && read) res_.errors.push_back(path + ": no Go files");
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    res_.errors.push_back(path + ": not a regular file");
    return;
  }
  // A file the user names is read whatever its name or .gitignore say,
  // but it must be Go (or a YAML manifest).
  if (IsYamlName(path)) {
    AddManifest(path);
    return;
  }
  if (!path.ends_with(".go")) {
    res_.errors.push_back(path + ": not a Go file (named files must end in .go)");
    return;
  }
  AddFile(path);
}

void Walker::DotsPattern(const std::string& pattern, size_t dots) {
  // The directory to walk is the literal part up to the last '/' before
  // the first "..."; the rest is matched against directories below it.
  size_t slash = pattern.rfind('/', dots);
  std::string root, rest;
  if (slash == std::string::npos) {
    root = ".";
    rest = pattern;
  } else {
    root =
        CleanPath(slash == 0 ? std::string_view("/") : std::string_view(pattern).substr(0, slash));
    rest = pattern.substr(slash + 1);
  }
  struct stat st;
  if (::stat(root.c_str(), &st) != 0) {
    res_.errors.push_back(root + ": " + ErrnoText(errno));
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    res_.errors.push_back(root + ": not a directory");
    return;
  }
  DotsMatcher m(rest);
  StartGit(root);
  std::string mrel;
  bool read = WalkDir(root == "." ? "" : root, mrel, &m);
  if (found_ == 0 && read) res_.errors.push_back(pattern + ": matched no Go files");
}

// Sets git_ for a walk that starts at `dir`: the work tree around it (a
// ".git" strictly above it; one in `dir` itself is found by WalkDir), its
// info/exclude, and the .gitignore files of the directories in between.
void Walker::StartGit(const std::string& dir) {
  git_ = Git();
  if (!opt_.respect_gitignore) return;
  std::string abs = dir;
  if (abs.empty() || abs[0] != '/') {
    char cwd[4096];
    if (::getcwd(cwd, sizeof cwd) == nullptr) return;
    abs = CleanPath(Join(cwd, dir));
  }
  // Ancestors from the parent of abs up to "/".
  std::vector<std::string> up;
  for (std::string d = abs; d != "/";) {
    size_t s = d.rfind('/');
    d = s == 0 ? "/" : d.substr(0, s);
    up.push_back(d);
  }
  size_t top = up.size();
  for (size_t i = 0; i < up.size(); ++i) {
    struct stat st;
    if (::lstat(Join(up[i], ".git").c_str(), &st) == 0) {
      top = i;
      break;
    }
  }
  if (top == up.size()) return;
  const std::string& worktree = up[top];
  git_.active = true;
  PushInfoExclude(worktree);
  size_t skip = worktree == "/" ? 1 : worktree.size() + 1;
  for (size_t i = top + 1; i-- > 0;) {
    std::string base = i == top ? "" : up[i].substr(skip);
    PushGitignore(Join(up[i], ".gitignore"), base);
  }
  git_.rel = abs.substr(skip);
}

// .git/info/exclude of the work tree at `worktree`. A ".git" file (a linked
// worktree or a submodule) points at the git directory; a linked worktree
// shares info/ with its main repository ("commondir").
void Walker::PushInfoExclude(const std::string& worktree) {
  std::string dotgit = Join(worktree, ".git");
  struct stat st;
  if (::stat(dotgit.c_str(), &st) != 0) return;
  std::string gitdir = dotgit;
  std::string text;
  if (!S_ISDIR(st.st_mode)) {
    if (!ReadSmallFile(dotgit, text)) return;
    std::string_view t = TrimAscii(text);
    if (!t.starts_with("gitdir:")) return;
    std::string_view target = TrimAscii(t.substr(7));
    gitdir = target.starts_with('/') ? std::string(target) : Join(worktree, target);
  }
  std::string common = gitdir;
  if (ReadSmallFile(Join(gitdir, "commondir"), text)) {
    std::string_view c = TrimAscii(text);
    if (!c.empty()) common = c.starts_with('/') ? std::string(c) : Join(gitdir, c);
  }
  PushGitignore(Join(common, "info/exclude"), "");
}

void Walker::PushGitignore(const std::string& file, const std::string& base) {
  std::string text;
  if (!ReadSmallFile(file, text)) return;
  IgnoreList list(text, base);
  if (!list.empty()) git_.stack.Push(std::move(list));
}

// Reads one directory: its Go files if `m` is null or matches it, and, for
// a "..." pattern, the directories below it. `mrel` is the directory
// relative to the pattern's root (for `m`). False if the directory could
// not be read (the error is recorded).
bool Walker::WalkDir(const std::string& disp, std::string& mrel, const DotsMatcher* m) {
  const std::string fs_path = disp.empty() ? "." : disp;
  std::vector<Entry> entries;
  int err = 0;
  if (!ReadDir(fs_path, entries, err)) {
    res_.errors.push_back(fs_path + ": " + ErrnoText(err));
    if (entries.empty()) return false;
  }

  // A ".git" here starts a work tree of its own (a nested repository is
  // not governed by the outer one's rules).
  Git outer;
  bool own_tree = false;
  size_t stack_size = git_.stack.size();
  if (opt_.respect_gitignore) {
    bool has_git = false, has_ignore = false;
    for (const Entry& e : entries) {
      has_git |= e.name == ".git";
      has_ignore |= e.name == ".gitignore";
    }
    if (has_git) {
      outer = std::move(git_);
      git_ = Git();
      git_.active = true;
      own_tree = true;
      PushInfoExclude(fs_path);
    }
    if (git_.active && has_ignore) PushGitignore(Join(disp, ".gitignore"), git_.rel);
  }
  const bool ignoring = git_.active && git_.stack.size() > 0;
  const bool want_files = m == nullptr || m->Matches(mrel);

  for (const Entry& e : entries) {
    const std::string& name = e.name;
    unsigned char type = e.type;
    const bool go_name = name.size() > 3 && name.ends_with(".go");
    const bool yaml_name = !go_name && IsYamlName(name);
    const bool hidden = name[0] == '.' || name[0] == '_';
    if (hidden) continue;  // the go command ignores both files and directories like these
    if (type == DT_UNKNOWN && (go_name || yaml_name || m != nullptr)) {
      struct stat st;
      if (::lstat(Join(disp, name).c_str(), &st) != 0) continue;
      type = S_ISDIR(st.st_mode)   ? DT_DIR
             : S_ISREG(st.st_mode) ? DT_REG
             : S_ISLNK(st.st_mode) ? DT_LNK
                                   : DT_UNKNOWN;
    }
    if (type == DT_DIR) {
      if (m == nullptr) continue;
      if (name == "vendor" && !opt_.include_vendor) continue;
      if (name == "testdata" && !opt_.include_testdata) continue;
      size_t mlen = mrel.size();
      if (!mrel.empty()) mrel += '/';
      mrel += name;
      if (m->CanDescend(mrel)) {
        size_t glen = git_.rel.size();
        if (git_.active) git_.rel = Join(git_.rel, name);
        if (ignoring && git_.stack.IsIgnored(git_.rel, true)) {
          ++res_.skipped_ignored;
        } else {
          WalkDir(Join(disp, name), mrel, m);
        }
        git_.rel.resize(glen);
      }
      mrel.resize(mlen);
      continue;
    }
    if (!(go_name || yaml_name) || !want_files) continue;
    if (go_name && !opt_.include_tests && name.ends_with("_test.go")) continue;
    std::string path = Join(disp, name);
    if (type == DT_LNK) {
      // Links to files are read, links to directories are not followed.
      struct stat st;
      if (::stat(path.c_str(), &st) != 0) {
        res_.errors.push_back(path + ": " + ErrnoText(errno));
        continue;
      }
      if (!S_ISREG(st.st_mode)) continue;
    } else if (type != DT_REG) {
      continue;
    }
    if (ignoring && git_.stack.IsIgnored(Join(git_.rel, name), false)) {
      ++res_.skipped_ignored;
      continue;
    }
    if (yaml_name) {
      AddManifest(std::move(path));
    } else {
      AddFile(std::move(path));
    }
  }

  if (own_tree) {
    git_ = std::move(outer);
  } else {
    while (git_.stack.size() > stack_size)
      git_.stack.Pop();
  }
  return true;
}

}  // namespace

WalkResult FindGoFiles(const std::vector<std::string>& patterns, const WalkOptions& options) {
  WalkResult res;
  Walker w(options, res);
  for (const std::string& p : patterns)
    w.Pattern(p);
  std::sort(res.files.begin(), res.files.end());
  res.files.erase(std::unique(res.files.begin(), res.files.end()), res.files.end());
  std::sort(res.manifests.begin(), res.manifests.end());
  res.manifests.erase(std::unique(res.manifests.begin(), res.manifests.end()), res.manifests.end());
  return res;
}

}  // namespace gopit::scan
