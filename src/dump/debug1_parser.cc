#include "dump/debug1_parser.h"

#include <charconv>
#include <cstdint>
#include <vector>

#include "dump/frame_cache.h"

namespace gopit {
namespace {

// A junk file must not turn into a million warnings; the first ones say what
// is wrong and where.
constexpr size_t kMaxWarnings = 100;

// The goroutine profile records at most this many PCs per stack by default
// (GODEBUG=profstackdepth); a record with exactly that many was cut.
constexpr size_t kDefaultProfStackDepth = 128;

// Empty but not null: FastHash copies from the view's data even when empty.
constexpr std::string_view kNoFile("", 0);

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsSpace(char c) {
  return c == ' ' || c == '\t';
}
bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string_view TrimLeft(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i]))
    ++i;
  return s.substr(i);
}

std::string_view TrimRight(std::string_view s) {
  size_t n = s.size();
  while (n > 0 && IsSpace(s[n - 1]))
    --n;
  return s.substr(0, n);
}

// Splits off the first whitespace-separated token of `s`.
std::string_view Token(std::string_view& s) {
  s = TrimLeft(s);
  size_t i = 0;
  while (i < s.size() && !IsSpace(s[i]))
    ++i;
  std::string_view tok = s.substr(0, i);
  s = s.substr(i);
  return tok;
}

