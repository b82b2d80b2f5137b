// A realistic `gopit scan` report for renderer tests: several rules with
// their docs, related locations, a file that does not parse (whose rule the
// report's rule list lacks, as a partial rule set would), a path with a
// space, a non-ASCII and an absolute path, link text with brackets, a message
// with braces, and an I/O error. Used by tests/unit/render and by
// gopit_sarif_sample (the SarifSchema test).
#pragma once

#include <algorithm>
#include <string>

#include "model/finding.h"

namespace gopit::render_sample {

inline RuleInfo Rule(const char* id, const char* slug, Severity sev, const char* summary,
                     const char* finds) {
  RuleInfo r;
  r.id = id;
  r.slug = slug;
  r.severity = sev;
  r.summary = summary;
  r.doc = std::string("## What it finds\n\n") + finds +
          "\n\n## Why it is bad\n\nThe goroutine never exits.\n\n## Bad\n\n```go\n"
          "ch := make(chan int)\ngo func() { ch <- f() }()\n```\n\n## Fix\n\n"
          "Give the channel a buffer of 1.\n\n## Go versions\n\nAll.\n\n## Known limits\n\n"
          "Channels passed between functions are not followed.\n";
  return r;
}

inline Finding Make(const char* rule, const char* slug, Severity sev, const char* file,
                    int32_t line, int32_t col, const char* msg, const char* fingerprint) {
  Finding f;
  f.rule = rule;
  f.slug = slug;
  f.severity = sev;
  f.file = file;
  f.line = line;
  f.column = col;
  f.message = msg;
  f.fingerprint = fingerprint;
  return f;
}

inline ScanReport SampleReport() {
  ScanReport r;
  r.paths = {"./...", "/srv/app/internal"};
  r.files_scanned = 42;
  r.lines_scanned = 5310;
  r.packages = 7;
  r.suppressed = 2;
  r.baselined = 1;
  r.rules = {
      Rule("LEAK001", "send-without-receiver", Severity::kError,
           "A goroutine sends on a channel that nobody receives from on some path.",
           "A goroutine sends on an unbuffered channel made in the enclosing function, and "
           "the function can return without receiving."),
      Rule("LOCK001", "lock-not-released", Severity::kWarning,
           "A mutex is locked and not unlocked on every path.",
           "`mu.Lock()` with a path that returns without `mu.Unlock()`."),
      Rule("RT006", "defer-in-loop", Severity::kInfo,
           "defer inside a loop holds resources until the function returns.",
           "A `defer` statement inside a `for` loop."),
  };
  // Report order: by file, line, column, rule.
  Finding leak =
      Make("LEAK001", "send-without-receiver", Severity::kError, "cmd/my server/main.go", 42, 3,
           "goroutine blocks forever sending on ch (chan struct{}) when fetch "
           "times out",
           "5f0c2e9a41b7d3e8");
  leak.related = {{"cmd/my server/main.go", 38, 8, "ch made here, unbuffered"},
                  {"cmd/my server/main.go", 47, 4, "returns here without receiving"}};
  Finding parse = Make("PARSE", "parse-error", Severity::kError, "internal/bad/broken.go", 3, 1,
                       "expected 'package', found 'EOF'", "");
  Finding lock = Make("LOCK001", "lock-not-released", Severity::kWarning, "internal/cache/caché.go",
                      17, 2, "c.mu is not unlocked on every path", "a17b0c44e2d9f310");
  lock.related = {{"internal/cache/caché.go", 23, 3, "returns here with c.mu held"},
                  {"", 25, 0, "values[i] read here [under the lock]"}};
  Finding loop = Make("RT006", "defer-in-loop", Severity::kInfo, "internal/cache/caché.go", 30, 3,
                      "defer f.Close() in a loop: every file stays open until Load returns",
                      "c3d2e1f0a9b8c7d6");
  Finding abs =
      Make("LOCK001", "lock-not-released", Severity::kWarning, "/srv/app/internal/store/db #2.go",
           88, 5, "s.mu is not unlocked when Query fails", "0011223344556677");
  abs.related = {{"/srv/app/internal/store/db #2.go", 91, 4, "returns here with s.mu held"}};
  r.findings = {abs, leak, parse, loop, lock};
  std::sort(r.findings.begin(), r.findings.end(), FindingLess);
  r.errors = {"vendor/locked: open vendor/locked: permission denied"};
  return r;
}

}  // namespace gopit::render_sample
