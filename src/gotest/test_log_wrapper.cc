#include "gotest/test_log_wrapper.h"

#include "dump/wrapped_text.h"

namespace gopit {
namespace {

constexpr size_t kLookBytes = 64u << 10;

}  // namespace

bool IsGoTestLine(std::string_view line) {
  // Indented result lines are subtests'.
  std::string_view t = line;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
    t.remove_prefix(1);
  for (std::string_view p : {"=== RUN   ", "=== PAUSE ", "=== CONT  ", "=== NAME  ",
                             "--- PASS: ", "--- FAIL: ", "--- SKIP: "}) {
    if (t.starts_with(p)) return true;
  }
  if (t.size() != line.size()) return false;
  for (std::string_view p : {"ok  \t", "FAIL\t", "?   \t", "panic: test timed out after "}) {
    if (line.starts_with(p)) return true;
  }
  // A test2json event: {"Time":...,"Action":...} or {"ImportPath":...}.
  return line.starts_with("{\"") && line.find("\"Action\":\"") != std::string_view::npos;
}

bool UnwrapTestLog(std::string_view text, std::string& out) {
  std::string_view head = text.substr(0, kLookBytes);
  size_t pos = 0;
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    std::string_view line = head.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? head.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsGoTestLine(line)) return false;  // go's own lines come first: not wrapped
    TextWrapper w;
    if (line.starts_with("{\"") && line.find("\"log\":\"") != std::string_view::npos) {
      // docker json-file: the prefix is the object up to the log text.
      size_t at = line.find("\"log\":\"") + 7;
      w = WrapperOfPrefix(line.substr(0, at));
    } else {
      std::string_view rest = StripWrapperPrefix(line);
      if (rest.size() == line.size() || !IsGoTestLine(rest)) continue;
      w = WrapperOfPrefix(line.substr(0, line.size() - rest.size()));
    }
    if (!w.Wrapped()) continue;
    out = Unwrap(text, w);
    return true;
  }
  return false;
}

}  // namespace gopit
