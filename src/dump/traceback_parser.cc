#include "dump/traceback_parser.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "dump/frame_cache.h"
#include "dump/traceback_lines.h"
#include "dump/wrapped_text.h"

namespace gopit {
namespace {

constexpr uint64_t kDebug2Cap = 64ULL << 20;  // net/http/pprof stops debug=2 output here

std::string FrameWithoutFileMessage(uint64_t id) {
  return "stack frame without a file line in goroutine " + std::to_string(id);
}

// Counts rather than line numbers in the text: the warning's own line field
// holds the first line, and only the merge knows a piece's offset.
std::string LineCount(uint64_t first, uint64_t last) {
  uint64_t n = last - first + 1;
  return n == 1 ? "1 line" : std::to_string(n) + " lines";
}

// Walks the lines of one piece and builds its segments. One instance per
// piece; nothing is shared between pieces until the merge.
class PieceParser {
 public:
  PieceParser(const ParseOptions& opts, TracebackPiece& piece)
      : opts_(opts), piece_(piece), frame_cache_(piece.symbols) {
    piece_.segments.emplace_back();
  }

  void Run(std::string_view text, bool release_behind) {
    const char* p = text.data();
    const char* end = p + text.size();
    const char* released = p;
    uint64_t ln = 0;
    while (p < end) {
      if (release_behind && p - released >= kReleaseStep) released = Release(released, p);
      const char* nl = static_cast<const char*>(memchr(p, '\n', static_cast<size_t>(end - p)));
      const char* line_end = nl ? nl : end;
      std::string_view line(p, static_cast<size_t>(line_end - p));
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      // Trailing blanks come from editors and terminal copies; the runtime
      // never ends a line with one.
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        size_t keep = line.find_last_not_of(" \t");
        line = keep == std::string_view::npos ? std::string_view{} : line.substr(0, keep + 1);
      }
      ++ln;
      Line(line, ln);
      if (!nl) {
        piece_.ended_without_newline = true;
        break;
      }
      p = nl + 1;
    }
    piece_.lines = piece_.ended_without_newline ? ln - 1 : ln;
    piece_.ends_after_goroutine_blank = blank_after_goroutine_ != 0 && blank_after_goroutine_ == ln;
    FlushJunk();
    if (in_goroutine_) {
      piece_.ended_inside_goroutine = true;
      piece_.last_goroutine_line = g_.line;
      piece_.ended_inside_frame = pending_function_ || pending_created_by_;
      piece_.last_goroutine_id = g_.id;
      EndGoroutine();
    }
    piece_.saw_reason = seen_reason_;
    piece_.ends_in_thread_sections = in_thread_sections_;
    piece_.ends_expecting_current = expect_current_;
    if (!seen_reason_) piece_.leading_goroutines = Segment().goroutines.size();
    // Pieces wait for each other before the merge; trimming the doubling
    // slack keeps their records at one copy's worth of memory.
    for (Snapshot& seg : piece_.segments)
      seg.goroutines.shrink_to_fit();
  }

 private:
  static constexpr ptrdiff_t kReleaseStep = 4 << 20;
  static constexpr ptrdiff_t kReleaseLag = 256
                                           << 10;  // the previous goroutine's frames stay mapped

  // Gives the pages of a memory-mapped file that are parsed back to the
  // kernel, so reading a huge dump does not keep all of it resident. The
  // mapping is private and read-only: the pages are simply dropped.
  static const char* Release(const char* from, const char* at) {
    const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    uintptr_t lo = (reinterpret_cast<uintptr_t>(from) + page - 1) & ~(page - 1);
    uintptr_t hi = (reinterpret_cast<uintptr_t>(at - kReleaseLag)) & ~(page - 1);
    if (hi <= lo) return from;
    madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
    return reinterpret_cast<const char*>(hi);
  }

  Snapshot& Segment() { return piece_.segments.back(); }

  void Warn(uint64_t line, std::string msg) {
    piece_.warnings.push_back(Warning{"", line, std::move(msg)});
  }

