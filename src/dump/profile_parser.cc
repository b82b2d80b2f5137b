#include "dump/profile_parser.h"

#include "dump/function_names.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <vector>

#include "dump/protobuf_reader.h"

namespace gopit {
namespace {

using pb::FieldReader;
using pb::WireType;

// Field numbers of github.com/google/pprof/proto/profile.proto.
namespace field {
constexpr uint32_t kProfileSampleType = 1;
constexpr uint32_t kProfileSample = 2;
constexpr uint32_t kProfileMapping = 3;
constexpr uint32_t kProfileLocation = 4;
constexpr uint32_t kProfileFunction = 5;
constexpr uint32_t kProfileStringTable = 6;
constexpr uint32_t kProfileDropFrames = 7;
constexpr uint32_t kProfileKeepFrames = 8;
constexpr uint32_t kProfilePeriodType = 11;
constexpr uint32_t kProfileComment = 13;
constexpr uint32_t kProfileDefaultSampleType = 14;
constexpr uint32_t kMappingFilename = 5;
constexpr uint32_t kMappingBuildId = 6;
constexpr uint32_t kValueTypeType = 1;
constexpr uint32_t kValueTypeUnit = 2;
constexpr uint32_t kSampleLocationId = 1;
constexpr uint32_t kSampleValue = 2;
constexpr uint32_t kSampleLabel = 3;
constexpr uint32_t kLabelKey = 1;
constexpr uint32_t kLabelStr = 2;
constexpr uint32_t kLabelNum = 3;
constexpr uint32_t kLabelNumUnit = 4;
constexpr uint32_t kLocationId = 1;
constexpr uint32_t kLocationAddress = 3;
constexpr uint32_t kLocationLine = 4;
constexpr uint32_t kLineFunctionId = 1;
constexpr uint32_t kLineLine = 2;
constexpr uint32_t kFunctionId = 1;
constexpr uint32_t kFunctionName = 2;
constexpr uint32_t kFunctionSystemName = 3;
constexpr uint32_t kFunctionFilename = 4;
}  // namespace field

constexpr size_t kMaxWarnings = 100;

// Real goroutine profiles hold at most a few hundred frames per stack
// (GODEBUG=profstackdepth caps them at 1024). The caps stop a small crafted
// message whose samples all point at one huge location from expanding into
// billions of frames: beyond them, stacks are cut and marked elided.
constexpr size_t kMaxStackFrames = 4096;
constexpr uint64_t kFrameBudgetPerByte = 16;
constexpr uint64_t kMinFrameBudget = 1 << 20;

// The goroutine profile's default depth limit (GODEBUG=profstackdepth).
constexpr size_t kDefaultProfStackDepth = 128;

struct ValueType {
  int64_t type = 0;
  int64_t unit = 0;
};

struct Line {
  uint64_t function_id = 0;
  int64_t line = 0;
};

struct Location {
  uint64_t id = 0;
  uint64_t address = 0;
  uint32_t first_line = 0;  // into Decoded::lines
  uint32_t line_count = 0;
};

struct Function {
  uint64_t id = 0;
  int64_t name = 0;
  int64_t system_name = 0;
  int64_t filename = 0;
};

struct Sample {
  std::string_view bytes;
  size_t offset = 0;  // in the input, for warnings
};

// The Profile message with nested messages decoded except samples, which
// are walked once the string table (written last by Go) is known.
struct Decoded {
  std::vector<ValueType> sample_types;
  std::vector<Sample> samples;
  std::vector<Location> locations;
  std::vector<Line> lines;
  std::vector<Function> functions;
  std::vector<std::string_view> strings;
};

// Maps the ids of locations or functions to their index. Go numbers them
// 1..N, so a vector lookup serves real profiles; sparse ids fall back to a
// hash map so that one huge id cannot allocate a huge vector.
class IdIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Returns the number of ids that repeat an earlier one (the first wins).
  template <typename T>
  size_t Build(const std::vector<T>& items) {
    uint64_t max_id = 0;
    for (const T& it : items) {
      max_id = std::max(max_id, it.id);
    }
    dense_.clear();
    sparse_.clear();
    use_dense_ = max_id <= 4 * static_cast<uint64_t>(items.size()) + 64;
    if (use_dense_) dense_.assign(max_id + 1, kNone);
    size_t dups = 0;
    for (size_t i = 0; i < items.size(); ++i) {
      auto index = static_cast<uint32_t>(i);
      bool fresh;
      if (use_dense_) {
        fresh = dense_[items[i].id] == kNone;
        if (fresh) dense_[items[i].id] = index;
      } else {
        fresh = sparse_.try_emplace(items[i].id, index).second;
      }
      dups += !fresh;
    }
    return dups;
  }

