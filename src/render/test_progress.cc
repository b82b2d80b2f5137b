#include "render/test_progress.h"

#include <cstdio>

namespace gopit {

std::string TestProgressLine(const TestRunBuilder::Counts& c, const TestProgressExtra& x,
                             double elapsed_s) {
  char buf[256];
  std::string line;
  // A total below what already started would be wrong (go list and go test
  // disagree on a pattern): then only what is known.
  if (x.packages_total >= c.packages_started && x.packages_total > 0) {
    snprintf(buf, sizeof buf, "packages %zu/%zu", c.packages_done, x.packages_total);
  } else {
    snprintf(buf, sizeof buf, "packages %zu done", c.packages_done);
  }
  line += buf;
  snprintf(buf, sizeof buf, "  passed %zu  failed %zu  hung %zu", c.passed, c.failed, c.hung);
  line += buf;
  if (x.leaking) {
    snprintf(buf, sizeof buf, "  leaking %zu", *x.leaking);
    line += buf;
  }
  if (c.skipped > 0) {
    snprintf(buf, sizeof buf, "  skipped %zu", c.skipped);
    line += buf;
  }
  if (x.running > 0) {
    snprintf(buf, sizeof buf, "  running in %zu", x.running);
    line += buf;
  }
  snprintf(buf, sizeof buf, "  %.1fs", elapsed_s);
  line += buf;
  return line;
}

}  // namespace gopit
