// Finding the Go files a scan reads, from the patterns a user gives, with
// the go command's pattern semantics:
//   "./..." or "dir/..."  every directory below (and including) dir;
//   "dir/x..."            "..." is a wildcard for any string, as in go list;
//   "dir"                 that directory's .go files only;
//   "file.go"             that file.
// Every pattern is a filesystem path (relative ones against the current
// directory); "..." alone means "./...".
//
// Below the directory a pattern names, walks skip what the go command
// skips: directories named "vendor" or "testdata" (unless the options ask
// for them) and files and directories whose name starts with '.' or '_'.
// Symbolic links to directories are not followed (so there are no cycles);
// links to files are. Inside a git work tree (a ".git" in the directory or
// above it) .gitignore files and .git/info/exclude are honoured as git
// honours them; a nested repository brings its own. A directory or file
// the user names is always read, even if ignored or hidden.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gopit::scan {

struct WalkOptions {
  bool include_vendor = false;
  bool include_testdata = false;
  bool respect_gitignore = true;
  bool include_tests = true;  // *_test.go files
};

struct WalkResult {
  // Sorted and without duplicates, named as the user named them: relative
  // paths stay relative ("./x/y.go" -> "x/y.go"), absolute stay absolute.
  std::vector<std::string> files;
  // The YAML files (*.yaml, *.yml) found by the same walk, for the
  // Kubernetes manifest rules; sorted and named the same way. A pattern
  // that names a YAML file adds it here.
  std::vector<std::string> manifests;
  // "path: why" for unreadable paths and for patterns that matched no Go
  // file ("dir/...: matched no Go files").
  std::vector<std::string> errors;
  // Files and directories left out because a .gitignore rule matched them.
  uint64_t skipped_ignored = 0;
};

// Never throws; problems with single paths go to `errors` and the walk
// goes on.
WalkResult FindGoFiles(const std::vector<std::string>& patterns, const WalkOptions& options);

}  // namespace gopit::scan