  void Line(std::string_view raw, uint64_t ln) {
    // Header lines come first, whatever state the parser is in: the text is
    // split for parallel parsing at exactly these lines, so every piece must
    // begin in the state a single pass has after one. Every header ends in
    // "]:", which keeps the search off the other lines.
    if (raw.size() > 2 && raw.back() == ':') {
      TracebackHeader h;
      if (raw[raw.size() - 2] == ']' || raw[raw.size() - 2] == '}') {
        size_t pos = FindHeaderStart(raw);
        if (pos != std::string_view::npos && ParseHeaderLine(raw.substr(pos), h)) {
          HeaderLine(raw, pos, h, ln);
          return;
        }
      } else if (raw[raw.size() - 2] == 'k') {  // "... on top of the stack:"
        size_t pos = ParseLeakCheckHeader(raw, h);
        if (pos != std::string_view::npos) {
          LeakCheckHeaderLine(raw, pos, h, ln);
          return;
        }
      }
    }
    if (in_goroutine_) {
      std::string_view s = prefix_.Active() ? prefix_.Strip(raw) : raw;
      GoroutineLine(s, raw, ln);
      return;
    }
    OutsideLine(raw, ln);
  }

  void HeaderLine(std::string_view raw, size_t pos, const TracebackHeader& h, uint64_t ln) {
    if (in_goroutine_) {
      if (pending_function_ || pending_created_by_) WarnFrameWithoutFile(ln - 1, g_.id);
      EndGoroutine();
    }
    skipping_block_ = false;
    if (pos == 0) {
      prefix_.Clear();
    } else {
      std::string_view prefix = raw.substr(0, pos);
      // A test's own leak check logging what it found left behind:
      // "end2end_test.go:1388: Leaked goroutine: goroutine 2738 [select]:".
      if (prefix.ends_with("Leaked goroutine: ")) piece_.leak_report_lines.push_back(ln);
      prefix_.Learn(prefix);
    }
    StartGoroutine(h, ln);
    // Within one dump the runtime separates goroutines by exactly one blank
    // line; any other way into a header may be the start of another dump.
    // The first line of a piece depends on the piece before: the merge knows.
    g_starts_gap_ = ln > 1 && blank_after_goroutine_ + 1 != ln;
  }

  // goleak's "Goroutine 7 in state chan send, with main.f on top of the
  // stack:". The frames follow, or (older goleak) the runtime's own header
  // for the same goroutine, which then replaces this one (EndGoroutine drops
  // a goleak goroutine without frames).
  void LeakCheckHeaderLine(std::string_view raw, size_t pos, const TracebackHeader& h,
                           uint64_t ln) {
    if (in_goroutine_) {
      if (pending_function_ || pending_created_by_) WarnFrameWithoutFile(ln - 1, g_.id);
      EndGoroutine();
    }
    skipping_block_ = false;
    // What stands before "[Goroutine" or " Goroutine" beyond goleak's own
    // bracket and the test log's indent is a log prefix.
    std::string_view prefix = raw.substr(0, pos);
    while (!prefix.empty() &&
           (prefix.back() == ' ' || prefix.back() == '\t' || prefix.back() == '['))
      prefix.remove_suffix(1);
    if (prefix.empty()) {
      prefix_.Clear();
    } else {
      prefix_.Learn(prefix);
    }
    piece_.leak_report_lines.push_back(ln);
    StartGoroutine(h, ln);
    from_leak_header_ = true;
    g_starts_gap_ = ln > 1 && blank_after_goroutine_ + 1 != ln;
  }

  void WarnFrameWithoutFile(uint64_t line, uint64_t id) { Warn(line, FrameWithoutFileMessage(id)); }

