// The leak-check hooks without the leak check (see leak_hooks.h).
#include "gotest/leak_hooks.h"

namespace gopit {

struct LeakHookState {};

bool PrepareLeakHooks(const std::vector<std::string>&, const LeakFlags&, std::vector<std::string>&,
                      std::vector<std::string>&, LeakHookState*& state, std::string&) {
  state = nullptr;
  return true;
}

void CollectLeakHooks(LeakHookState* state, TestRunReport&) {
  delete state;
}

bool LeakCheckAvailable() {
  return false;
}

}  // namespace gopit
