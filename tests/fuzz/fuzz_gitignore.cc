// libFuzzer target for the .gitignore reader and git's wildcard matcher: any
// pattern file and any path must be matched without a crash or a hang
// (backtracking must stay bounded).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scan/gitignore.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // The first line is a path to check; the rest is the .gitignore.
  size_t nl = text.find('\n');
  std::string_view path = text.substr(0, nl);
  std::string_view rules = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);

  gopit::scan::IgnoreList root(rules, "");
  gopit::scan::IgnoreList sub(rules, "a/b");
  gopit::scan::IgnoreStack stack;
  stack.Push(root);
  stack.Push(sub);
  for (bool dir : {false, true}) {
    stack.IsIgnored(path, dir);
    root.Check(path, dir);
  }
  // Every rule line as a pattern against the path, with and without '/'
  // being special.
  while (!rules.empty()) {
    size_t e = rules.find('\n');
    std::string_view pattern = rules.substr(0, e);
    if (pattern.size() <= 4096) {
      bool slashed = gopit::scan::WildMatch(pattern, path, true);
      bool plain = gopit::scan::WildMatch(pattern, path, false);
      // Without pathname, '*' also crosses '/': what matches with it must
      // match without... except "**/" that may match nothing, which needs
      // the pathname rule. Only check paths without a slash, where both
      // modes agree.
      if (path.find('/') == std::string_view::npos && slashed != plain &&
          pattern.find("**") == std::string_view::npos) {
        __builtin_trap();
      }
    }
    rules.remove_prefix(e == std::string_view::npos ? rules.size() : e + 1);
  }
  return 0;
}
