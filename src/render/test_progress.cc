#include "render/test_progress.h"

#include <cstdio>

namespace gopit {

std::string TestProgressLine(const TestRunBuilder::Counts& c, size_t packages_total, size_t running,
                             double elapsed_s) {
  char buf[256];
  std::string line;
  // A total below what already started would be wrong (go list and go test
  // disagree on a pattern): then only what is known.
  if (packages_total >= c.packages_started && packages_total > 0) {
    snprintf(buf, sizeof buf, "packages %zu/%zu", c.packages_done, packages_total);
  } else {
    snprintf(buf, sizeof buf, "packages %zu done", c.packages_done);
  }
  line += buf;
  snprintf(buf, sizeof buf, "  passed %zu  failed %zu  hung %zu", c.passed, c.failed, c.hung);
  line += buf;
  if (c.skipped > 0) {
    snprintf(buf, sizeof buf, "  skipped %zu", c.skipped);
    line += buf;
  }
  if (running > 0) {
    snprintf(buf, sizeof buf, "  running in %zu", running);
    line += buf;
  }
  snprintf(buf, sizeof buf, "  %.1fs", elapsed_s);
  line += buf;
  return line;
}

}  // namespace gopit
