#include "dump/hidden_frames.h"

#include <string>
#include <vector>

namespace gopit {
namespace {

using PcTable = std::unordered_map<uint64_t, std::vector<FrameId>>;

// A return PC on an "@" line is one past the call; a location's address is
// the call's PC. The innermost PC of a stack may be recorded as is.
const std::vector<FrameId>* Find(const PcTable& table, uint64_t pc) {
  auto it = table.find(pc - 1);
  if (it == table.end()) it = table.find(pc);
  return it == table.end() ? nullptr : &it->second;
}

// Whether `profile` was written by the binary that wrote `debug1`: the PC
// printed for each record's first shown frame names the same function.
bool SameBinary(const Symbols& symbols, const Snapshot& debug1, const Snapshot& profile,
                bool& contradicts) {
  size_t agree = 0, disagree = 0;
  for (size_t i = 0; i < debug1.goroutines.size(); ++i) {
    uint64_t pc = debug1.hidden_pcs[i].first_shown;
    const Stack& stack = symbols.GetStack(debug1.goroutines[i].stack);
    if (pc == 0 || stack.frames.empty()) continue;
    auto it = profile.frames_at_pc.find(pc);
    if (it == profile.frames_at_pc.end() || it->second.empty()) continue;
    FrameId shown = stack.frames.front();
    FrameId named = it->second.front();
    bool same = symbols.GetFrame(shown).function == symbols.GetFrame(named).function;
    agree += same;
    disagree += !same;
  }
  contradicts = disagree > 0;
  return agree > 0 && disagree == 0;
}

// The record's whole stack when every hidden PC is named; else false.
bool Resolve(const Symbols& symbols, const PcTable& table, const HiddenPcs& hidden,
             const Stack& printed, std::vector<FrameId>& out) {
  out.clear();
  for (uint64_t pc : hidden.pcs) {
    const std::vector<FrameId>* frames = Find(table, pc);
    if (frames == nullptr) return false;
    out.insert(out.end(), frames->begin(), frames->end());
  }
  // A hidden PC inside the first printed function (a runtime call inlined
  // into it, e.g. goparkunlock into sync.runtime_notifyListWait) names that
  // function too: keep it once, as printed.
  if (!printed.frames.empty()) {
    StrId first = symbols.GetFrame(printed.frames.front()).function;
    while (!out.empty() && symbols.GetFrame(out.back()).function == first)
      out.pop_back();
  }
  out.insert(out.end(), printed.frames.begin(), printed.frames.end());
  return true;
}

// As the debug=0 parser says it: only `select {}` parks in runtime.block.
bool BlocksForever(const Symbols& symbols, const std::vector<FrameId>& frames) {
  for (size_t i = 0; i < frames.size() && i < 3; ++i) {
    if (symbols.Str(symbols.GetFrame(frames[i]).function) == "runtime.block") return true;
  }
  return false;
}

}  // namespace

std::vector<size_t> ResolveHiddenFrames(ReadResult& read) {
  Symbols& symbols = *read.symbols;
  std::vector<const Snapshot*> profiles;
  for (const Snapshot& s : read.snapshots) {
    if (s.format == InputFormat::kProfile && !s.frames_at_pc.empty()) profiles.push_back(&s);
  }
  std::vector<bool> used(read.snapshots.size(), false);
  if (profiles.empty()) return {};
  std::vector<FrameId> frames;
  for (Snapshot& s : read.snapshots) {
    if (s.format != InputFormat::kDebug1 || s.hidden_pcs.size() != s.goroutines.size()) continue;
    std::vector<const Snapshot*> usable;
    for (const Snapshot* p : profiles) {
      bool contradicts = false;
      if (SameBinary(symbols, s, *p, contradicts)) {
        usable.push_back(p);
      } else if (contradicts) {
        read.warnings.push_back(
            Warning{p->input, 0,
                    "its PCs name other functions than the debug=1 profile " + s.input +
                        " prints for them (another build of the program?); not used to name "
                        "that profile's hidden runtime frames"});
      }
    }
    if (usable.empty()) continue;
    StrId no_cases = kNoStr;
    for (size_t i = 0; i < s.goroutines.size(); ++i) {
      GoroutineRecord& g = s.goroutines[i];
      const HiddenPcs& hidden = s.hidden_pcs[i];
      if (hidden.pcs.empty()) continue;
      for (const Snapshot* p : usable) {
        const Stack& printed = symbols.GetStack(g.stack);
        if (!Resolve(symbols, p->frames_at_pc, hidden, printed, frames)) continue;
        uint32_t elided = printed.elided;
        bool unknown = printed.elided_unknown;
        g.stack = symbols.InternStack(frames, elided, unknown);
        if (g.state == kNoStr && BlocksForever(symbols, frames)) {
          if (no_cases == kNoStr) no_cases = symbols.Intern("select (no cases)");
          g.state = no_cases;
        }
        used[static_cast<size_t>(p - read.snapshots.data())] = true;
        break;
      }
    }
  }
  std::vector<size_t> out;
  for (size_t i = 0; i < used.size(); ++i) {
    if (used[i]) out.push_back(i);
  }
  return out;
}

}  // namespace gopit