  void GoroutineLine(std::string_view s, std::string_view raw, uint64_t ln) {
    if (s.empty()) {
      EndGoroutine();
      blank_after_goroutine_ = ln;
      return;
    }
    if (skipping_ancestors_) return;
    FileLine file;
    if ((s[0] == '\t' || s[0] == ' ' || s[0] == '/' || (s.size() > 1 && s[1] == ':') ||
         pending_function_ || pending_created_by_) &&
        ParseFileLine(s, file)) {
      if (pending_function_) {
        AddFrame(file.file, file.line);
      } else if (pending_created_by_) {
        created_frame_.file = piece_.symbols.Intern(file.file);
        created_frame_.line = file.line;
        g_.created_by = piece_.symbols.InternFrame(created_frame_);
        pending_created_by_ = false;
      } else {
        Warn(ln, "file line without a function line in goroutine " + std::to_string(g_.id));
      }
      return;
    }
    if (g_.created_by != kNoFrame && !pending_created_by_ &&
        !s.starts_with("[originating from goroutine")) {
      // "created by" and its file line end a goroutine: what follows is the
      // log or program output around the dump, not more frames.
      EndGoroutine();
      OutsideLine(raw, ln);
      return;
    }
    if (pending_function_ || pending_created_by_) {
      // The runtime always follows a function with its file line; keep the
      // frame with an unknown position rather than lose it.
      WarnFrameWithoutFile(ln - 1, g_.id);
      if (pending_function_) AddFrame({}, 0);
      if (pending_created_by_) {
        g_.created_by = piece_.symbols.InternFrame(created_frame_);
        pending_created_by_ = false;
      }
    }
    // Some pastes indent every line of a goroutine, function lines too.
    bool indented = s[0] == '\t' || s[0] == ' ';
    if (indented) {
      size_t i = s.find_first_not_of(" \t");
      if (i == std::string_view::npos) {  // cannot be: trailing blanks are trimmed
        EndGoroutine();
        return;
      }
      s = s.substr(i);
    }
    CreatedByLine created;
    if (ParseCreatedByLine(s, created)) {
      created_frame_ = Frame{};
      created_frame_.function = piece_.symbols.Intern(created.function);
      g_.created_by_goroutine = created.goroutine;
      pending_created_by_ = true;
      return;
    }
    FunctionLine fn;
    if (ParseFunctionLine(s, fn)) {
      pending_fn_ = fn;
      pending_function_ = true;
      return;
    }
    uint32_t elided = 0;
    bool unknown = false;
    if (ParseElidedLine(s, elided, unknown)) {
      elided_ += elided;
      elided_unknown_ = elided_unknown_ || unknown;
      return;
    }
    if (s.starts_with("[originating from goroutine")) {
      skipping_ancestors_ = true;  // GODEBUG=tracebackancestors: older stacks, not this one
      return;
    }
    if (s.starts_with("goroutine running on other thread")) return;
    if (!indented && IsKnownNonGoroutineLine(s)) {
      // Registers after a crash stack, or `go test` lines after a timeout dump.
      EndGoroutine();
      return;
    }
    // A header or a dump reason without the blank line before it: the
    // previous goroutine was cut short (often by a truncated write).
    if (s.starts_with("goroutine ") || IsDumpReasonLine(s) ||
        FindHeaderStart(raw) != std::string_view::npos) {
      EndGoroutine();
      OutsideLine(raw, ln);
      return;
    }
    Warn(ln, "skipped a line that is not part of goroutine " + std::to_string(g_.id) + ": " +
                 std::string(s.substr(0, 80)));
  }

  void OutsideLine(std::string_view raw, uint64_t ln) {
    if (skipping_block_) {
      if (raw.empty() || (prefix_.Active() && prefix_.Strip(raw).empty())) skipping_block_ = false;
      return;
    }
    if (raw.empty()) return;
    std::string_view s = prefix_.Active() ? prefix_.Strip(raw) : raw;
    if (s.empty()) return;
    if (IsDumpReasonLine(s)) {
      FlushJunk();
      NoteReason();
      // GOTRACEBACK=crash prints one "-----"-separated section per thread,
      // each with its own "SIGQUIT: quit": all one dump.
      if (separator_pending_) {
        in_thread_sections_ = true;
        separator_pending_ = false;
      } else {
        in_thread_sections_ = false;
        StartSegment(ln, s);
      }
      return;
    }
    if (s == "-----") {
      separator_pending_ = true;
      return;
    }
    if (s == "runtime stack:") {
      skipping_block_ = true;  // a system stack, not a goroutine
      return;
    }
    if (s[0] == ' ' || s[0] == '\t') {
      // A paste that indents every line indents the dump reason too.
      size_t i = s.find_first_not_of(" \t");
      if (i != std::string_view::npos && IsDumpReasonLine(s.substr(i))) {
        FlushJunk();
        NoteReason();
        prefix_.Learn(raw.substr(0, raw.size() - (s.size() - i)));
        in_thread_sections_ = false;
        StartSegment(ln, s.substr(i));
        return;
      }
    }
    if (IsKnownNonGoroutineLine(s)) return;
    // A dump reason behind a log prefix we have not learned yet.
    for (std::string_view reason : {"panic: ", "fatal error: ", "SIGQUIT: quit"}) {
      size_t at = raw.find(reason);
      if (at != std::string_view::npos && at > 0) {
        FlushJunk();
        NoteReason();
        prefix_.Learn(raw.substr(0, at));
        StartSegment(ln, raw.substr(at));
        return;
      }
    }
    // A log's own lines before the dump carry the same prefixes as the
    // dump's, which are not learned yet: "=== RUN" behind a timestamp.
    if (IsKnownNonGoroutineLine(StripWrapperPrefix(raw))) return;
    if (junk_first_ == 0) junk_first_ = ln;
    junk_last_ = ln;
  }

