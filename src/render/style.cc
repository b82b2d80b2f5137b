#include "render/style.h"

#include <unistd.h>

#include <cstdlib>

namespace gopit {

bool Style::ShouldColor(ColorMode mode, int fd) {
  if (mode == ColorMode::kAlways) return true;
  if (mode == ColorMode::kNever) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return isatty(fd) == 1;
}

std::string Style::Wrap(const char* code, std::string_view s) const {
  if (!on_) return std::string(s);
  std::string r = "\x1b[";
  r += code;
  r += 'm';
  r += s;
  r += "\x1b[0m";
  return r;
}

}  // namespace gopit
