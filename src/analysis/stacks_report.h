// What `gopit stacks` reports: the snapshots read and their buckets.
#pragma once

#include <string>
#include <vector>

#include "analysis/buckets.h"
#include "analysis/diagnosis.h"
#include "model/snapshot.h"

namespace gopit {

struct InputSummary {
  std::string name;
  size_t snapshots = 0;
  std::string error;  // empty when the input was read
};

struct StacksReport {
  const ReadResult* read = nullptr;
  std::vector<InputSummary> inputs;
  BucketOptions options;
  BucketReport buckets;
  bool diagnosed = false;            // false with --no-diagnose
  std::vector<Diagnosis> diagnoses;  // most important first
};

}  // namespace gopit
