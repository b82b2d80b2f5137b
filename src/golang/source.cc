#include "golang/source.h"

#include <algorithm>

namespace gopit::golang {

Position LineTable::Lookup(uint32_t offset) const {
  // The last line start <= offset.
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  size_t line = static_cast<size_t>(it - starts_.begin());  // >= 1: starts_[0] == 0
  Position p;
  p.line = static_cast<int32_t>(line);
  p.column = static_cast<int32_t>(offset - starts_[line - 1]) + 1;
  p.offset = offset;
  return p;
}

std::string FormatLineCol(const Position& p) {
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

}  // namespace gopit::golang