  uint32_t Find(uint64_t id) const {
    if (use_dense_) return id < dense_.size() ? dense_[id] : kNone;
    auto it = sparse_.find(id);
    return it == sparse_.end() ? kNone : it->second;
  }

 private:
  std::vector<uint32_t> dense_;
  std::unordered_map<uint64_t, uint32_t> sparse_;
  bool use_dense_ = true;
};

// Writes `s` quoted the way Go's %q does for the label text debug=1 prints,
// so that labels read from either format compare equal. Valid UTF-8 beyond
// ASCII is kept as is.
void AppendQuoted(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    // Go's backslash escapes: kEscaped[e] is written as '\\' and kLetters[e].
    static constexpr std::string_view kEscaped("\"\\\a\b\f\n\r\t\v", 9);
    static constexpr std::string_view kLetters("\"\\abfnrtv", 9);
    if (size_t e = kEscaped.find(static_cast<char>(c)); e != std::string_view::npos) {
      out.push_back('\\');
      out.push_back(kLetters[e]);
      continue;
    }
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    // A well-formed multi-byte sequence is kept; any other byte is escaped.
    size_t len = c >= 0xc2 && c <= 0xdf   ? 2
                 : c >= 0xe0 && c <= 0xef ? 3
                 : c >= 0xf0 && c <= 0xf4 ? 4
                                          : 0;
    bool valid = len > 0 && i + len <= s.size();
    for (size_t k = 1; valid && k < len; ++k) {
      valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    }
    if (valid) {
      out.append(s.substr(i, len));
      i += len - 1;
      continue;
    }
    out += "\\x";
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  out.push_back('"');
}

std::string HexAddress(uint64_t a) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  do {
    s.push_back(kHex[a & 15]);
    a >>= 4;
  } while (a != 0);
  s += "x0";
  std::reverse(s.begin(), s.end());
  return s;
}

class ProfileParser {
 public:
  ProfileParser(const std::string& input, ReadResult& out)
      : input_(input), out_(out), symbols_(*out.symbols) {}

  void Run(std::string_view bytes) {
    if (bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b') {
      Warn("input is still gzip-compressed; decompress it before parsing as a profile");
      Finish();
      return;
    }
    frame_budget_ = std::max<uint64_t>(kMinFrameBudget, kFrameBudgetPerByte * bytes.size());
    bool decoded_any = Decode(bytes);
    if (!decoded_any) {
      Warn(bytes.empty() ? "empty input: no profile" : "no profile samples could be decoded");
      Finish();
      return;
    }
    Build();
    Finish();
  }

