// `gopit stacks --format json`: the versioned schema documented in docs/json.md.
#pragma once

#include <ostream>

#include "analysis/stacks_report.h"
#include "render/json_writer.h"

namespace gopit {

inline constexpr const char* kStacksSchema = "gopit.stacks/v1";

void RenderStacksJson(const StacksReport& report, std::ostream& out);

// Parts the diff report shares: a bucket's fields (inside an object the
// caller opens), one diagnosis object, the warnings.
void WriteBucketFields(JsonWriter& w, const Symbols& sym, const Bucket& b, bool any_ids);
void WriteDiagnosisJson(JsonWriter& w, const Diagnosis& d);
// The `warnings` array: input, line (or null), message.
void WriteWarningsJson(JsonWriter& w, const std::vector<Warning>& warnings);

}  // namespace gopit
