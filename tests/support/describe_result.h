// A ReadResult as text that does not depend on the order in which symbols
// were interned, so two parses of the same input can be compared exactly
// (one pass against pieces, in the unit tests and the traceback fuzzer).
#pragma once

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "model/snapshot.h"

namespace gopit {

inline std::string DescribeResult(const ReadResult& r) {
  const Symbols& sym = *r.symbols;
  std::string out;
  for (const Snapshot& s : r.snapshots) {
    out += "snapshot " + std::to_string(s.first_line) + " current " +
           std::to_string(s.current_goroutine) + " reason " + s.reason +
           (s.leak_check ? " leak-check" : "") + "\n";
    for (const GoroutineRecord& g : s.goroutines) {
      out += " g" + std::to_string(g.id) + "@" + std::to_string(g.line) + " " +
             std::string(sym.Str(g.state)) + (g.thread_section ? " T" : "") + ":";
      for (FrameId f : sym.GetStack(g.stack).frames) {
        const Frame& fr = sym.GetFrame(f);
        out += " " + std::string(sym.Str(fr.function)) + "@" + std::to_string(fr.line);
      }
      out += "\n";
    }
  }
  // Warnings from different pieces may come in another order.
  std::vector<std::tuple<uint64_t, std::string>> warnings;
  for (const Warning& w : r.warnings)
    warnings.emplace_back(w.line, w.message);
  std::sort(warnings.begin(), warnings.end());
  for (const auto& [line, message] : warnings)
    out += "warning " + std::to_string(line) + " " + message + "\n";
  return out;
}

}  // namespace gopit