 private:
  // Pass 1: top-level fields. Returns whether anything of a profile was found.
  bool Decode(std::string_view bytes) {
    FieldReader r(bytes);
    while (r.Next()) {
      switch (r.number()) {
        case field::kProfileSampleType:
          if (IsLen(r)) DecodeValueType(r);
          break;
        case field::kProfileSample:
          if (IsLen(r)) d_.samples.push_back(Sample{r.bytes(), r.bytes_offset()});
          break;
        case field::kProfileLocation:
          if (IsLen(r)) DecodeLocation(r);
          break;
        case field::kProfileFunction:
          if (IsLen(r)) DecodeFunction(r);
          break;
        case field::kProfileStringTable:
          if (IsLen(r)) d_.strings.push_back(r.bytes());
          break;
        case field::kProfileMapping:
          if (IsLen(r)) {
            RefStrings(r, {field::kMappingFilename, field::kMappingBuildId}, "mapping");
          }
          break;
        case field::kProfilePeriodType:
          if (IsLen(r)) {
            RefStrings(r, {field::kValueTypeType, field::kValueTypeUnit}, "period type");
          }
          break;
        case field::kProfileComment:
        case field::kProfileDropFrames:
        case field::kProfileKeepFrames:
        case field::kProfileDefaultSampleType:
          scratch_.clear();
          pb::AppendVarints(r, scratch_);
          for (uint64_t v : scratch_) {
            Ref(static_cast<int64_t>(v));
          }
          break;
        default:
          break;  // times and periods: not needed
      }
    }
    if (!r.ok()) {
      Warn("corrupt or truncated profile at byte " + std::to_string(r.error_offset()) + ": " +
           r.error() + "; kept what was decoded before it");
    }
    return !d_.sample_types.empty() || !d_.samples.empty();
  }

  // Notes a string index the message uses. Go interns only strings it uses
  // and writes the string table last, so a cut anywhere in the table shows
  // as an index past its end.
  void Ref(int64_t index) {
    if (index < 0) {
      ++negative_refs_;
    } else {
      max_string_ref_ = std::max(max_string_ref_, index);
    }
  }

  // For messages of which only string references matter.
  void RefStrings(const FieldReader& outer, std::initializer_list<uint32_t> fields,
                  const char* what) {
    FieldReader r(outer.bytes(), outer.bytes_offset());
    while (r.Next()) {
      if (r.type() != WireType::kVarint) continue;
      for (uint32_t f : fields) {
        if (r.number() == f) Ref(static_cast<int64_t>(r.value()));
      }
    }
    NestedError(r, what);
  }

  bool IsLen(const FieldReader& r) {
    if (r.type() == WireType::kLen) return true;
    Warn("profile field " + std::to_string(r.number()) + " at byte " +
         std::to_string(r.field_offset()) + " has the wrong wire type; skipped");
    return false;
  }

  void NestedError(const FieldReader& r, const char* what) {
    if (r.ok()) return;
    Warn(std::string("corrupt ") + what + " at byte " + std::to_string(r.error_offset()) + ": " +
         r.error());
  }

  void DecodeValueType(const FieldReader& outer) {
    FieldReader r(outer.bytes(), outer.bytes_offset());
    ValueType vt;
    while (r.Next()) {
      if (r.type() != WireType::kVarint) continue;
      if (r.number() == field::kValueTypeType) vt.type = static_cast<int64_t>(r.value());
      if (r.number() == field::kValueTypeUnit) vt.unit = static_cast<int64_t>(r.value());
    }
    NestedError(r, "sample type");
    Ref(vt.type);
    Ref(vt.unit);
    d_.sample_types.push_back(vt);
  }

  void DecodeLocation(const FieldReader& outer) {
    FieldReader r(outer.bytes(), outer.bytes_offset());
    Location loc;
    loc.first_line = static_cast<uint32_t>(d_.lines.size());
    while (r.Next()) {
      if (r.number() == field::kLocationLine && r.type() == WireType::kLen) {
        FieldReader lr(r.bytes(), r.bytes_offset());
        Line line;
        while (lr.Next()) {
          if (lr.type() != WireType::kVarint) continue;
          if (lr.number() == field::kLineFunctionId) line.function_id = lr.value();
          if (lr.number() == field::kLineLine) line.line = static_cast<int64_t>(lr.value());
        }
        NestedError(lr, "location line");
        d_.lines.push_back(line);
        ++loc.line_count;
      } else if (r.type() == WireType::kVarint) {
        if (r.number() == field::kLocationId) loc.id = r.value();
        if (r.number() == field::kLocationAddress) loc.address = r.value();
      }
    }
    NestedError(r, "location");
    d_.locations.push_back(loc);
  }

