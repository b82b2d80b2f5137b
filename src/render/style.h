// Terminal styling: colour only when asked for or on a terminal, and never
// when NO_COLOR is set (https://no-color.org).
#pragma once

#include <string>
#include <string_view>

namespace gopit {

enum class ColorMode { kAuto, kAlways, kNever };

class Style {
 public:
  explicit Style(bool enabled) : on_(enabled) {}
  // Resolves kAuto for the given file descriptor.
  static bool ShouldColor(ColorMode mode, int fd);

  std::string Bold(std::string_view s) const { return Wrap("1", s); }
  std::string Dim(std::string_view s) const { return Wrap("2", s); }
  std::string Red(std::string_view s) const { return Wrap("31", s); }
  std::string Yellow(std::string_view s) const { return Wrap("33", s); }
  std::string Green(std::string_view s) const { return Wrap("32", s); }
  std::string Cyan(std::string_view s) const { return Wrap("36", s); }
  std::string Magenta(std::string_view s) const { return Wrap("35", s); }
  bool Enabled() const { return on_; }

 private:
  std::string Wrap(const char* code, std::string_view s) const;
  bool on_;
};

}  // namespace gopit
