// Parser for the goroutine dumps the leak check's TestMain writes: a header
// ("gopit-leakcheck 1", dir, package, settle, the goroutine ids that existed
// before m.Run) and runtime.Stack(all) text, or the goroutineleak profile's
// debug=2 text.
//
// Its own parser, not dump/'s: attribution needs the
// GODEBUG=tracebackancestors sections ("[originating from goroutine N]:"),
// which the general parser skips. Never fails: what it cannot read is
// counted in `skipped_lines`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gopit {

struct LeakFrame {
  std::string function;  // "example.com/pkg.(*T).Run.func1"
  std::string file;
  int32_t line = 0;
};

// The creator's stack at the moment it started the next goroutine down.
struct LeakAncestor {
  uint64_t id = 0;
  std::vector<LeakFrame> frames;
};

struct LeakGoroutine {
  uint64_t id = 0;
  std::string state;                    // "chan send", without "(leaked)" or the minutes
  bool leaked = false;                  // "(leaked)": the runtime proved it can never wake
  std::vector<LeakFrame> frames;        // innermost first
  LeakFrame created_by;                 // function empty when absent
  uint64_t created_in = 0;              // "in goroutine N"; 0 when absent
  std::vector<LeakAncestor> ancestors;  // nearest creator first
};

struct LeakDump {
  // Header; empty/0 for a bare dump (the leak profile).
  std::string dir, package, via;
  int64_t settle_ns = 0, check_ns = 0, tries = 0;
  std::vector<uint64_t> before;  // goroutine ids that existed before m.Run
  bool has_header = false;
  std::vector<LeakGoroutine> goroutines;
  uint64_t skipped_lines = 0;
};

LeakDump ParseLeakDump(std::string_view text);

}  // namespace gopit
