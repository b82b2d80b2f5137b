// DUMP001 blocked-forever: a nil-channel operation or an empty select.
#include <cmath>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP001", "blocked-forever", Severity::kError,
    "Goroutines that can never wake: send or receive on a nil channel, select with no cases.",
    R"(## What it finds
Goroutines in the states `[chan send (nil chan)]`, `[chan receive (nil chan)]`
or `[select (no cases)]`. An operation on a nil channel blocks forever, and
so does `select {}`.

## Why it is bad
Nothing can ever wake these goroutines. A nil channel is almost always a
field or variable that was never initialised (`var ch chan T` without
`make`), or one set to nil to disable a `select` case and then used
outside it. `select {}` is sometimes meant (to park `main`), but in any
goroutine that is started per request or per connection it is a leak.

## Example
From a `debug=2` dump of tests/go/states:
```
goroutine 140 [chan send (nil chan)]:
main.sendNil(0x0?)
	/work/main/tests/go/states/main.go:67 +0x25
created by main.startSites in goroutine 1
	/work/main/tests/go/states/main.go:300 +0x104d
```

## Fix
Initialise the channel with `make`, or guard the operation; replace
`select {}` in workers by a wait on a done channel or a context.

## Score
90 + log2(1 + goroutines); a single `select {}` goroutine (usually `main`
parked on purpose) is info, not an error.

## Known limits
debug=1 and debug=0 profiles do not print wait states, so there this
diagnosis cannot fire; take a `debug=2` dump.)"};

class Dump001 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    for (const Bucket& b : in.buckets.buckets) {
      if (b.leaked == b.count && b.count > 0) continue;  // DUMP000 says it with proof
      std::string_view state = in.symbols.Str(b.state);
      bool nil_chan = state.find("(nil chan)") != std::string_view::npos;
      bool no_cases = state.find("select (no cases)") != std::string_view::npos;
      if (!nil_chan && !no_cases) continue;
      Diagnosis d = MakeDiagnosis(kInfo, in.symbols, b);
      d.score = 90 + std::log2(1.0 + static_cast<double>(b.count));
      // One goroutine parked in select {} from main is how some programs
      // stay alive on purpose.
      bool parked_main = no_cases && b.count == 1 && d.location.function == "main.main";
      if (parked_main) {
        d.severity = Severity::kInfo;
        d.score = 1;
      }
      std::string what = nil_chan ? (state.starts_with("chan send") ? "send on a nil channel"
                                                                    : "receive from a nil channel")
                                  : "select with no cases";
      d.message = std::to_string(b.count) + (b.count == 1 ? " goroutine" : " goroutines") +
                  " blocked forever: " + what + " at " + ShortPlace(d.location) +
                  (d.created_by ? ", started at " + ShortPlace(*d.created_by) : "") +
                  (nil_chan ? "; the channel was never made, or was set to nil"
                            : (parked_main ? "; main parked on purpose?" : ""));
      out.push_back(std::move(d));
    }
  }
};

}  // namespace

const DumpDiagnosis& Dump001Diagnosis() {
  static const Dump001 d;
  return d;
}

}  // namespace gopit
