#include "dump/read_bytes.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gopit {

bool ReadBytes(const std::string& spec, std::string& out, std::string& error) {
  out.clear();
  int fd = spec == "-" ? STDIN_FILENO : open(spec.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = spec + ": " + std::strerror(errno);
    return false;
  }
  struct stat sb {};
  if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    if (fd != STDIN_FILENO) close(fd);
    error = spec + ": is a directory";
    return false;
  }
  char buf[1 << 16];
  bool ok = true;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<size_t>(n));
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      error = spec + ": " + std::strerror(errno);
      ok = false;
      break;
    }
  }
  if (fd != STDIN_FILENO) close(fd);
  return ok;
}

}  // namespace gopit
