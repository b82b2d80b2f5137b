// Options every dump parser takes.
#pragma once

namespace gopit {

struct ParseOptions {
  // Keep each frame's raw argument text ("(0xc000010000, 0x5)"). Off by
  // default: arguments are mostly pointers that differ per goroutine, and
  // keeping them makes memory grow with goroutines instead of stacks.
  bool keep_args = false;
};

}  // namespace gopit
