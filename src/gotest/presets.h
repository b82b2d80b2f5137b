// Shipped ignore presets: the background goroutines of well-known libraries
// that live for the whole process by design, so a test that touched the
// library did not leak them. Each is documented in docs/test-leaks.md; turn
// one off with --no-preset NAME or `test: no-presets: [NAME]`.
#pragma once

#include <string>
#include <vector>

#include "gotest/leak_ignore.h"

namespace gopit {

struct LeakPreset {
  std::string name;
  std::string summary;
  std::string verified_in;  // where the function names were checked
  std::vector<IgnoreRule> rules;
};

const std::vector<LeakPreset>& LeakPresets();

// The rules of every preset not named in `disabled`. Unknown names in
// `disabled` are returned in `unknown`.
std::vector<IgnoreRule> PresetRules(const std::vector<std::string>& disabled,
                                    std::vector<std::string>* unknown = nullptr);

}  // namespace gopit
