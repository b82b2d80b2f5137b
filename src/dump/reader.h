// Reads goroutine dumps and profiles from files, standard input and pprof
// URLs, in any format gopit knows, into a ReadResult.
//
// Files are memory-mapped; pipes and gzip streams are read in blocks that are
// parsed while the next block is read, so memory stays a fraction of the
// input and grows with distinct stacks, not with goroutines.
#pragma once

#include <cstdint>
#include <string>

#include "dump/parse_options.h"
#include "model/snapshot.h"

namespace gopit {

struct ReadOptions {
  ParseOptions parse;
  InputFormat forced_format = InputFormat::kUnknown;  // kUnknown: sniff from content
  unsigned threads = 0;                               // 0: one per core
  // For URLs: the whole exchange must finish within this time, and the body
  // may not exceed max_fetch_bytes (a pprof endpoint is never that large).
  long fetch_timeout_ms = 30000;
  uint64_t max_fetch_bytes = 1ULL << 30;
};

// What happened to one input: Ok() is false when nothing could be read from
// it (no such file, refused connection, HTTP error, not a dump at all).
struct InputStatus {
  std::string error;
  bool Ok() const { return error.empty(); }
};

// Reads `spec`: a path, "-" for standard input, or an http(s):// URL. A URL
// with no path (or "/") means the goroutine endpoint of net/http/pprof
// with debug=2. Appends snapshots and warnings to `out`.
InputStatus ReadInput(const std::string& spec, const ReadOptions& opts, ReadResult& out);

// Guesses the format from the first bytes of (decompressed) content.
InputFormat SniffFormat(std::string_view head);

// Parses bytes already in memory in the given format (kUnknown: sniff).
// `bytes` may be gzip-compressed.
InputStatus ParseBytes(std::string_view bytes, const std::string& name, const ReadOptions& opts,
                       ReadResult& out);

}  // namespace gopit
