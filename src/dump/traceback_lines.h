// Recognisers for the single lines of a Go traceback. Each takes one line
// without its newline and returns false when the line is not of its kind.
#pragma once

#include <cstdint>
#include <string_view>

namespace gopit {

// "goroutine 7 [chan receive, 5 minutes, locked to thread]:"
// "goroutine 7 gp=0xc000007c00 m=nil [select (leaked)]:"
// "goroutine 43 [select] {component: fanout}:" (Go 1.27 labels)
struct TracebackHeader {
  uint64_t id = 0;
  std::string_view state;  // "chan receive"; suffixes removed
  int32_t wait_minutes = -1;
  bool locked_to_thread = false;
  bool leaked = false;           // " (leaked)": the goroutine-leak detector proved it
  bool durable = false;          // " (durable)": blocked inside a testing/synctest bubble
  uint64_t synctest_bubble = 0;  // ", synctest bubble N"; 0 when not in a bubble
  std::string_view labels;       // "{\"k\": \"v\"}" from " labels:{...}", empty if none
};
bool ParseHeaderLine(std::string_view line, TracebackHeader& out);

// goleak's header of each goroutine it found left behind by a test:
// "[Goroutine 7 in state chan send, 1 minutes, with main.f on top of the stack:"
// (the first one of "found unexpected goroutines:" opens a bracket, the others
// start with a space). Older goleak versions print the runtime's own header
// on the next line; newer ones go straight to the frames. Returns the
// position where "Goroutine" starts in `line`, or npos.
size_t ParseLeakCheckHeader(std::string_view line, TracebackHeader& out);

// Position of "goroutine N [" / "goroutine N gp=" inside `line`, or npos.
// Used to find headers behind a log prefix.
size_t FindHeaderStart(std::string_view line);

// "main.(*T).run(0xc000010000, {0x1, 0x2})" or "main.f(...)".
struct FunctionLine {
  std::string_view function;
  std::string_view args;  // with the parentheses; empty if the line had none
};
bool ParseFunctionLine(std::string_view line, FunctionLine& out);

// "created by main.main in goroutine 1" (Go 1.21+) or "created by main.main".
struct CreatedByLine {
  std::string_view function;
  uint64_t goroutine = 0;
};
bool ParseCreatedByLine(std::string_view line, CreatedByLine& out);

// "\t/src/main.go:42 +0x1d" or with " fp=0x.. sp=0x.. pc=0x.." (GOTRACEBACK=system;
// Go <= 1.5 without pc=). Also re-indented: any spaces and tabs before the
// path, or none before an absolute one ("/src/x.go:1", "C:/src/x.go:1").
struct FileLine {
  std::string_view file;
  int32_t line = 0;
};
bool ParseFileLine(std::string_view line, FileLine& out);

// "...additional frames elided..." (count 0, unknown) or "...12 frames elided...".
bool ParseElidedLine(std::string_view line, uint32_t& count, bool& unknown);

// The line starts a new dump: "panic: ...", "fatal error: ...", "SIGQUIT: quit", ...
bool IsDumpReasonLine(std::string_view line);

// Lines the runtime or `go test` prints around a dump that carry no goroutine:
// register dumps, "PC=0x.. m=0 sigcode=0", "exit status 2", "=== RUN", ...
bool IsKnownNonGoroutineLine(std::string_view line);

// Strips a log prefix learned from a header line (e.g. a timestamp or the
// "[pod/name/container] " of `kubectl logs --prefix`) from a later line.
class LogPrefix {
 public:
  void Learn(std::string_view prefix);
  void Clear() { prefix_ = head_ = tail_ = {}; }
  bool Active() const { return !prefix_.empty(); }
  // Returns the line without the prefix, or the line unchanged when it does
  // not carry one.
  std::string_view Strip(std::string_view line) const;

 private:
  std::string_view prefix_;  // points into the input, which outlives parsing
  std::string_view head_;    // what precedes the timestamp part, e.g. "[pod/api] "
  std::string_view tail_;    // what follows the timestamp part, e.g. "Z " or " stderr F "
};

}  // namespace gopit
