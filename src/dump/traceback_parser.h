// Parser for goroutine tracebacks as the Go runtime prints them:
// /debug/pprof/goroutine?debug=2, runtime.Stack(buf, true), panics, fatal
// errors, SIGQUIT and GOTRACEBACK=all|system|crash output, and test-timeout
// dumps embedded in `go test` output.
//
// Text is parsed in pieces that each begin at a goroutine header line, so a
// large dump can be split and parsed on several cores; MergeTracebackPieces
// joins the pieces in order into snapshots over shared symbols. A piece never
// fails: lines it does not understand become warnings with their line number.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dump/parse_options.h"
#include "model/snapshot.h"

namespace gopit {

struct TracebackPiece {
  Symbols symbols;  // ids local to this piece until merged
  // segments[0] continues the snapshot of the previous piece unless
  // first_starts_snapshot; each later segment starts a new snapshot (a dump
  // header such as "panic:" or "SIGQUIT: quit" was seen).
  std::vector<Snapshot> segments;
  bool first_starts_snapshot = false;
  std::vector<Warning> warnings;  // line numbers relative to the piece (1-based)
  uint64_t lines = 0;             // newline-terminated lines in the piece
  bool ended_inside_goroutine = false;
  bool ended_without_newline = false;
  uint64_t last_goroutine_line = 0;  // header line of the last goroutine, piece-relative
  uint64_t last_goroutine_id = 0;
  bool ended_inside_frame = false;  // a function or "created by" line without its file line
  // Goroutines (segment, index) whose header did not come right after the
  // blank line ending a goroutine: where a second dump may begin when a
  // goroutine id repeats later. A piece's first header is left to the merge.
  std::vector<std::pair<uint32_t, uint32_t>> after_gap;
  bool ends_after_goroutine_blank = false;  // the last line is the blank ending a goroutine
  // Piece-relative lines where a leak checker's report (goleak's "Goroutine N
  // in state", a test's "Leaked goroutine:") begins. The merge marks the
  // snapshot holding the first goroutine from there, so where the text was
  // cut does not matter.
  std::vector<uint64_t> leak_report_lines;

  // Parser state a single pass would carry into the next piece, which the
  // merge applies: GOTRACEBACK=crash thread sections, and a dump reason whose
  // goroutine header is the first line of the next piece.
  bool saw_reason = false;
  bool ends_in_thread_sections = false;
  bool ends_expecting_current = false;
  size_t leading_goroutines = 0;  // in segments[0], before the first dump reason
};

// Parses `text`, which must begin at a line start. With `release_behind`,
// `text` must lie in a read-only private file mapping: pages already parsed
// are handed back to the kernel as parsing goes on.
TracebackPiece ParseTracebackPiece(std::string_view text, const ParseOptions& opts,
                                   bool release_behind = false);

// Splits `text` into at most `max_pieces` pieces at goroutine header lines,
// each at least `min_piece` bytes, for parallel parsing.
std::vector<std::string_view> SplitTracebackText(std::string_view text, size_t max_pieces,
                                                 size_t min_piece);

// Returns the length of the longest prefix of `text` that ends just before a
// goroutine header line (0 if none is found): where a streaming reader can
// cut its buffer.
size_t LastHeaderBoundary(std::string_view text);

// Appends the pieces, in order, to `out` as snapshots named `input`. Also
// splits a snapshot where a goroutine id repeats (two dumps pasted together
// without a header between them) and warns about a truncated ending.
void MergeTracebackPieces(std::vector<TracebackPiece>& pieces, const std::string& input,
                          uint64_t input_bytes, ReadResult& out);

// Convenience: parse one whole text on the calling thread.
void ParseTraceback(std::string_view text, const std::string& input, const ParseOptions& opts,
                    ReadResult& out);

}  // namespace gopit
