// DUMP012 test-leak: goroutines a test started that were still there after
// the settle, and which the leak profile did not prove (those are DUMP000).
#pragma once

#include "model/finding.h"

namespace gopit {

const RuleInfo& TestLeakRuleInfo();

}  // namespace gopit
