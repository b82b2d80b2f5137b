// `gopit scan` without its command line: finds the Go files, parses them a
// directory at a time on several threads, indexes each package, runs the
// rules on every function, applies suppressions and the baseline, and
// returns the report. Memory stays bounded by the directories in flight, not
// by the size of the tree.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/finding.h"
#include "scan/walk.h"

namespace gopit::scan {

class Rule;

struct ScanOptions {
  std::vector<std::string> paths{"./..."};
  WalkOptions walk;
  // Rule ids (or slugs) to run; empty runs every rule. `disable` removes.
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  std::string baseline;          // path of a baseline to leave findings out by; "" for none
  bool update_baseline = false;  // write the findings to `baseline` instead
  int threads = 0;               // 0: one per core
  // The Go language version every package is taken to have ("1.21"),
  // instead of the go directive of its go.mod; "" reads each go.mod.
  std::string go_version;
  // YAML rule files (docs/user-rules.md) whose rules apply to every package.
  std::vector<std::string> rule_files;
  // Read the `.gopit.yaml` at the root of each scanned module (the
  // directory of the nearest go.mod) and apply its rules to that module.
  bool module_config = true;
  // Check generated files (`// Code generated ... DO NOT EDIT.`) too;
  // by default they are read for their declarations only.
  bool include_generated = false;
  // Called from worker threads after each directory: (done, total).
  std::function<void(size_t, size_t)> progress;
};

// Runs a scan. Usage problems (an unknown rule id, an unreadable baseline,
// a go_version that is not a Go version, a rules file or .gopit.yaml that
// does not load: "FILE:LINE:COL: what is wrong") come back in `error` with
// an empty report, and nothing is scanned; I/O problems with single paths are listed in
// report.errors and the scan goes on.
ScanReport RunScan(const ScanOptions& options, std::string& error);

// Scans one file's text as if it were the only file of its package (for
// tests and the fuzz targets): PARSE and rule findings, suppressions
// applied. `extra` rules (user rules) run after the built-in ones chosen.
std::vector<Finding> ScanSource(const std::string& path, std::string source,
                                const std::vector<std::string>& rules = {},
                                const std::vector<const Rule*>& extra = {});

}  // namespace gopit::scan
