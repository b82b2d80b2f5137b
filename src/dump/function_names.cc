#include "dump/function_names.h"

namespace gopit {

std::string_view PrintedFunctionName(std::string_view name, std::string& scratch) {
  size_t open = name.find('[');
  size_t close = name.rfind(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close <= open) {
    return name;
  }
  if (name.substr(open, close - open + 1) == "[...]") return name;
  scratch.assign(name.substr(0, open));
  scratch += "[...]";
  scratch.append(name.substr(close + 1));
  return scratch;
}

}  // namespace gopit
