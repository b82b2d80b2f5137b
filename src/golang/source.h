// Byte offsets and the line/column positions they stand for.
//
// Positions are exact: lines are counted from 1 at each '\n', columns from 1
// in bytes (a tab is one column, a UTF-8 sequence counts its bytes), the way
// the Go tools count them. //line directives are not applied.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gopit::golang {

// An offset that names no position (e.g. a call without "...").
inline constexpr uint32_t kNoPos = UINT32_MAX;

struct Position {
  int32_t line = 0;    // 1-based; 0 when unknown
  int32_t column = 0;  // 1-based byte column
  uint32_t offset = 0;
  bool operator==(const Position&) const = default;
};

// The start offsets of the lines of one file, filled while lexing.
class LineTable {
 public:
  LineTable() { starts_.push_back(0); }
  void Clear() {
    starts_.clear();
    starts_.push_back(0);
  }
  // Records that a line starts at `offset` (one past a '\n'). Offsets must
  // be added in increasing order.
  void AddLine(uint32_t offset) { starts_.push_back(offset); }
  size_t LineCount() const { return starts_.size(); }

  // The position of `offset`. Offsets past the last recorded line belong to
  // that line.
  Position Lookup(uint32_t offset) const;

 private:
  std::vector<uint32_t> starts_;
};

// "LINE:COL".
std::string FormatLineCol(const Position& p);

}  // namespace gopit::golang