  void DecodeFunction(const FieldReader& outer) {
    FieldReader r(outer.bytes(), outer.bytes_offset());
    Function fn;
    while (r.Next()) {
      if (r.type() != WireType::kVarint) continue;
      auto v = static_cast<int64_t>(r.value());
      switch (r.number()) {
        case field::kFunctionId:
          fn.id = r.value();
          break;
        case field::kFunctionName:
          fn.name = v;
          break;
        case field::kFunctionSystemName:
          fn.system_name = v;
          break;
        case field::kFunctionFilename:
          fn.filename = v;
          break;
        default:
          break;
      }
    }
    NestedError(r, "function");
    Ref(fn.name);
    Ref(fn.system_name);
    Ref(fn.filename);
    d_.functions.push_back(fn);
  }

  std::string_view Str(int64_t index) {
    if (index >= 0 && static_cast<uint64_t>(index) < d_.strings.size()) {
      return d_.strings[static_cast<size_t>(index)];
    }
    return {};
  }

  // Pass 2: the model.
  void Build() {
    Snapshot s;
    s.input = input_;
    s.format = InputFormat::kProfile;
    value_index_ = ChooseValue(s.leak_profile);
    if (size_t dups = functions_.Build(d_.functions); dups > 0) {
      Warn(std::to_string(dups) + " functions repeat an id; the first of each is used");
    }
    if (size_t dups = locations_.Build(d_.locations); dups > 0) {
      Warn(std::to_string(dups) + " locations repeat an id; the first of each is used");
    }
    InternLocations();
    IndexAddresses(s);
    for (const Sample& sample : d_.samples) {
      AddSample(sample, s);
    }
    if (negative_refs_ > 0 || max_string_ref_ >= static_cast<int64_t>(d_.strings.size())) {
      Warn("profile refers to string " + std::to_string(max_string_ref_) +
           " but its string table holds " + std::to_string(d_.strings.size()) +
           " strings: it is truncated or corrupt; names it lacks are left empty");
    }
    if (unknown_locations_ > 0) {
      Warn(std::to_string(unknown_locations_) +
           " sample frames refer to locations the profile does not define; they are left out");
    }
    if (unknown_functions_ > 0) {
      Warn(std::to_string(unknown_functions_) +
           " location lines refer to functions the profile does not define");
    }
    if (cut_stacks_ > 0) {
      Warn(std::to_string(cut_stacks_) + " stacks were too deep and were cut");
    }
    out_.snapshots.push_back(std::move(s));
  }

  // Which of the sample's values is the goroutine count, and whether this is
  // the goroutine-leak profile.
  size_t ChooseValue(bool& leak) {
    leak = false;
    int64_t first_count = -1;
    for (size_t i = 0; i < d_.sample_types.size(); ++i) {
      std::string_view type = Str(d_.sample_types[i].type);
      if (type == "goroutineleak") leak = true;
      if (type == "goroutine" || type == "goroutineleak") return i;
      if (first_count < 0 && Str(d_.sample_types[i].unit) == "count") {
        first_count = static_cast<int64_t>(i);
      }
    }
    std::string what = d_.sample_types.empty()
                           ? std::string("no sample type")
                           : "sample type \"" + std::string(Str(d_.sample_types[0].type)) + "\"";
    Warn("profile has " + what + ", not a goroutine profile; its samples are read as goroutines");
    return first_count >= 0 ? static_cast<size_t>(first_count) : 0;
  }

