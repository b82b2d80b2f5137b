// A watched service: where its pprof endpoints are and how to ask them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gopit::watch {

struct Target {
  std::string name;  // from "name=url", the config, or host:port
  std::string url;   // as given: a base URL or the goroutine endpoint itself
  std::vector<std::pair<std::string, std::string>> headers;
  // A bearer token is read from a file or an environment variable at each
  // request (so a rotated token is picked up) and is never printed.
  std::string bearer_token_file;
  std::string bearer_token_env;
  long timeout_ms = 5000;
  uint64_t max_bytes = 256ULL << 20;
};

// "http://127.0.0.1:6060", "api=http://10.0.0.7:6060" or a full goroutine
// endpoint ("http://h:6060/debug/pprof/goroutine"). False with *error set
// when it is not an http(s) URL.
bool ParseTargetSpec(std::string_view spec, Target& out, std::string* error);

// The goroutine profile at the given debug level (0, 1 or 2), and the
// goroutine-leak profile (Go 1.26 with GOEXPERIMENT=goroutineleakprofile, standard from 1.27).
// Both live next to each other under /debug/pprof/ (ProfileBase).
std::string ProfileBase(const Target& t);
std::string GoroutineEndpoint(const Target& t, int debug);
std::string LeakProfileEndpoint(const Target& t, int debug);

// The request headers, "Name: value" each, with the bearer token resolved.
// False with *error when the token file or variable cannot be read; the
// error names the file or variable, never the token.
bool RequestHeaders(const Target& t, std::vector<std::string>& out, std::string* error);

}  // namespace gopit::watch
