// Ignore rules for leaked goroutines, as data: from --ignore SPEC, from the
// `test:` section of .gopit.yaml, and from the shipped presets (presets.h).
//
// A rule matches one goroutine by its top function, by any of its frames, or
// by the function in its `created by` line. A function pattern is an exact
// function name as the runtime prints it, or a prefix ending in `*`
// ("google.golang.org/grpc/internal/transport.*").
#pragma once

#include <string>
#include <vector>

#include "gotest/leak_dump.h"

namespace gopit {

enum class IgnoreKind { kTop, kFrame, kCreatedBy };

struct IgnoreRule {
  IgnoreKind kind = IgnoreKind::kTop;
  std::string function;  // exact, or a prefix ending in '*'
  std::string reason;
  std::string source;  // "--ignore", ".gopit.yaml:12", "preset net-http-idle-conns"
};

// "top=FUNC", "frame=FUNC" or "created-by=FUNC", optionally followed by
// ":REASON" (function names never hold ':'). False with `error` set when
// the spec is malformed.
bool ParseIgnoreSpec(const std::string& spec, IgnoreRule& out, std::string& error);

bool IgnoreMatches(const IgnoreRule& rule, const LeakGoroutine& g);

// The `test:` section of the .gopit.yaml in `dir` (none is no error):
//   test:
//     ignore:
//       - top: FUNC            # or frame: / created-by:
//         reason: why it is not a leak
//     no-presets: [NAME, ...]
// False with `error` ("FILE:LINE:COL: what") on a malformed section.
bool LoadLeakConfig(const std::string& dir, std::vector<IgnoreRule>& rules,
                    std::vector<std::string>& disabled_presets, std::string& error);

}  // namespace gopit
