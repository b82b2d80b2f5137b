// Parser for the legacy text of count profiles: what
// /debug/pprof/goroutine?debug=1 and /debug/pprof/goroutineleak?debug=1 serve.
//
//   goroutine profile: total 157
//   17 @ 0x489fae 0x41a58e 0x41a0d2 0x6bb7c5 0x491701
//   # labels: {"site":"labels", "worker":"6"}
//   #	0x6bb7c4	main.blockOnRecv+0x24	/src/main.go:44
//   <blank line>
//
// Each "N @ pc..." record becomes one GoroutineRecord with count N, no id and
// no wait state (the format has neither); its line is the 1-based line of the
// "@" line. Frames are kept as printed, innermost first, with the "+0x..."
// offset removed; a frame the runtime could not symbolise ("#\t0xPC") gets
// the PC text as its function name. The format cannot tell inlined frames
// from real calls, so Frame::inlined is always false here. A record whose "@"
// line lists exactly 128 PCs reached the runtime's default stack depth
// (GODEBUG=profstackdepth) and its stack is marked elided_unknown.
//
// The runtime prints no runtime frames at the top of a stack here, but
// their PCs are on the "@" line: each record's PCs above its first printed
// frame are kept in Snapshot::hidden_pcs (dump/hidden_frames.h names them
// from a debug=0 profile of the same binary).
//
// Every "<name> profile: total N" header starts a snapshot, so profiles pasted
// one after another give one snapshot each. A "goroutineleak" header marks the
// snapshot as a leak profile and every record in it as leaked.
#pragma once

#include <string>
#include <string_view>

#include "dump/parse_options.h"
#include "model/snapshot.h"

namespace gopit {

// Appends the snapshots found in `text` to `out` and a warning (with its
// 1-based line) for each line that is malformed, out of place or cut short,
// and for a declared total that the records do not add up to. Never fails:
// whatever could be read is kept. Runs in time linear in the input.
void ParseDebug1(std::string_view text, const std::string& input_name, const ParseOptions& opts,
                 ReadResult& out);

}  // namespace gopit
