// Test ownership of goroutines and the hung-test verdict (see test_owner.h).
#include "analysis/test_owner.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace gopit {
namespace {

constexpr std::string_view kTRunner = "testing.tRunner";
// Bounds the walk up `created by ... in goroutine N` chains: a cycle cannot
// come from the runtime, but a doctored dump may hold one.
constexpr int kMaxCreatorDepth = 64;

std::string_view FunctionOf(const Symbols& symbols, FrameId f) {
  return symbols.Str(symbols.GetFrame(f).function);
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// The innermost frame that is not the runtime's or a sync primitive's own:
// where the goroutine's code asked to wait.
std::string_view WaitingFunction(const Symbols& symbols, const std::vector<FrameId>& frames) {
  for (FrameId f : frames) {
    std::string_view fn = FunctionOf(symbols, f);
    if (StartsWith(fn, "runtime.") || StartsWith(fn, "internal/") || StartsWith(fn, "sync.") ||
        StartsWith(fn, "time.")) {
      continue;
    }
    return fn;
  }
  return {};
}

// testing.(*T).Run, testing/synctest.Test: the machinery that starts a
// test's goroutines, not a place in the user's code.
bool InTestingPackage(std::string_view fn) {
  return StartsWith(fn, "testing.") || StartsWith(fn, "testing/");
}

bool Blocking(Category c) {
  return c == Category::kChannel || c == Category::kSelect || c == Category::kLock ||
         c == Category::kWaitGroup || c == Category::kCond;
}

bool IsTestFile(std::string_view file) {
  return file.size() > 8 && file.substr(file.size() - 8) == "_test.go";
}

// What a goroutine that is not deadlocked does, for the message.
std::string_view ProgressVerb(Category c) {
  switch (c) {
    case Category::kSleep:
      return "sleeps at";
    case Category::kIO:
      return "waits for I/O at";
    case Category::kSyscall:
      return "is in a system call at";
    case Category::kRunning:
      return "runs at";
    default:
      return "is at";
  }
}

struct Member {
  const GoroutineRecord* rec;
  const GoroutineOwner* owner;
  Category category;
  const std::vector<FrameId>* frames;
};

std::string StateText(const Symbols& symbols, const Member& m) {
  std::string_view s = symbols.Str(m.rec->state);
  return s.empty() ? std::string() : " (" + std::string(s) + ")";
}

// "a.go:4 (chan send), b.go:9 (select)": the distinct places of `members`
// (`first`'s first, when given), at most three, then "and N more places".
std::string PlaceList(const Symbols& symbols, const std::vector<const Member*>& members,
                      const Member* first = nullptr) {
  constexpr size_t kMaxPlaces = 3;
  std::vector<std::string> places;
  auto add = [&](const Member* m) {
    std::string p = ShortPlace(UserLocation(symbols, *m->frames)) + StateText(symbols, *m);
    if (std::find(places.begin(), places.end(), p) == places.end()) places.push_back(p);
  };
  if (first) add(first);
  for (const Member* m : members)
    add(m);
  std::string out;
  for (size_t k = 0; k < places.size() && k < kMaxPlaces; ++k)
    out += (k ? ", " : "") + places[k];
  if (places.size() > kMaxPlaces)
    out += " and " + std::to_string(places.size() - kMaxPlaces) + " more places";
  return out;
}

// "goroutine 13 blocked at a.go:4 (chan send)" or "3 goroutines blocked at
// a.go:4 (chan send), b.go:9 (select)".
std::string BlockedPlaces(const Symbols& symbols, const std::vector<const Member*>& stuck,
                          const Member* first) {
  std::string who = stuck.size() == 1 ? "goroutine " + std::to_string(first->rec->id)
                                      : std::to_string(stuck.size()) + " goroutines";
  return who + " blocked at " + PlaceList(symbols, stuck, first);
}

// The verdict on a test whose synctest bubble panicked. The goroutine that
// reports the panic is not stuck; the bubble's durably blocked goroutines
// are, and no timeout or guess is involved: the runtime proved it.
std::optional<HungTest> BubbleVerdict(const Symbols& symbols, const Snapshot& snap,
                                      const std::string& test, const std::vector<Member>& g,
                                      BubbleEnd end, const RuleInfo& info) {
  std::vector<const Member*> stuck;
  for (const Member& m : g) {
    if (m.rec->id == snap.current_goroutine || m.owner->testing_wait) continue;
    if (m.rec->durable || Blocking(m.category)) stuck.push_back(&m);
  }
  if (stuck.empty()) return std::nullopt;
  // synctest's own goroutine waiting for the bubble is machinery, not the
  // test's: keep the goroutines that run user code when there are any.
  std::vector<const Member*> user;
  for (const Member* m : stuck)
    if (HasUserFrame(symbols, *m->frames)) user.push_back(m);
  if (!user.empty()) stuck = std::move(user);
  // Where to look: the code under test where it is blocked, before the
  // test's own goroutine waiting for it.
  const Member* blame = nullptr;
  for (const Member* m : stuck) {
    if (HasUserFrame(symbols, *m->frames) && !IsTestFile(UserLocation(symbols, *m->frames).file)) {
      blame = m;
      break;
    }
  }
  if (!blame) blame = stuck.front();

  HungTest h;
  h.test = test;
  h.deadlocked = true;
  Diagnosis& d = h.diagnosis;
  d.id = info.id;
  d.slug = info.slug;
  d.severity = info.severity;
  d.score = 97;
  d.goroutines = stuck.size();
  d.location = UserLocation(symbols, *blame->frames);
  std::string started;
  // The bubble's main goroutine is started by synctest itself: no news.
  if (blame->rec->created_by != kNoFrame &&
      !InTestingPackage(FunctionOf(symbols, blame->rec->created_by))) {
    const Frame& cf = symbols.GetFrame(blame->rec->created_by);
    d.created_by = CodeLocation{std::string(symbols.Str(cf.file)), cf.line,
                                std::string(symbols.Str(cf.function))};
    started = ", started at " + ShortPlace(*d.created_by);
  }
  std::string places = BlockedPlaces(symbols, stuck, blame);
  if (end == BubbleEnd::kBlockedRemain) {
    d.message = test + " left " + places + started +
                ": its synctest bubble's main goroutine returned, and nothing in the bubble can "
                "wake " +
                (stuck.size() == 1 ? "it" : "them");
  } else {
    d.message = test + " deadlocked in its synctest bubble: " + places + started +
                "; every goroutine in the bubble is durably blocked";
  }
  return h;
}

}  // namespace

BubbleEnd SynctestBubbleEnd(std::string_view reason) {
  if (!StartsWith(reason, "panic: deadlock: ")) return BubbleEnd::kNone;
  if (reason.find("blocked goroutines remain") != std::string_view::npos)
    return BubbleEnd::kBlockedRemain;
  if (reason.find("goroutines in bubble are blocked") != std::string_view::npos)
    return BubbleEnd::kAllBlocked;
  return BubbleEnd::kNone;
}

std::string TestNameOfFunction(std::string_view function) {
  size_t slash = function.rfind('/');
  std::string_view pkg_and_name =
      slash == std::string_view::npos ? function : function.substr(slash + 1);
  size_t dot = pkg_and_name.find('.');
  if (dot == std::string_view::npos) return {};
  std::string_view pkg = pkg_and_name.substr(0, dot);
  // The testing package's own functions (testing.runTests.func1, the
  // benchmark and fuzz drivers) run tests but are none.
  if (slash == std::string_view::npos && (pkg == "testing" || pkg == "runtime")) return {};
  std::string_view rest = pkg_and_name.substr(dot + 1);
  size_t end = rest.find_first_of(".[");
  std::string_view name = rest.substr(0, end);
  for (std::string_view prefix : {"Test", "Benchmark", "Fuzz", "Example"}) {
    if (!StartsWith(name, prefix)) continue;
    // Go's rule: TestXxx, where Xxx does not start with a lower-case letter.
    if (name.size() > prefix.size() && name[prefix.size()] >= 'a' && name[prefix.size()] <= 'z')
      return {};
    if (name == "TestMain") return {};
    return std::string(name);
  }
  return {};
}

std::vector<GoroutineOwner> OwnTests(const Symbols& symbols, const Snapshot& snap) {
  const auto& recs = snap.goroutines;
  std::vector<GoroutineOwner> owners(recs.size());
  std::unordered_map<uint64_t, size_t> by_id;
  for (size_t i = 0; i < recs.size(); ++i) {
    if (recs[i].id != 0 && !recs[i].thread_section) by_id.emplace(recs[i].id, i);
  }
  // Test bodies first: the function right above tRunner.
  for (size_t i = 0; i < recs.size(); ++i) {
    const auto& frames = symbols.GetStack(recs[i].stack).frames;
    for (size_t k = 1; k < frames.size(); ++k) {
      if (FunctionOf(symbols, frames[k]) != kTRunner) continue;
      std::string name = TestNameOfFunction(FunctionOf(symbols, frames[k - 1]));
      if (name.empty()) break;
      owners[i].test = std::move(name);
      owners[i].test_body = true;
      break;
    }
    if (!owners[i].test.empty()) {
      owners[i].testing_wait = StartsWith(WaitingFunction(symbols, frames), "testing.");
    }
  }
  // Then every other goroutine through its creators.
  for (size_t i = 0; i < recs.size(); ++i) {
    if (owners[i].test_body) continue;
    size_t cur = i;
    for (int depth = 0; depth < kMaxCreatorDepth; ++depth) {
      const GoroutineRecord& r = recs[cur];
      if (r.created_by != kNoFrame) {
        std::string name = TestNameOfFunction(FunctionOf(symbols, r.created_by));
        if (!name.empty()) {
          owners[i].test = std::move(name);
          break;
        }
      }
      auto it = r.created_by_goroutine ? by_id.find(r.created_by_goroutine) : by_id.end();
      if (it == by_id.end() || it->second == cur) break;
      cur = it->second;
      if (owners[cur].test_body) {
        owners[i].test = owners[cur].test;
        break;
      }
    }
  }
  return owners;
}

bool IsHungTestDump(const Symbols& symbols, const Snapshot& snap) {
  if (snap.format != InputFormat::kTraceback || snap.leak_profile) return false;
  const std::string& why = snap.reason;
  bool stopped = why.find("test timed out") != std::string::npos ||
                 why.find("all goroutines are asleep") != std::string::npos ||
                 SynctestBubbleEnd(why) != BubbleEnd::kNone || StartsWith(why, "SIGQUIT");
  if (!stopped) return false;
  for (const GoroutineOwner& o : OwnTests(symbols, snap)) {
    if (o.test_body) return true;
  }
  return false;
}

std::vector<HungTest> AnalyseHungTests(const Symbols& symbols, const Snapshot& snap,
                                       const RuleInfo& info) {
  std::vector<GoroutineOwner> owners = OwnTests(symbols, snap);
  const BubbleEnd bubble = SynctestBubbleEnd(snap.reason);
  std::vector<std::string> order;
  std::unordered_map<std::string, std::vector<Member>> groups;
  for (size_t i = 0; i < snap.goroutines.size(); ++i) {
    const GoroutineRecord& r = snap.goroutines[i];
    if (owners[i].test.empty() || r.thread_section) continue;
    const auto& frames = symbols.GetStack(r.stack).frames;
    Member m{&r, &owners[i], Classify(symbols, symbols.Str(r.state), frames, true), &frames};
    auto [it, fresh] = groups.try_emplace(owners[i].test);
    if (fresh) order.push_back(owners[i].test);
    it->second.push_back(m);
  }

  std::vector<HungTest> out;
  for (const std::string& test : order) {
    std::vector<Member>& g = groups[test];
    std::stable_sort(g.begin(), g.end(),
                     [](const Member& a, const Member& b) { return a.rec->id < b.rec->id; });
    if (bubble != BubbleEnd::kNone) {
      if (auto h = BubbleVerdict(symbols, snap, test, g, bubble, info))
        out.push_back(std::move(*h));
      continue;
    }
    // A test whose function has returned is not hung; what it left behind
    // is a leak, which the leak check reports.
    const Member* primary = nullptr;
    for (const Member& m : g) {
      if (m.owner->test_body && !m.owner->testing_wait) {
        primary = &m;
        break;
      }
    }
    if (!primary) {
      for (const Member& m : g) {
        if (m.owner->test_body) {
          primary = &m;
          break;
        }
      }
    }
    if (!primary) continue;

    HungTest h;
    h.test = test;
    h.deadlocked = std::all_of(g.begin(), g.end(), [](const Member& m) {
      return Blocking(m.category) || m.category == Category::kRuntime;
    });
    // Goroutines of the code under test that are stuck, and the
    // subtests parked in the testing package on the test's behalf.
    std::vector<const Member*> others;
    uint64_t parked_subtests = 0;
    for (const Member& m : g) {
      if (&m == primary) continue;
      if (m.owner->testing_wait) {
        ++parked_subtests;
        continue;
      }
      if (HasUserFrame(symbols, *m.frames)) others.push_back(&m);
    }

    Diagnosis& d = h.diagnosis;
    d.id = info.id;
    d.slug = info.slug;
    d.goroutines = g.size();
    CodeLocation at = UserLocation(symbols, *primary->frames);
    std::string head = test + " " +
                       std::string(h.deadlocked ? "deadlocked" : "hung, not deadlocked") +
                       ": goroutine " + std::to_string(primary->rec->id) + " ";
    if (!h.deadlocked) {
      // Name the goroutine that can still move: the user would look there.
      const Member* moving = primary;
      for (const Member& m : g) {
        if (!Blocking(m.category) && m.category != Category::kRuntime) {
          moving = &m;
          break;
        }
      }
      CodeLocation mat = UserLocation(symbols, *moving->frames);
      d.severity = Severity::kWarning;
      d.score = 70;
      d.location = mat;
      d.message = test + " hung, not deadlocked: goroutine " + std::to_string(moving->rec->id) +
                  " " + std::string(ProgressVerb(moving->category)) + " " + ShortPlace(mat) +
                  StateText(symbols, *moving) + " and can still make progress";
      if (moving != primary) {
        d.message += "; the test waits at " + ShortPlace(at) + StateText(symbols, *primary);
      }
      if (!moving->owner->test_body && moving->rec->created_by != kNoFrame) {
        const Frame& cf = symbols.GetFrame(moving->rec->created_by);
        d.created_by = CodeLocation{std::string(symbols.Str(cf.file)), cf.line,
                                    std::string(symbols.Str(cf.function))};
      }
      out.push_back(std::move(h));
      continue;
    }

    d.severity = info.severity;
    d.score = 97;
    const Member* blame = primary;
    std::string msg = head;
    if (!others.empty() && IsTestFile(at.file)) {
      // The test waits in its own file for the code under test: the place
      // to look is where that code is stuck.
      blame = others.front();
      msg += "waits at " + ShortPlace(at) + StateText(symbols, *primary) + " for ";
      msg += others.size() == 1 ? "goroutine " + std::to_string(others[0]->rec->id) + " blocked at "
                                : "goroutines blocked at ";
    } else {
      msg += "blocked at " + ShortPlace(at) + StateText(symbols, *primary);
      if (!others.empty())
        msg += others.size() == 1
                   ? "; also blocked: goroutine " + std::to_string(others[0]->rec->id) + " at "
                   : "; also blocked at ";
    }
    msg += PlaceList(symbols, others);
    const Member* starter = blame != primary ? blame : (others.empty() ? nullptr : others.front());
    // A subtest's goroutine is started by t.Run inside the testing package:
    // that place says nothing the test's name does not.
    if (starter && starter->rec->created_by != kNoFrame &&
        !InTestingPackage(FunctionOf(symbols, starter->rec->created_by))) {
      const Frame& cf = symbols.GetFrame(starter->rec->created_by);
      d.created_by = CodeLocation{std::string(symbols.Str(cf.file)), cf.line,
                                  std::string(symbols.Str(cf.function))};
      msg += ", started at " + ShortPlace(*d.created_by);
    }
    if (parked_subtests) {
      msg += "; " + std::to_string(parked_subtests) +
             (parked_subtests == 1 ? " subtest waits" : " subtests wait") +
             " in the testing package (t.Parallel or t.Run) for it";
    }
    d.location = UserLocation(symbols, *blame->frames);
    d.message = std::move(msg);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace gopit