template <typename T>
bool ParseDecimal(std::string_view s, T& out) {
  if (s.empty() || !IsDigit(s[0])) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// "0x46b5e1"
bool IsHexNumber(std::string_view s) {
  if (s.size() < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
  for (size_t i = 2; i < s.size(); ++i) {
    if (!IsHex(s[i])) return false;
  }
  return true;
}

uint64_t HexValue(std::string_view s) {
  uint64_t v = 0;
  std::from_chars(s.data() + 2, s.data() + s.size(), v, 16);
  return v;
}

// "goroutine profile: total 157" -> name "goroutine", total 157.
bool ParseHeader(std::string_view line, std::string_view& name, int64_t& total) {
  constexpr std::string_view kMid = " profile: total ";
  size_t mid = line.find(kMid);
  if (mid == std::string_view::npos || mid == 0) return false;
  name = line.substr(0, mid);
  for (char c : name) {
    if (IsSpace(c)) return false;
  }
  return ParseDecimal(TrimRight(line.substr(mid + kMid.size())), total);
}

// Removes the "+0x1d" offset from "main.f+0x1d".
std::string_view StripOffset(std::string_view fn) {
  size_t plus = fn.rfind('+');
  if (plus != std::string_view::npos && IsHexNumber(fn.substr(plus + 1))) return fn.substr(0, plus);
  return fn;
}

// "```go", "~~~", "<details>", "<summary>...</summary>", "</details>".
bool IsMarkdownLine(std::string_view line) {
  return line.starts_with("```") || line.starts_with("~~~") || line.starts_with("<details") ||
         line.starts_with("</details>") || line.starts_with("<summary");
}

class Debug1Parser {
 public:
  Debug1Parser(const std::string& input, ReadResult& out)
      : input_(input), out_(out), symbols_(*out.symbols), frame_cache_(symbols_) {}

  void Run(std::string_view text) {
    uint64_t lineno = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      ++lineno;
      size_t nl = text.find('\n', pos);
      bool terminated = nl != std::string_view::npos;
      std::string_view line = text.substr(pos, terminated ? nl - pos : std::string_view::npos);
      pos = terminated ? nl + 1 : text.size();
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!terminated && !line.empty() && !IsMarkdownLine(TrimLeft(line))) {
        Warn(lineno, "input ends in the middle of a line; the profile is truncated");
      }
      OnLine(line, lineno);
    }
    FinishRecord();
    FinishSnapshot();
    if (suppressed_ > 0) {
      out_.warnings.push_back(
          Warning{input_, 0, std::to_string(suppressed_) + " more warnings not shown"});
    }
  }

 private:
  void OnLine(std::string_view line, uint64_t lineno) {
    // A paste may indent every line; records and frames read the same.
    if (!line.empty() && IsSpace(line[0])) line = TrimLeft(line);
    if (TrimRight(line).empty()) {
      // The runtime ends every record with a blank line.
      FinishRecord();
      skipping_ = false;
      return;
    }
    std::string_view name;
    int64_t total;
    if (ParseHeader(line, name, total)) {
      FinishRecord();
      FinishSnapshot();
      StartSnapshot(lineno, total, name);
      skipping_ = false;
      return;
    }
    // A frame line that lost its '#': pasted as plain GitHub text, a line
    // starting with "#" turns into a heading and the mark is gone
    // (golang/go#22773). Only inside a record, and only "0x..." then a tab
    // or space: a record line starts with a decimal count.
    if (in_record_ && line.size() > 2 && line[0] == '0' && line[1] == 'x') {
      std::string_view rest = line;
      if (IsHexNumber(Token(rest)) && !rest.empty()) return OnFrameFields(line, lineno);
    }
    if (IsDigit(line[0])) return OnRecordLine(line, lineno);
    if (line[0] == '#') return OnHashLine(line, lineno);
    if (IsMarkdownLine(line)) {
      FinishRecord();  // a profile pasted into a Markdown fence or <details> block
      return;
    }
    Warn(lineno, "not part of a debug=1 profile; skipped");
  }

  // "17 @ 0x489fae 0x41a58e ..."
  void OnRecordLine(std::string_view line, uint64_t lineno) {
    std::string_view rest = line;
    std::string_view count_text = Token(rest);
    if (Token(rest) != "@") {
      // A log line with a leading timestamp, say: not a record at all.
      Warn(lineno, "not part of a debug=1 profile; skipped");
      return;
    }
    FinishRecord();
    skipping_ = false;
    uint64_t count;
    if (!ParseDecimal(count_text, count)) {
      Warn(lineno, "malformed record line (want \"COUNT @ 0xPC ...\"); record skipped");
      skipping_ = true;
      return;
    }
    size_t pcs = 0;
    bool bad_pc = false;
    pcs_.clear();
    for (std::string_view pc = Token(rest); !pc.empty(); pc = Token(rest)) {
      ++pcs;
      bool hex = IsHexNumber(pc);
      bad_pc |= !hex;
      pcs_.push_back(hex ? HexValue(pc) : 0);
    }
    if (bad_pc) Warn(lineno, "record line holds a malformed PC");
    if (current_ < 0) {
      Warn(lineno, "record before any \"goroutine profile: total N\" header");
      StartSnapshot(lineno, -1, "goroutine");
    }
    in_record_ = true;
    record_ = GoroutineRecord{};
    record_.count = static_cast<uint32_t>(std::min<uint64_t>(count, UINT32_MAX));
    record_.line = lineno;
    record_.leaked = Current().leak_profile;
    frames_.clear();
    first_pc_ = 0;
    cut_ = pcs == kDefaultProfStackDepth;
  }

  // "# labels: {...}" or "#\t0xPC\tfunc+0xOFF\t/file.go:LINE" or "#\t0xPC".
  void OnHashLine(std::string_view line, uint64_t lineno) {
    if (skipping_) return;
    if (!in_record_) {
      Warn(lineno, "frame or label line outside a record; skipped");
      return;
    }
    constexpr std::string_view kLabels = "# labels: ";
    if (line.substr(0, kLabels.size()) == kLabels) {
      if (!frames_.empty() || record_.labels != kNoStr) {
        Warn(lineno, "labels line out of place; skipped");
        return;
      }
      record_.labels = symbols_.Intern(TrimRight(line.substr(kLabels.size())));
      return;
    }
    std::string_view rest = line.substr(1);
    if (rest.empty() || !IsSpace(rest[0])) {
      Warn(lineno, "malformed frame line; skipped");
      return;
    }
    OnFrameFields(rest, lineno);
  }

  // "0xPC\tfunc+0xOFF\t/file.go:LINE" or "0xPC": a frame line after its '#'.
  void OnFrameFields(std::string_view rest, uint64_t lineno) {
    if (skipping_) return;
    std::string_view pc = Token(rest);
    std::string_view fn = Token(rest);
    std::string_view file_line = TrimRight(TrimLeft(rest));
    if (!IsHexNumber(pc)) {
      Warn(lineno, "frame line without a PC; skipped");
      return;
    }
    if (frames_.empty()) first_pc_ = HexValue(pc);
    if (fn.empty()) {
      // The runtime could not name this PC; the PC is all there is to show.
      frames_.push_back(frame_cache_.Get(pc, kNoFile, 0, false));
      return;
    }
    size_t colon = file_line.rfind(':');
    int32_t n = 0;
    if (colon == std::string_view::npos || !ParseDecimal(file_line.substr(colon + 1), n)) {
      Warn(lineno, "frame line without \"file:line\"");
      frames_.push_back(frame_cache_.Get(StripOffset(fn), file_line, 0, false));
      return;
    }
    frames_.push_back(frame_cache_.Get(StripOffset(fn), file_line.substr(0, colon), n, false));
  }

  void StartSnapshot(uint64_t lineno, int64_t total, std::string_view name) {
    Snapshot s;
    s.input = input_;
    s.format = InputFormat::kDebug1;
    s.leak_profile = name == "goroutineleak";
    s.declared_total = total;
    s.first_line = lineno;
    if (name != "goroutine" && name != "goroutineleak") {
      Warn(lineno, "a \"" + std::string(name) +
                       "\" profile, not a goroutine profile; its records are read as goroutines");
    }
    out_.snapshots.push_back(std::move(s));
    current_ = static_cast<int64_t>(out_.snapshots.size()) - 1;
  }

  void FinishRecord() {
    if (!in_record_) return;
    in_record_ = false;
    // A record may rightly have no frame lines: a goroutine created but not
    // yet started has only runtime.goexit's PC ("2 @ 0x491881"), and debug=1
    // prints no runtime frames. A cut-off profile shows in the total instead.
    record_.stack = symbols_.InternStack(frames_, 0, cut_);
    Current().goroutines.push_back(record_);
    Current().hidden_pcs.push_back(HiddenAbove());
  }

  // The "@" PCs no frame line stands for: those above the first printed
  // frame. The "@" line holds return addresses and a frame line the PC of
  // the call, one less (the innermost frame of a record printed whole may
  // show its PC as is). Without a frame line every PC is hidden; without a
  // PC that matches, none is known to be.
  HiddenPcs HiddenAbove() const {
    HiddenPcs h;
    h.first_shown = first_pc_;
    if (frames_.empty()) {
      h.pcs = pcs_;
      return h;
    }
    for (size_t i = 0; i < pcs_.size(); ++i) {
      if (pcs_[i] == first_pc_ + 1 || pcs_[i] == first_pc_) {
        h.pcs.assign(pcs_.begin(), pcs_.begin() + static_cast<std::ptrdiff_t>(i));
        return h;
      }
    }
    return h;
  }

  void FinishSnapshot() {
    if (current_ < 0) return;
    const Snapshot& s = Current();
    uint64_t sum = s.TotalGoroutines();
    if (s.declared_total >= 0 && sum != static_cast<uint64_t>(s.declared_total)) {
      Warn(s.first_line, "profile declares " + std::to_string(s.declared_total) +
                             " goroutines but its records add up to " + std::to_string(sum) +
                             "; records are missing or the profile is truncated");
    }
    current_ = -1;
  }

  Snapshot& Current() { return out_.snapshots[static_cast<size_t>(current_)]; }

  void Warn(uint64_t line, std::string message) {
    if (warnings_++ >= kMaxWarnings) {
      ++suppressed_;
      return;
    }
    out_.warnings.push_back(Warning{input_, line, std::move(message)});
  }

  const std::string& input_;
  ReadResult& out_;
  Symbols& symbols_;
  FrameCache frame_cache_;  // one hash per frame line instead of three
  int64_t current_ = -1;    // index into out_.snapshots; -1 before a header
  bool in_record_ = false;
  bool skipping_ = false;  // inside a record whose "@" line was malformed
  bool cut_ = false;
  GoroutineRecord record_;
  std::vector<FrameId> frames_;
  std::vector<uint64_t> pcs_;  // of the current record's "@" line
  uint64_t first_pc_ = 0;      // of its first frame line
  size_t warnings_ = 0;
  size_t suppressed_ = 0;
};

}  // namespace

void ParseDebug1(std::string_view text, const std::string& input_name, const ParseOptions& opts,
                 ReadResult& out) {
  Debug1Parser(input_name, out).Run(text);
}

}  // namespace gopit
