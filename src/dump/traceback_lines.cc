#include "dump/traceback_lines.h"

#include <cstring>

namespace gopit {
namespace {

constexpr std::string_view kGoroutine = "goroutine ";

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Parses a run of decimal digits at the start of `s`; returns the digit count
// (0 if none). Saturates instead of overflowing on absurd input.
size_t ParseUint(std::string_view s, uint64_t& value) {
  size_t i = 0;
  uint64_t v = 0;
  while (i < s.size() && IsDigit(s[i])) {
    if (v < (UINT64_MAX - 9) / 10) v = v * 10 + static_cast<uint64_t>(s[i] - '0');
    ++i;
  }
  value = v;
  return i;
}

size_t LastIndexOf(std::string_view s, char c) {
  const void* p = memrchr(s.data(), c, s.size());
  return p ? static_cast<size_t>(static_cast<const char*>(p) - s.data()) : std::string_view::npos;
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Removes one ", suffix" from the end of the bracket contents when it is one
// of the forms the runtime appends after the wait reason.
bool StripStateSuffix(std::string_view& state, TracebackHeader& out) {
  size_t comma = state.rfind(", ");
  if (comma == std::string_view::npos) return false;
  std::string_view suffix = state.substr(comma + 2);
  if (suffix == "locked to thread") {
    out.locked_to_thread = true;
  } else if (EndsWith(suffix, " minutes")) {
    uint64_t minutes = 0;
    size_t n = ParseUint(suffix, minutes);
    if (n == 0 || n + 8 != suffix.size()) return false;
    out.wait_minutes = minutes > INT32_MAX ? INT32_MAX : static_cast<int32_t>(minutes);
  } else if (StartsWith(suffix, "synctest bubble ")) {
    uint64_t bubble = 0;
    std::string_view num = suffix.substr(16);
    if (num.empty() || ParseUint(num, bubble) != num.size()) return false;
    out.synctest_bubble = bubble;
  } else {
    return false;
  }
  state = state.substr(0, comma);
  return true;
}

}  // namespace

bool ParseHeaderLine(std::string_view line, TracebackHeader& out) {
  if (!StartsWith(line, kGoroutine)) return false;
  std::string_view rest = line.substr(kGoroutine.size());
  uint64_t id = 0;
  size_t n = ParseUint(rest, id);
  if (n == 0 || n >= rest.size() || rest[n] != ' ') return false;
  rest = rest.substr(n + 1);
  // Go 1.22+ may print "gp=0x.. m=N mp=0x.. " before the bracket.
  size_t open = rest.find('[');
  if (open == std::string_view::npos) return false;
  if (open != 0 && !StartsWith(rest, "gp=")) return false;
  std::string_view state, after_labels;
  if (EndsWith(rest, "]:")) {
    state = rest.substr(open + 1, rest.size() - open - 3);
  } else if (EndsWith(rest, "}:")) {
    // Go 1.27 prints pprof labels after the bracket: "[select] {k: v}:". The
    // wait reason never holds "] {", while label values may.
    size_t close = rest.find("] {", open);
    if (close == std::string_view::npos) return false;
    state = rest.substr(open + 1, close - open - 1);
    after_labels = rest.substr(close + 2, rest.size() - close - 3);
  } else {
    return false;
  }

  out = TracebackHeader{};
  out.id = id;
  out.labels = after_labels;
  // Labels (GODEBUG=tracebacklabels=1) come last inside the bracket and may
  // hold any quoted text, so take them off before looking for suffixes.
  size_t labels = state.find(" labels:{");
  if (labels != std::string_view::npos && EndsWith(state, "}")) {
    out.labels = state.substr(labels + 8);
    state = state.substr(0, labels);
  }
  while (StripStateSuffix(state, out)) {
  }
  // Markers the runtime appends to the wait reason, undone in reverse order of
  // printing: "(leaked)", then "(scan)", then "(durable)".
  for (std::string_view marker : {" (durable)", " (scan)", " (leaked)"}) {
    if (EndsWith(state, marker)) {
      if (marker == " (leaked)") out.leaked = true;
      if (marker == " (durable)") out.durable = true;
      state = state.substr(0, state.size() - marker.size());
    }
  }
  out.state = state;
  return !state.empty();
}

size_t ParseLeakCheckHeader(std::string_view line, TracebackHeader& out) {
  constexpr std::string_view kTail = " on top of the stack:";
  constexpr std::string_view kHead = "Goroutine ";
  constexpr std::string_view kInState = " in state ";
  if (!EndsWith(line, kTail)) return std::string_view::npos;
  size_t at = line.find(kHead);
  if (at == std::string_view::npos) return std::string_view::npos;
  // Only a paste's indent, a log prefix or goleak's "[" before it.
  std::string_view rest =
      line.substr(at + kHead.size(), line.size() - at - kHead.size() - kTail.size());
  uint64_t id = 0;
  size_t n = ParseUint(rest, id);
  if (n == 0 || !StartsWith(rest.substr(n), kInState)) return std::string_view::npos;
  rest = rest.substr(n + kInState.size());
  // The top function never holds ", with " (no spaces in a Go symbol).
  size_t with = rest.rfind(", with ");
  if (with == std::string_view::npos || with == 0) return std::string_view::npos;
  std::string_view state = rest.substr(0, with);
  out = TracebackHeader{};
  out.id = id;
  while (StripStateSuffix(state, out)) {
  }
  if (state.empty()) return std::string_view::npos;
  out.state = state;
  return at;
}

size_t FindHeaderStart(std::string_view line) {
  size_t pos = 0;
  while ((pos = line.find(kGoroutine, pos)) != std::string_view::npos) {
    std::string_view rest = line.substr(pos + kGoroutine.size());
    uint64_t id = 0;
    size_t n = ParseUint(rest, id);
    if (n > 0 && n + 1 < rest.size() && rest[n] == ' ' &&
        (rest[n + 1] == '[' || StartsWith(rest.substr(n + 1), "gp="))) {
      return pos;
    }
    pos += kGoroutine.size();
  }
  return std::string_view::npos;
}

bool ParseFunctionLine(std::string_view line, FunctionLine& out) {
  if (line.empty() || line[0] == '\t' || line[0] == ' ') return false;
  if (line.back() != ')') return false;
  // The argument list is the last (...) group: arguments hold hex numbers,
  // braces, "..." and "?" but never parentheses, while function names may
  // ("main.(*T).run"). memrchr is vectorised; this runs once per frame.
  const void* open = memrchr(line.data(), '(', line.size());
  if (!open) return false;
  size_t i = static_cast<size_t>(static_cast<const char*>(open) - line.data());
  if (i == 0) return false;
  std::string_view fn = line.substr(0, i);
  if (memchr(fn.data(), ' ', fn.size())) return false;
  out.function = fn;
  out.args = line.substr(i);
  return true;
}

bool ParseCreatedByLine(std::string_view line, CreatedByLine& out) {
  constexpr std::string_view kCreated = "created by ";
  if (!StartsWith(line, kCreated)) return false;
  std::string_view rest = line.substr(kCreated.size());
  out = CreatedByLine{};
  constexpr std::string_view kIn = " in goroutine ";
  size_t in = rest.rfind(kIn);
  if (in != std::string_view::npos) {
    uint64_t g = 0;
    std::string_view num = rest.substr(in + kIn.size());
    if (ParseUint(num, g) == num.size() && !num.empty()) {
      out.goroutine = g;
      rest = rest.substr(0, in);
    }
  }
  if (rest.empty() || rest.find(' ') != std::string_view::npos) return false;
  out.function = rest;
  return true;
}

namespace {
// "C:/Users/x/main.go" or "C:\\src\\main.go": a Windows path, which pastes
// from Windows machines carry without any indentation left.
bool StartsWithDrive(std::string_view s) {
  return s.size() > 3 && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) &&
         s[1] == ':' && (s[2] == '/' || s[2] == '\\');
}
}  // namespace

bool ParseFileLine(std::string_view line, FileLine& out) {
  if (line.size() < 4) return false;
  std::string_view rest;
  bool zero_indent = false;  // and not absolute: only a Go or assembly file is taken
  if (line[0] == '\t' && line[1] != ' ' && line[1] != '\t') {
    rest = line.substr(1);  // as the runtime writes it: the fast path
  } else {
    // Re-indented by a paste, a log shipper or a mail client: any run of
    // spaces and tabs, or none before an absolute path.
    size_t i = line.find_first_not_of(" \t");
    if (i == std::string_view::npos) return false;
    rest = line.substr(i);
    zero_indent = i == 0 && rest[0] != '/' && !StartsWithDrive(rest);
  }
  // Drop the optional " fp=.. sp=.. pc=.." (Go <= 1.5: " fp=.. sp=..") and
  // " +0x.." suffixes, looking only at the last space-separated token: this
  // runs once per frame.
  size_t sp = LastIndexOf(rest, ' ');
  if (sp != std::string_view::npos &&
      (rest.substr(sp + 1).starts_with("pc=0x") || rest.substr(sp + 1).starts_with("sp=0x"))) {
    size_t fp = rest.rfind(" fp=0x", sp);
    if (fp != std::string_view::npos) rest = rest.substr(0, fp);
    sp = LastIndexOf(rest, ' ');
  }
  if (sp != std::string_view::npos && rest.substr(sp + 1).starts_with("+0x")) {
    rest = rest.substr(0, sp);
  }
  size_t colon = LastIndexOf(rest, ':');
  if (colon == std::string_view::npos || colon == 0) return false;
  uint64_t ln = 0;
  std::string_view num = rest.substr(colon + 1);
  if (num.empty() || ParseUint(num, ln) != num.size()) return false;
  std::string_view file = rest.substr(0, colon);
  if (zero_indent && !EndsWith(file, ".go") && !EndsWith(file, ".s")) return false;
  out.file = file;
  out.line = ln > INT32_MAX ? INT32_MAX : static_cast<int32_t>(ln);
  return true;
}

bool ParseElidedLine(std::string_view line, uint32_t& count, bool& unknown) {
  if (line == "...additional frames elided...") {
    count = 0;
    unknown = true;
    return true;
  }
  if (!StartsWith(line, "...") || !EndsWith(line, " frames elided...")) return false;
  uint64_t n = 0;
  std::string_view num = line.substr(3);
  size_t digits = ParseUint(num, n);
  if (digits == 0 || digits + 17 != num.size()) return false;
  count = n > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(n);
  unknown = false;
  return true;
}

bool IsDumpReasonLine(std::string_view line) {
  return StartsWith(line, "panic: ") || StartsWith(line, "fatal error: ") ||
         StartsWith(line, "SIGQUIT: quit") || StartsWith(line, "SIGABRT: abort") ||
         StartsWith(line, "SIGSEGV: ") || StartsWith(line, "SIGBUS: ") ||
         StartsWith(line, "SIGILL: ") || StartsWith(line, "SIGTRAP: ") ||
         StartsWith(line, "SIGFPE: ") || StartsWith(line, "unexpected fault address") ||
         StartsWith(line, "unexpected signal");
}

bool IsKnownNonGoroutineLine(std::string_view line) {
  if (line.empty()) return true;
  // Continuations of a panic message or of "running tests:" in a test timeout.
  if (line[0] == '\t' || line[0] == ' ') return true;
  static constexpr std::string_view kPrefixes[] = {
      "PC=",
      "[signal ",
      "signal arrived during",
      "exit status ",
      "=== RUN",
      "=== PAUSE",
      "=== CONT",
      "--- PASS",
      "--- FAIL",
      "--- SKIP",
      "FAIL",
      "ok  ",
      "PASS",
      "runtime stack:",
      "-----",
      "[recovered",
      "goroutine running on other thread",
      "[originating from goroutine",
      "created by ",  // of a system stack; a goroutine's own is consumed in the block
      // A dump pasted into Markdown: code fences and a collapsed <details> block.
      "```",
      "~~~",
      "<details",
      "</details>",
      "<summary",
  };
  for (std::string_view p : kPrefixes) {
    if (StartsWith(line, p)) return true;
  }
  // Register dumps: "rax    0x1", "r10    0x0", "rip    0x4684a1", "eflags 0x246".
  size_t sp = line.find(' ');
  if (sp != std::string_view::npos && sp <= 7) {
    std::string_view value = line.substr(sp);
    size_t v = value.find_first_not_of(' ');
    if (v != std::string_view::npos && StartsWith(value.substr(v), "0x")) {
      bool word = true;
      for (size_t i = 0; i < sp; ++i) {
        char c = line[i];
        if (!((c >= 'a' && c <= 'z') || IsDigit(c))) word = false;
      }
      if (word) return true;
    }
  }
  return false;
}

namespace {
// Characters a timestamp or level field is made of: "2026-11-22T06:33:56.123Z".
bool IsTimestampChar(char c) {
  return IsDigit(c) || c == '-' || c == ':' || c == '.' || c == 'T' || c == '+' || c == '/' ||
         c == ',';
}
}  // namespace

void LogPrefix::Learn(std::string_view prefix) {
  prefix_ = prefix;
  // The timestamp is the longest run of timestamp characters: the prefix is
  // "head, timestamp, tail", e.g. "[pod/api] " + "2026-11-22T06:33:56.1" +
  // "Z " (`kubectl logs --prefix --timestamps`), with an empty head mostly.
  size_t best = 0, best_len = 0;
  for (size_t i = 0; i < prefix.size();) {
    size_t j = i;
    while (j < prefix.size() && IsTimestampChar(prefix[j]))
      ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  // A short run ("7" of a pod name) is no timestamp: only the whole prefix
  // then matches.
  if (best_len < 6) {
    head_ = tail_ = {};
    return;
  }
  head_ = prefix.substr(0, best);
  tail_ = prefix.substr(best + best_len);
}

std::string_view LogPrefix::Strip(std::string_view line) const {
  if (prefix_.empty()) return line;
  if (StartsWith(line, prefix_)) return line.substr(prefix_.size());
  // Timestamps change from line to line and may change width (RFC 3339 with
  // trailing zeros trimmed), so match "head, timestamp characters, tail".
  if (!tail_.empty() || !head_.empty()) {
    if (!StartsWith(line, head_)) return line;
    size_t i = head_.size();
    size_t ts = i;
    while (i < line.size() && IsTimestampChar(line[i]))
      ++i;
    if (i == ts) return line;
    std::string_view rest = line.substr(i);
    if (StartsWith(rest, tail_)) return rest.substr(tail_.size());
    // A blank line of the dump: its trailing blanks were trimmed with the
    // tail's own.
    size_t keep = tail_.find_last_not_of(" \t");
    std::string_view bare =
        keep == std::string_view::npos ? std::string_view{} : tail_.substr(0, keep + 1);
    if (rest == bare) return {};
    return line;
  }
  // The same for a fixed prefix ("[pod/api] " before an empty line).
  size_t keep = prefix_.find_last_not_of(" \t");
  if (keep != std::string_view::npos && line == prefix_.substr(0, keep + 1)) return {};
  return line;
}

}  // namespace gopit