  // The goroutines before the first dump reason of a piece may belong to a
  // thread section that began in the piece before; the merge decides.
  void NoteReason() {
    if (!seen_reason_) piece_.leading_goroutines = Segment().goroutines.size();
    seen_reason_ = true;
  }

  void FlushJunk() {
    if (junk_first_ == 0) return;
    Warn(junk_first_,
         "skipped " + LineCount(junk_first_, junk_last_) + " that are not goroutine dump text");
    junk_first_ = junk_last_ = 0;
  }

  void StartSegment(uint64_t ln, std::string_view reason) {
    Snapshot& cur = Segment();
    bool empty = cur.goroutines.empty() && cur.reason.empty();
    if (empty) {
      if (piece_.segments.size() == 1) piece_.first_starts_snapshot = true;
    } else {
      piece_.segments.emplace_back();
    }
    Segment().reason = std::string(reason.substr(0, 4096));
    Segment().first_line = ln;
    expect_current_ = true;
  }

  void StartGoroutine(const TracebackHeader& h, uint64_t ln) {
    FlushJunk();

    in_goroutine_ = true;
    g_ = GoroutineRecord{};
    g_.id = h.id;
    g_.state = piece_.symbols.Intern(h.state);
    g_.wait_minutes = h.wait_minutes;
    g_.locked_to_thread = h.locked_to_thread;
    g_.leaked = h.leaked;
    g_.durable = h.durable;
    if (!h.labels.empty()) g_.labels = piece_.symbols.Intern(h.labels);
    g_.line = ln;
    g_.thread_section = in_thread_sections_;
    separator_pending_ = false;
    frames_.clear();
    cur_text_.clear();
    elided_ = 0;
    elided_unknown_ = false;
    pending_function_ = pending_created_by_ = skipping_ancestors_ = false;
    from_leak_header_ = false;
    if (expect_current_) {
      Segment().current_goroutine = h.id;
      expect_current_ = false;
    }
    if (Segment().first_line == 0) Segment().first_line = ln;
  }

  void AddFrame(std::string_view file, int32_t line) {
    bool inlined = pending_fn_.args == "(...)";
    if (opts_.keep_args && !inlined) {
      Frame f;
      f.function = piece_.symbols.Intern(pending_fn_.function);
      f.file = file.empty() ? kNoStr : piece_.symbols.Intern(file);
      f.line = line;
      f.args = piece_.symbols.Intern(pending_fn_.args);
      frames_.push_back(piece_.symbols.InternFrame(f));
    } else {
      frames_.push_back(LookupFrame(pending_fn_.function, file, line, inlined));
    }
    pending_function_ = false;
  }

  // Goroutines started by the same loop sit next to each other in a dump and
  // share their stack, so frame i usually reads exactly like frame i of the
  // goroutine before: comparing the text is cheaper than hashing it.
  FrameId LookupFrame(std::string_view function, std::string_view file, int32_t line,
                      bool inlined) {
    size_t i = frames_.size();
    if (i < prev_text_.size()) {
      const FrameText& p = prev_text_[i];
      if (p.line == line && p.inlined == inlined && p.function == function && p.file == file) {
        cur_text_.push_back(p);
        return p.id;
      }
    }
    FrameId id = frame_cache_.Get(function, file, line, inlined);
    cur_text_.push_back(FrameText{function, file, line, inlined, id});
    return id;
  }

  void EndGoroutine() {
    if (!in_goroutine_) return;
    if (from_leak_header_ && frames_.empty() && !pending_function_ && !pending_created_by_ &&
        g_.created_by == kNoFrame) {
      // goleak's header line alone: the runtime's header after it (older
      // goleak) starts the same goroutine again, or the paste stops here.
      // The snapshot starts where that goroutine does, as it would were the
      // text cut between the two headers.
      in_goroutine_ = false;
      if (Segment().goroutines.empty() && Segment().reason.empty() &&
          Segment().first_line == g_.line)
        Segment().first_line = 0;
      return;
    }
    if (pending_function_) AddFrame({}, 0);
    if (pending_created_by_) {
      g_.created_by = piece_.symbols.InternFrame(created_frame_);
      pending_created_by_ = false;
    }
    g_.stack = piece_.symbols.InternStack(frames_, elided_, elided_unknown_);
    prev_text_.swap(cur_text_);
    cur_text_.clear();
    if (g_starts_gap_) {
      piece_.after_gap.push_back({static_cast<uint32_t>(piece_.segments.size() - 1),
                                  static_cast<uint32_t>(Segment().goroutines.size())});
    }
    Segment().goroutines.push_back(g_);
    in_goroutine_ = false;
  }

