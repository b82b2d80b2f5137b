#include "config/yaml_errors.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

namespace gopit::config {

namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

bool YamlErrors::Fail(const YAML::Mark& m, const std::string& what) {
  int line = m.is_null() ? 1 : m.line + 1;
  int col = m.is_null() ? 1 : m.column + 1;
  error = name + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + what;
  return false;
}

YAML::Mark MarkOf(const YAML::Node& node, const YAML::Mark& fallback) {
  YAML::Mark m = node.Mark();
  return m.is_null() || node.IsNull() ? fallback : m;
}

std::string Position(const YAML::Mark& m) {
  return std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

// Keys are the user's own words, so they are shown, but cut short: a long
// key is more likely pasted data than a typo.
std::string QuoteKey(std::string_view key) {
  std::string s(key.substr(0, 40));
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  return "\"" + s + (key.size() > 40 ? "...\"" : "\"");
}

std::string UnknownKey(std::string_view key, const std::vector<const char*>& known,
                       std::string_view where) {
  std::string msg = "unknown key " + QuoteKey(key) + std::string(where);
  const char* best = nullptr;
  size_t best_d = std::numeric_limits<size_t>::max();
  if (key.size() <= 64) {
    for (const char* k : known) {
      size_t d = EditDistance(key, k);
      if (d < best_d) best_d = d, best = k;
    }
  }
  // A suggestion only when it is plausibly the same word mistyped.
  size_t limit = std::max<size_t>(2, std::strlen(best ? best : "") / 3);
  if (best && best_d <= limit) msg += std::string("; did you mean \"") + best + "\"?";
  return msg;
}

const char* KindName(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return "a scalar";
    default:
      return "nothing";
  }
}

bool Scalar(YamlErrors& L, const std::string& key, const YAML::Node& v, const YAML::Mark& at,
            const char* expected, std::string& out) {
  if (!v.IsScalar()) {
    return L.Fail(MarkOf(v, at), key + ": expected " + expected + ", found " + KindName(v));
  }
  out = v.Scalar();
  return true;
}

// Duplicate keys are legal YAML to yaml-cpp, but the second would silently
// win (or lose): an error is kinder.
bool NoDuplicate(YamlErrors& L, std::map<std::string, YAML::Mark>& seen, const std::string& key,
                 const YAML::Mark& at, std::string_view where) {
  auto [it, fresh] = seen.emplace(key, at);
  if (fresh) return true;
  return L.Fail(at, "duplicate key " + QuoteKey(key) + std::string(where) + " (first at " +
                        Position(it->second) + ")");
}

bool ForEachKey(YamlErrors& L, const YAML::Node& m, const YAML::Mark& at, std::string_view context,
                const std::function<bool(const std::string& key, const YAML::Node& value,
                                         const YAML::Mark& key_mark)>& fn,
                std::map<std::string, YAML::Mark>* seen) {
  std::map<std::string, YAML::Mark> own;
  if (!seen) seen = &own;
  const std::string prefix = context.empty() ? "" : std::string(context) + ": ";
  const std::string where = context.empty() ? "" : " in " + std::string(context);
  for (auto it = m.begin(); it != m.end(); ++it) {
    const YAML::Node k = it->first;  // a copy: `it->` hands out a temporary
    const YAML::Node v = it->second;
    YAML::Mark km = MarkOf(k, at);
    if (!k.IsScalar()) return L.Fail(km, prefix + "a key must be a string");
    const std::string key = k.Scalar();
    if (!NoDuplicate(L, *seen, key, km, where)) return false;
    if (!fn(key, v, km)) return false;
  }
  return true;
}

bool LoadYaml(std::string_view text, YamlErrors& L,
              const std::function<bool(const YAML::Node&)>& load) {
  // yaml-cpp reports syntax errors (and its recursion limit) by throwing;
  // they end here.
  try {
    YAML::Node root = YAML::Load(std::string(text));
    return load(root);
  } catch (const YAML::Exception& e) {
    std::string msg = e.msg.empty() ? std::string("not valid YAML") : e.msg;
    return L.Fail(e.mark, "YAML syntax: " + msg);
  } catch (const std::exception& e) {
    return L.Fail(YAML::Mark::null_mark(), std::string("cannot read: ") + e.what());
  }
}

bool ReadConfigFile(const std::string& path, std::string& text, std::string* error) {
  // POSIX calls rather than a stream: a stream opens a directory and reads
  // it as an empty file, and loses errno.
  auto fail = [&](const char* what, int err) {
    if (error) *error = path + ":1:1: " + what + ": " + std::strerror(err);
    return false;
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail("cannot open the file", errno);
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return fail("cannot read the file", EISDIR);
  }
  text.clear();
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return fail("cannot read the file", err);
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

}  // namespace gopit::config
