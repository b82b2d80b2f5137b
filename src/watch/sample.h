// One sample of one target, as the sampler hands it to the history store.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analysis/watch_report.h"

namespace gopit::watch {

struct SampleRecord {
  std::string target;
  UnixMs t_ms = 0;
  double latency_ms = 0;
  std::string error;  // empty when the target answered and the body parsed
  uint64_t total = 0;
  std::map<std::string, uint64_t> by_category;
  std::vector<std::pair<uint64_t, uint64_t>> bucket_counts;  // fingerprint, count
};

}  // namespace gopit::watch