  const ParseOptions& opts_;
  TracebackPiece& piece_;
  FrameCache frame_cache_;
  LogPrefix prefix_;
  bool in_goroutine_ = false;
  bool skipping_ancestors_ = false;
  bool skipping_block_ = false;
  bool expect_current_ = false;
  bool from_leak_header_ = false;   // g_ was started by a goleak header line
  bool separator_pending_ = false;  // "-----" seen: the next reason is a thread section
  bool in_thread_sections_ = false;
  bool seen_reason_ = false;
  GoroutineRecord g_;
  std::vector<FrameId> frames_;
  struct FrameText {  // views into the input, which outlives the parse
    std::string_view function, file;
    int32_t line;
    bool inlined;
    FrameId id;
  };
  std::vector<FrameText> prev_text_, cur_text_;
  uint32_t elided_ = 0;
  bool elided_unknown_ = false;
  bool pending_function_ = false;
  FunctionLine pending_fn_;
  bool pending_created_by_ = false;
  bool g_starts_gap_ = false;
  uint64_t blank_after_goroutine_ = 0;  // line of the blank line that ended the last goroutine
  Frame created_frame_;
  uint64_t junk_first_ = 0, junk_last_ = 0;
};

// Set of goroutine ids seen in the current snapshot: a bitmap for the dense
// small ids real processes have, a hash set for the rest.
class IdSet {
 public:
  bool Insert(uint64_t id) {
    if (id < kBitmapLimit) {
      size_t word = id >> 6;
      if (word >= bits_.size()) bits_.resize(std::max<size_t>(word + 1, bits_.size() * 2), 0);
      uint64_t mask = 1ULL << (id & 63);
      bool fresh = (bits_[word] & mask) == 0;
      bits_[word] |= mask;
      return fresh;
    }
    return large_.insert(id).second;
  }
  void Clear() {
    std::fill(bits_.begin(), bits_.end(), 0);
    large_.clear();
  }

 private:
  static constexpr uint64_t kBitmapLimit = 1ULL << 27;  // 16 MiB of bits at most
  std::vector<uint64_t> bits_;
  std::unordered_set<uint64_t> large_;
};

}  // namespace

TracebackPiece ParseTracebackPiece(std::string_view text, const ParseOptions& opts,
                                   bool release_behind) {
  TracebackPiece piece;
  PieceParser(opts, piece).Run(text, release_behind);
  return piece;
}

