// `gopit stacks` default output: a compact report for people, most
// goroutines first, that reads as well for 10 buckets as for 10,000.
#pragma once

#include <ostream>

#include "analysis/stacks_report.h"
#include "render/style.h"

namespace gopit {

struct TextOptions {
  size_t max_buckets = 40;  // 0: all
  size_t max_frames = 12;   // per bucket; 0: all
  bool color = false;
};

void RenderStacksText(const StacksReport& report, const TextOptions& opts, std::ostream& out);

}  // namespace gopit
