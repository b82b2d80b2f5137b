// .gitignore rules, as git applies them (gitignore(5), git's dir.c and
// wildmatch.c), for the file walker.
//
// Paths are relative to the root of the work tree, '/'-separated, without a
// leading "./" or a trailing '/'. Each IgnoreList is one file of patterns
// (a .gitignore, or .git/info/exclude) and knows the directory it applies
// to; an IgnoreStack holds the lists that apply to one directory and
// answers with git's precedence: the deepest .gitignore that has a
// matching pattern decides, and within a file the last matching pattern.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gopit::scan {

// git's wildmatch(): '*', '?', '[...]' (with '!' or '^', ranges and
// [:class:]), '\' escapes; with `pathname`, wildcards do not match '/' and
// "**" between slashes matches any number of directories.
bool WildMatch(std::string_view pattern, std::string_view text, bool pathname);

class IgnoreList {
 public:
  enum class Match : uint8_t { kNone, kIgnored, kIncluded };

  IgnoreList() = default;
  // `base`: the directory of the file relative to the work tree ("" at the
  // root). Blank lines and '#' comments are skipped, trailing spaces
  // trimmed unless escaped, "\r\n" accepted.
  IgnoreList(std::string_view text, std::string base);

  // The last pattern that matches `path` (relative to the work tree):
  // kIgnored, kIncluded for a "!" pattern, or kNone.
  Match Check(std::string_view path, bool is_dir) const;

  bool empty() const { return patterns_.empty(); }

 private:
  struct Pattern {
    std::string text;       // without '!', a trailing '/' or a leading '/'
    bool negated = false;   // "!pattern"
    bool dir_only = false;  // "pattern/"
    bool basename = false;  // no '/' in it: matches the last path element at any depth
    bool literal = false;   // no wildcard: compare bytes
  };
  std::vector<Pattern> patterns_;
  std::string base_;
};

class IgnoreStack {
 public:
  // Lists are pushed from the lowest precedence (info/exclude) to the
  // highest (the .gitignore of the deepest directory).
  void Push(IgnoreList list) { lists_.push_back(std::move(list)); }
  void Pop() { lists_.pop_back(); }
  size_t size() const { return lists_.size(); }

  bool IsIgnored(std::string_view path, bool is_dir) const;

 private:
  std::vector<IgnoreList> lists_;
};

}  // namespace gopit::scan
