// The readers of `go test` output on arbitrary bytes: the -json stream
// reader, the -v log reader (called directly too, so JSON-looking input
// reaches it), the CI wrapper detection, and Finish(), which parses the
// dumps in package output. No crash, no hang, and every test it reports has
// one of the results the model allows.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gotest/test_events.h"
#include "gotest/test_log_wrapper.h"

namespace {

void CheckReport(const gopit::TestRunReport& r) {
  for (const gopit::PackageResult& p : r.packages) {
    if (p.result.empty()) __builtin_trap();
    for (const gopit::TestResult& t : p.tests) {
      if (t.result != "pass" && t.result != "fail" && t.result != "skip" && t.result != "hung")
        __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  {
    gopit::TestRunBuilder b;
    gopit::ReadTestStream(text, b);
    b.counts();
    b.PackagesRunning();
    CheckReport(b.Finish());
  }
  {
    gopit::TestRunBuilder b;
    gopit::ReadVerboseStream(text, b);
    CheckReport(b.Finish());
  }
  std::string unwrapped;
  if (gopit::UnwrapTestLog(text, unwrapped) && unwrapped.size() > 2 * size + 16) __builtin_trap();
  size_t nl = text.find('\n');
  gopit::TestEvent e;
  std::string error;
  gopit::ParseTestEventLine(text.substr(0, nl), e, error);
  return 0;
}
