#include "watch/target.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace gopit::watch {
namespace {

bool IsHttpUrl(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://");
}

// Where the host part ends: the path, query or the end.
size_t PathStart(const std::string& url) {
  size_t scheme = url.find("://");
  size_t host = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", host);
  return end == std::string::npos ? url.size() : end;
}

// The URL without any `debug=` parameter or fragment, and whether its path
// already names a pprof profile.
std::string StripQuery(const std::string& url) {
  size_t q = url.find_first_of("?#");
  return q == std::string::npos ? url : url.substr(0, q);
}

std::string Trimmed(std::string s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.pop_back();
  size_t b = 0;
  while (b < s.size() && (s[b] == ' ' || s[b] == '\t'))
    ++b;
  return s.substr(b);
}

}  // namespace

bool ParseTargetSpec(std::string_view spec, Target& out, std::string* error) {
  std::string name;
  std::string url(spec);
  // "name=url": a name never holds "://", a URL's query may hold '='.
  size_t eq = spec.find('=');
  size_t scheme = spec.find("://");
  if (eq != std::string_view::npos && (scheme == std::string_view::npos || eq < scheme)) {
    name = std::string(spec.substr(0, eq));
    url = std::string(spec.substr(eq + 1));
    if (name.empty()) {
      *error = "target \"" + std::string(spec) + "\": the name before '=' is empty";
      return false;
    }
  }
  if (!IsHttpUrl(url)) {
    *error = "target \"" + std::string(spec) +
             "\": not an http:// or https:// URL (give the service's pprof base, like "
             "http://127.0.0.1:6060)";
    return false;
  }
  size_t host_begin = url.find("://") + 3;
  size_t host_end = PathStart(url);
  if (host_end <= host_begin) {
    *error = "target \"" + std::string(spec) + "\": the URL has no host";
    return false;
  }
  if (name.empty()) {
    name = url.substr(host_begin, host_end - host_begin);
    size_t at = name.rfind('@');  // never name a target after its credentials
    if (at != std::string::npos) name = name.substr(at + 1);
  }
  out.name = name;
  out.url = url;
  return true;
}

std::string ProfileBase(const Target& t) {
  std::string url = StripQuery(t.url);
  size_t path = PathStart(url);
  std::string p = url.substr(path);
  size_t pprof = p.find("/debug/pprof");
  if (pprof != std::string::npos) return url.substr(0, path + pprof) + "/debug/pprof/";
  while (!p.empty() && p.back() == '/')
    p.pop_back();
  return url.substr(0, path) + p + "/debug/pprof/";
}

std::string GoroutineEndpoint(const Target& t, int debug) {
  return ProfileBase(t) + "goroutine?debug=" + std::to_string(debug);
}

std::string LeakProfileEndpoint(const Target& t, int debug) {
  return ProfileBase(t) + "goroutineleak?debug=" + std::to_string(debug);
}

bool RequestHeaders(const Target& t, std::vector<std::string>& out, std::string* error) {
  out.clear();
  for (const auto& [k, v] : t.headers)
    out.push_back(k + ": " + v);
  std::string token;
  if (!t.bearer_token_file.empty()) {
    std::ifstream in(t.bearer_token_file);
    if (!in) {
      *error = "cannot read the bearer token file " + t.bearer_token_file;
      return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    token = Trimmed(ss.str());
    if (token.empty()) {
      *error = "the bearer token file " + t.bearer_token_file + " is empty";
      return false;
    }
  } else if (!t.bearer_token_env.empty()) {
    const char* v = std::getenv(t.bearer_token_env.c_str());
    if (!v || !*v) {
      *error = "the environment variable " + t.bearer_token_env + " (bearer token) is not set";
      return false;
    }
    token = Trimmed(v);
  }
  if (!token.empty()) out.push_back("Authorization: Bearer " + token);
  return true;
}

}  // namespace gopit::watch