size_t LastHeaderBoundary(std::string_view text) {
  // Search backwards for "\ngoroutine " (or a prefixed header) at a line start.
  size_t end = text.size();
  while (end > 0) {
    size_t nl = text.rfind('\n', end - 1);
    if (nl == std::string_view::npos) return 0;
    std::string_view line = text.substr(nl + 1, end - nl - 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // Only complete lines count: the last one may still be growing.
    if (end < text.size() || text.back() == '\n') {
      size_t pos = FindHeaderStart(line);
      if (pos != std::string_view::npos) {
        TracebackHeader h;
        if (ParseHeaderLine(line.substr(pos), h)) return nl + 1;
      }
    }
    end = nl;
  }
  return 0;
}

std::vector<std::string_view> SplitTracebackText(std::string_view text, size_t max_pieces,
                                                 size_t min_piece) {
  std::vector<std::string_view> pieces;
  if (max_pieces <= 1 || text.size() < 2 * min_piece) {
    pieces.push_back(text);
    return pieces;
  }
  size_t target = std::max(min_piece, text.size() / max_pieces);
  size_t start = 0;
  while (start < text.size()) {
    size_t want = start + target;
    if (pieces.size() + 1 >= max_pieces || want >= text.size()) {
      pieces.push_back(text.substr(start));
      break;
    }
    // Cut before the first header line at or after `want`.
    size_t cut = std::string_view::npos;
    size_t pos = want;
    while ((pos = text.find("goroutine ", pos)) != std::string_view::npos) {
      size_t line_start = text.rfind('\n', pos);
      line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
      size_t line_end = text.find('\n', pos);
      if (line_end == std::string_view::npos) break;
      std::string_view line = text.substr(line_start, line_end - line_start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      size_t h = FindHeaderStart(line);
      TracebackHeader hdr;
      if (h != std::string_view::npos && line_start + h == pos &&
          ParseHeaderLine(line.substr(h), hdr) && line_start > start) {
        cut = line_start;
        break;
      }
      pos += 10;
    }
    if (cut == std::string_view::npos) {
      pieces.push_back(text.substr(start));
      break;
    }
    pieces.push_back(text.substr(start, cut - start));
    start = cut;
  }
  return pieces;
}

void MergeTracebackPieces(std::vector<TracebackPiece>& pieces, const std::string& input,
                          uint64_t input_bytes, ReadResult& out) {
  Symbols& symbols = *out.symbols;
  const size_t first_snapshot = out.snapshots.size();
  uint64_t line_base = 0;
  Snapshot* current = nullptr;
  IdSet ids;
  auto new_snapshot = [&](const Snapshot& like, uint64_t first_line) {
    out.snapshots.emplace_back();
    Snapshot& s = out.snapshots.back();
    s.input = input;
    s.format = InputFormat::kTraceback;
    s.reason = like.reason;
    s.current_goroutine = like.current_goroutine;
    s.first_line = first_line;
    ids.Clear();
    return &s;
  };

  // Reserve once: growing a vector of a million records by doubling would
  // hold two copies at the peak.
  size_t total = 0;
  for (const TracebackPiece& piece : pieces) {
    for (const Snapshot& seg : piece.segments)
      total += seg.goroutines.size();
  }
  bool reserved = false;

  // What a single pass would carry over a piece boundary.
  bool in_thread_sections = false;
  std::vector<uint64_t> report_lines;  // leak checkers' report headers, input lines
  bool expecting_current = false;
  size_t segment_snapshot = 0;  // the snapshot the last segment started
  // Index in the current snapshot of the last goroutine whose header did not
  // follow a goroutine's blank line (0: none after the first).
  size_t gap_at = 0;

  for (size_t pi = 0; pi < pieces.size(); ++pi) {
    TracebackPiece& piece = pieces[pi];
    SymbolRemap remap = symbols.Merge(piece.symbols);
    size_t next_gap = 0;  // into piece.after_gap, which is in input order
    for (size_t si = 0; si < piece.segments.size(); ++si) {
      Snapshot& seg = piece.segments[si];
      bool continues = si == 0 && !piece.first_starts_snapshot && current != nullptr;
      uint64_t seg_first = seg.first_line ? seg.first_line + line_base : 0;
      if (!continues) {
        if (seg.goroutines.empty() && seg.reason.empty()) {
          continue;  // only a goleak header whose goroutine the next piece starts
        }
        current = new_snapshot(seg, seg_first);
        segment_snapshot = out.snapshots.size() - 1;
        gap_at = 0;
        if (!reserved) {
          current->goroutines.reserve(total);
          reserved = true;
        }
      }
      if (continues && expecting_current && !seg.goroutines.empty()) {
        // The previous piece ended on a dump reason; its goroutine is the
        // first one here.
        out.snapshots[segment_snapshot].current_goroutine = seg.goroutines[0].id;
      }
      for (size_t gi = 0; gi < seg.goroutines.size(); ++gi) {
        GoroutineRecord g = seg.goroutines[gi];
        if (continues && gi < piece.leading_goroutines) g.thread_section = in_thread_sections;
        g.stack = remap.stacks[g.stack];
        g.state = remap.strs[g.state];
        g.labels = remap.strs[g.labels];
        g.created_by = remap.frames[g.created_by];
        g.line += line_base;
        // Goroutine 0 is a thread's system stack; every thread has one.
        bool fresh = g.id == 0 || ids.Insert(g.id);
        if (!fresh && g.thread_section) continue;  // a crash re-print of a goroutine we have
        bool gap = si == 0 && gi == 0 && pi > 0 && !pieces[pi - 1].ends_after_goroutine_blank;
        while (next_gap < piece.after_gap.size() &&
               (piece.after_gap[next_gap].first < si ||
                (piece.after_gap[next_gap].first == si && piece.after_gap[next_gap].second < gi)))
          ++next_gap;
        if (next_gap < piece.after_gap.size() && piece.after_gap[next_gap].first == si &&
            piece.after_gap[next_gap].second == gi)
          gap = true;
        if (!fresh) {
          // The same id twice: a second dump begins without a header, at the
          // last goroutine that did not follow a goroutine's blank line (the
          // second dump's first goroutines may have ids the first lacks), or
          // here.
          std::vector<GoroutineRecord> moved;
          bool repeat_is_before_gap =
              gap_at > 0 && gap_at < current->goroutines.size() &&
              std::none_of(current->goroutines.begin() + static_cast<ptrdiff_t>(gap_at),
                           current->goroutines.end(),
                           [&](const GoroutineRecord& r) { return r.id == g.id; });
          // Without such a goroutine (dumps joined by a single blank line),
          // a [running] goroutine just before: the dump's writer or the
          // panicking goroutine, which the runtime prints first.
          size_t n = current->goroutines.size();
          if (!repeat_is_before_gap && n >= 2 && current->goroutines[n - 1].id != g.id &&
              symbols.Str(current->goroutines[n - 1].state) == "running") {
            gap_at = n - 1;
            repeat_is_before_gap = true;
          }
          if (repeat_is_before_gap) {
            moved.assign(current->goroutines.begin() + static_cast<ptrdiff_t>(gap_at),
                         current->goroutines.end());
            current->goroutines.resize(gap_at);
          }
          uint64_t first = moved.empty() ? g.line : moved[0].line;
          current = new_snapshot(Snapshot{}, first);
          for (const GoroutineRecord& m : moved) {
            ids.Insert(m.id);
            current->goroutines.push_back(m);
          }
          ids.Insert(g.id);
          gap_at = 0;
        }
        if (gap) gap_at = current->goroutines.size();
        current->goroutines.push_back(g);
      }
      seg.goroutines.clear();
      seg.goroutines.shrink_to_fit();
    }
    for (Warning& w : piece.warnings) {
      out.warnings.push_back(Warning{input, w.line ? w.line + line_base : 0, std::move(w.message)});
    }
    bool last = pi + 1 == pieces.size();
    if (piece.ended_inside_frame) {
      // Within the text the next header cut the frame short; at its end the
      // text itself stops there.
      out.warnings.push_back(
          last ? Warning{input, line_base + piece.lines + (piece.ended_without_newline ? 1 : 0),
                         "input ends inside a stack frame: the dump is truncated"}
               : Warning{input, line_base + piece.lines,
                         FrameWithoutFileMessage(piece.last_goroutine_id)});
    }
    if (last && piece.ended_without_newline && piece.ended_inside_goroutine) {
      out.warnings.push_back(Warning{
          input, line_base + piece.lines + 1,
          "input ends in the middle of a line: the dump is truncated, the last goroutine may be "
          "incomplete"});
    }
    if (piece.saw_reason) in_thread_sections = piece.ends_in_thread_sections;
    expecting_current = piece.ends_expecting_current;
    for (uint64_t l : piece.leak_report_lines)
      report_lines.push_back(l + line_base);
    line_base += piece.lines;
  }
  // Each leak report marks the snapshot that holds its first goroutine (the
  // first from the report's line on), or the last one when none follows.
  for (uint64_t at : report_lines) {
    Snapshot* mark = nullptr;
    for (size_t i = first_snapshot; i < out.snapshots.size(); ++i) {
      Snapshot& s = out.snapshots[i];
      mark = &s;
      if (!s.goroutines.empty() && s.goroutines.back().line >= at) break;
    }
    if (mark != nullptr) mark->leak_check = true;
  }
  if (input_bytes == kDebug2Cap) {
    out.warnings.push_back(
        Warning{input, 0,
                "input is exactly 64 MiB, the limit at which /debug/pprof/goroutine?debug=2 stops "
                "writing: goroutines after the cut are missing; take the dump with SIGQUIT or "
                "runtime.Stack instead"});
  }
}

void ParseTraceback(std::string_view text, const std::string& input, const ParseOptions& opts,
                    ReadResult& out) {
  std::vector<TracebackPiece> pieces;
  pieces.push_back(ParseTracebackPiece(text, opts));
  MergeTracebackPieces(pieces, input, text.size(), out);
}

}  // namespace gopit
