// /metrics of `watch --listen`, in the Prometheus text exposition format
// (0.0.4), every metric and label documented in docs/metrics.md. Label
// cardinality is bounded: the buckets the report keeps per target
// (WatchSettings::top_buckets), and never more than 50 of them. A repeated
// target name is exported once (the first), label values that are not UTF-8
// get U+FFFD, so whatever the report holds the text stays valid.
#pragma once

#include <ostream>

#include "analysis/watch_report.h"

namespace gopit {

void RenderPrometheusMetrics(const WatchReport& report, std::ostream& out);

}  // namespace gopit