  // Each location becomes its frames once; samples then only copy ids.
  void InternLocations() {
    loc_frame_start_.resize(d_.locations.size() + 1);
    for (size_t i = 0; i < d_.locations.size(); ++i) {
      loc_frame_start_[i] = static_cast<uint32_t>(loc_frames_.size());
      const Location& loc = d_.locations[i];
      if (loc.line_count == 0) {
        Frame f;
        f.function = symbols_.Intern(HexAddress(loc.address));
        loc_frames_.push_back(symbols_.InternFrame(f));
        continue;
      }
      for (uint32_t k = 0; k < loc.line_count; ++k) {
        const Line& line = d_.lines[loc.first_line + k];
        Frame f;
        uint32_t fi = functions_.Find(line.function_id);
        std::string_view name;
        if (fi == IdIndex::kNone) {
          ++unknown_functions_;
        } else {
          const Function& fn = d_.functions[fi];
          name = Str(fn.name);
          if (name.empty()) name = Str(fn.system_name);
          name = PrintedFunctionName(name, name_scratch_);
          f.file = symbols_.Intern(Str(fn.filename));
        }
        f.function =
            name.empty() ? symbols_.Intern(HexAddress(loc.address)) : symbols_.Intern(name);
        f.line = static_cast<int32_t>(std::clamp<int64_t>(line.line, 0, INT32_MAX));
        // The first line is the innermost; all but the last were inlined
        // into the function of the line after them.
        f.inlined = k + 1 < loc.line_count;
        loc_frames_.push_back(symbols_.InternFrame(f));
      }
    }
    loc_frame_start_[d_.locations.size()] = static_cast<uint32_t>(loc_frames_.size());
  }

  // Address -> frames, for reading a debug=1 profile of the same binary,
  // whose "@" lines hold the PCs of the runtime frames it does not print.
  void IndexAddresses(Snapshot& s) const {
    for (size_t i = 0; i < d_.locations.size(); ++i) {
      uint64_t address = d_.locations[i].address;
      if (address == 0) continue;
      auto first = loc_frames_.begin() + loc_frame_start_[i];
      auto last = loc_frames_.begin() + loc_frame_start_[i + 1];
      s.frames_at_pc.try_emplace(address, first, last);
    }
  }

  void AddSample(const Sample& sample, Snapshot& s) {
    loc_ids_.clear();
    values_.clear();
    labels_.clear();
    FieldReader r(sample.bytes, sample.offset);
    while (r.Next()) {
      switch (r.number()) {
        case field::kSampleLocationId:
          if (!pb::AppendVarints(r, loc_ids_)) Warn(BadField(r, "location ids"));
          break;
        case field::kSampleValue:
          if (!pb::AppendVarints(r, values_)) Warn(BadField(r, "values"));
          break;
        case field::kSampleLabel:
          if (r.type() == WireType::kLen) AddLabel(r);
          break;
        default:
          break;
      }
    }
    NestedError(r, "sample");
    if (value_index_ >= values_.size()) {
      Warn("sample at byte " + std::to_string(sample.offset) + " has no count; skipped");
      return;
    }
    auto count = static_cast<int64_t>(values_[value_index_]);
    if (count < 0) {
      Warn("sample at byte " + std::to_string(sample.offset) + " has a negative count; skipped");
      return;
    }
    if (count == 0) return;  // stands for no goroutine at all

    GoroutineRecord g;
    g.count = static_cast<uint32_t>(std::min<int64_t>(count, UINT32_MAX));
    g.leaked = s.leak_profile;
    g.labels = FormatLabels();
    g.stack = InternSampleStack();
    g.state = StateFromFrames();
    s.goroutines.push_back(g);
  }

  std::string BadField(const FieldReader& r, const char* what) {
    return std::string("malformed sample ") + what + " at byte " + std::to_string(r.bytes_offset());
  }

  // Profiles print no wait states, but one frame says it for certain: only
  // `select {}` parks in runtime.block. (A nil-channel wait looks like any
  // other channel wait here.)
  StrId StateFromFrames() {
    // runtime.gopark, then runtime.block: the park is a frame or two in.
    for (size_t i = 0; i < frames_.size() && i < 3; ++i) {
      if (symbols_.Str(symbols_.GetFrame(frames_[i]).function) == "runtime.block") {
        if (block_state_ == kNoStr) block_state_ = symbols_.Intern("select (no cases)");
        return block_state_;
      }
    }
    return kNoStr;
  }

