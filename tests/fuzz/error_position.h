// What the fuzz targets of YAML files check of an error: that it starts with
// "LINE:COL: " (both 1-based) after the file name.
#pragma once

#include <cstddef>
#include <string_view>

namespace gopit::fuzz {

inline bool IsPosition(std::string_view s) {
  size_t i = 0;
  for (int part = 0; part < 2; ++part) {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
      ++i;
    if (i == start || s[start] == '0' || i >= s.size() || s[i] != ':') return false;
    ++i;
  }
  return i < s.size() && s[i] == ' ';
}

}  // namespace gopit::fuzz
