// Fetches one URL over HTTP(S) with a time limit and a size cap.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gopit {

struct FetchResult {
  std::string body;
  long status = 0;  // HTTP status, 0 when no response arrived
  std::string content_type;
  std::string error;  // empty on a 2xx answer read in full
};

// `headers` are sent as given ("Name: value" each).
FetchResult HttpFetch(const std::string& url, long timeout_ms, uint64_t max_bytes,
                      const std::vector<std::string>& headers = {});

// "http://host:6060" or "http://host:6060/" -> ".../debug/pprof/goroutine?debug=2".
std::string NormalizePprofUrl(const std::string& url);

bool IsUrl(const std::string& spec);

}  // namespace gopit