  StackId InternSampleStack() {
    frames_.clear();
    bool cut = false;
    for (uint64_t id : loc_ids_) {
      uint32_t li = locations_.Find(id);
      if (li == IdIndex::kNone) {
        ++unknown_locations_;
        continue;
      }
      uint32_t begin = loc_frame_start_[li];
      uint32_t end = loc_frame_start_[li + 1];
      uint64_t n = end - begin;
      if (frames_.size() + n > kMaxStackFrames || n > frame_budget_) {
        cut = true;
        break;
      }
      frame_budget_ -= n;
      // Most locations hold one frame: a plain loop beats a range insert.
      for (uint32_t k = begin; k < end; ++k)
        frames_.push_back(loc_frames_[k]);
    }
    if (cut) ++cut_stacks_;
    // The runtime records at most kDefaultProfStackDepth frames including
    // runtime.goexit, which the encoder then drops: a stack of exactly that
    // many frames had more.
    if (frames_.size() == kDefaultProfStackDepth) cut = true;
    return symbols_.InternStack(frames_, 0, cut);
  }

  void AddLabel(const FieldReader& outer) {
    FieldReader r(outer.bytes(), outer.bytes_offset());
    int64_t key = 0, str = 0, num = 0;
    bool has_str = false, has_num = false;
    while (r.Next()) {
      if (r.type() != WireType::kVarint) continue;
      auto v = static_cast<int64_t>(r.value());
      if (r.number() == field::kLabelKey) key = v;
      if (r.number() == field::kLabelStr) str = v, has_str = true;
      if (r.number() == field::kLabelNum) num = v, has_num = true;
      if (r.number() == field::kLabelNumUnit) Ref(v);
    }
    NestedError(r, "label");
    Ref(key);
    Ref(str);
    std::string entry;
    AppendQuoted(Str(key), entry);
    entry.push_back(':');
    if (has_str || !has_num) {
      AppendQuoted(Str(str), entry);
    } else {
      entry += std::to_string(num);
    }
    labels_.push_back(std::move(entry));
  }

  // {"k":"v", "n":3}, entries sorted like the runtime sorts them in debug=1.
  StrId FormatLabels() {
    if (labels_.empty()) return kNoStr;
    std::sort(labels_.begin(), labels_.end());
    label_text_.assign("{");
    for (size_t i = 0; i < labels_.size(); ++i) {
      if (i > 0) label_text_ += ", ";
      label_text_ += labels_[i];
    }
    label_text_.push_back('}');
    return symbols_.Intern(label_text_);
  }

  void Warn(std::string message) {
    if (warnings_++ >= kMaxWarnings) return;
    out_.warnings.push_back(Warning{input_, 0, std::move(message)});
  }

  void Finish() {
    if (warnings_ > kMaxWarnings) {
      out_.warnings.push_back(Warning{
          input_, 0, std::to_string(warnings_ - kMaxWarnings) + " more warnings not shown"});
    }
  }

  const std::string& input_;
  ReadResult& out_;
  StrId block_state_ = kNoStr;
  Symbols& symbols_;
  std::string name_scratch_;  // printed form of a generic function name
  Decoded d_;
  IdIndex functions_;
  IdIndex locations_;
  std::vector<uint32_t> loc_frame_start_;  // location index -> first of its frames
  std::vector<FrameId> loc_frames_;
  size_t value_index_ = 0;
  uint64_t frame_budget_ = 0;
  // Scratch reused across samples.
  std::vector<uint64_t> loc_ids_;
  std::vector<uint64_t> values_;
  std::vector<std::string> labels_;
  std::string label_text_;
  std::vector<FrameId> frames_;
  int64_t max_string_ref_ = 0;  // index 0, "", is always used
  size_t negative_refs_ = 0;
  std::vector<uint64_t> scratch_;
  size_t unknown_locations_ = 0;
  size_t unknown_functions_ = 0;
  size_t cut_stacks_ = 0;
  size_t warnings_ = 0;
};

}  // namespace

void ParseProfile(std::string_view bytes, const std::string& input_name, const ParseOptions& opts,
                  ReadResult& out) {
  ProfileParser(input_name, out).Run(bytes);
}

}  // namespace gopit
