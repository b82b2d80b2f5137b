// A parser for Go source files (the language as of Go 1.26, generics
// included) into the syntax tree of ast.h.
//
// Contract:
//  - It accepts exactly the files that go/parser.ParseFile accepts with
//    ParseComments|SkipObjectResolution, and builds the same tree (checked
//    against every file of the Go distribution by
//    tests/golang_conformance.sh). The only intended difference: nesting so
//    deep that it would exhaust `ParseOptions::max_stack_bytes` of stack is
//    an error ("exceeded max nesting depth") where go/parser goes on to its
//    own limit of 100000 levels.
//  - The first syntax error ends the parse: the result holds the error's
//    position and message and no tree. Nothing is thrown to the caller
//    (short of std::bad_alloc).
//  - Recursion is bounded: input can never overflow the stack.
//  - One file per call, no global state: parse different files on
//    different threads freely.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "golang/arena.h"
#include "golang/ast.h"
#include "golang/source.h"

namespace gopit::golang {

struct ParseOptions {
  // Stack the parser may use below its entry point before it gives up with
  // "exceeded max nesting depth". The parser also stays 128 KiB clear of the
  // end of the calling thread's stack (where the platform tells its
  // bounds), so small thread stacks lower the limit but never overflow.
  // 4 MiB allows nesting several thousand levels deep, whatever the
  // construct; real code nests a few dozen.
  size_t max_stack_bytes = size_t{4} << 20;
};

struct ParseError {
  Position pos;
  std::string message;
};

// One parsed file: its source text, line table, tree (in an arena) or error.
// Not copyable or movable (the tree points into it); hold it by unique_ptr.
class ParsedFile {
 public:
  // Parses `source`, which the result keeps (tree strings point into it).
  static std::unique_ptr<ParsedFile> Parse(std::string filename, std::string source,
                                           const ParseOptions& options = {});

  ParsedFile(const ParsedFile&) = delete;
  ParsedFile& operator=(const ParsedFile&) = delete;

  bool ok() const { return file_ != nullptr; }
  // The tree; null when the file did not parse.
  const File* file() const { return file_; }
  // Valid when !ok().
  const ParseError& error() const { return error_; }
  // "FILE:LINE:COL: MESSAGE" for a failed parse.
  std::string FormatError() const;

  const std::string& filename() const { return filename_; }
  std::string_view source() const { return source_; }
  Position PositionOf(uint32_t offset) const { return lines_.Lookup(offset); }
  const LineTable& lines() const { return lines_; }
  size_t arena_bytes() const { return arena_.BytesUsed(); }

 private:
  ParsedFile() = default;

  std::string filename_;
  std::string source_;
  LineTable lines_;
  Arena arena_;
  File* file_ = nullptr;
  ParseError error_;
};

}  // namespace gopit::golang
