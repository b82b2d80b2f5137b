#include "render/paths.h"

namespace gopit {

std::string ShortPath(std::string_view path) {
  size_t mod = path.find("/pkg/mod/");
  if (mod != std::string_view::npos) return std::string(path.substr(mod + 9));
  size_t goroot = path.find("/go/src/");
  if (goroot != std::string_view::npos) return std::string(path.substr(goroot + 8));
  size_t last = path.rfind('/');
  if (last == std::string_view::npos || last == 0) return std::string(path);
  size_t prev = path.rfind('/', last - 1);
  return std::string(prev == std::string_view::npos ? path : path.substr(prev + 1));
}

}  // namespace gopit
