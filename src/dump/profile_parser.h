// Parser for the debug=0 form of the goroutine and goroutine-leak profiles:
// a profile.proto message (github.com/google/pprof/proto/profile.proto), as
// served gzip-compressed by /debug/pprof/goroutine and
// /debug/pprof/goroutineleak. The caller decompresses; `bytes` is the raw
// message.
//
// Each Sample becomes one GoroutineRecord: count is the sample's "count"
// value, its stack is the frames of its locations, innermost first. A
// location with several Line entries holds inlined calls: the first line is
// the innermost, and every line but the last is marked Frame::inlined. All
// frames are kept, runtime ones included (the encoder itself drops
// runtime.goexit, so a sample whose only frame was that one is counted with
// an empty stack). A
// frame without a usable function gets the location's address ("0x46b5e1")
// as its name, as debug=1 text does. A stack of exactly 128 frames reached
// the runtime's default depth (GODEBUG=profstackdepth) and is marked
// elided_unknown, as is one cut at 4096 frames by this parser.
// String and numeric labels become GoroutineRecord::labels in the same text
// debug=1 prints: {"k":"v", "n":3}, entries sorted.
//
// A profile whose sample type is "goroutineleak" is marked as a leak profile
// and all its records as leaked.
#pragma once

#include <string>
#include <string_view>

#include "dump/parse_options.h"
#include "model/snapshot.h"

namespace gopit {

// Appends one snapshot for the profile in `bytes` to `out` (none when not a
// single sample type or sample could be decoded) and warnings for whatever is
// corrupt, truncated or inconsistent (unknown ids, out-of-range string
// indices); decoding stops at the first malformed byte of the top-level
// message and keeps what came before. Never fails; time and memory are
// bounded by a constant times the input size.
void ParseProfile(std::string_view bytes, const std::string& input_name, const ParseOptions& opts,
                  ReadResult& out);

}  // namespace gopit
