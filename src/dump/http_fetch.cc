#include "dump/http_fetch.h"

#include <curl/curl.h>

#include <mutex>

namespace gopit {
namespace {

struct Sink {
  std::string* body;
  uint64_t max_bytes;
  bool overflow = false;
};

size_t Write(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t bytes = size * n;
  if (sink->body->size() + bytes > sink->max_bytes) {
    sink->overflow = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  sink->body->append(data, bytes);
  return bytes;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

bool IsUrl(const std::string& spec) {
  return spec.starts_with("http://") || spec.starts_with("https://");
}

std::string NormalizePprofUrl(const std::string& url) {
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path == std::string::npos) return url + "/debug/pprof/goroutine?debug=2";
  if (path == url.size() - 1) return url + "debug/pprof/goroutine?debug=2";
  return url;
}

FetchResult HttpFetch(const std::string& url, long timeout_ms, uint64_t max_bytes,
                      const std::vector<std::string>& headers) {
  GlobalInit();
  FetchResult r;
  CURL* curl = curl_easy_init();
  if (!curl) {
    r.error = "cannot start an HTTP client";
    return r;
  }
  Sink sink{&r.body, max_bytes};
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Write);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, 10000L));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  // Let the server compress; pprof endpoints answer gzip when asked.
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "gopit/" GOPIT_VERSION);
  curl_slist* header_list = nullptr;
  for (const std::string& h : headers)
    header_list = curl_slist_append(header_list, h.c_str());
  if (header_list) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(header_list);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  char* ct = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) r.content_type = ct;
  if (sink.overflow) {
    r.error = "response larger than " + std::to_string(max_bytes) + " bytes";
  } else if (rc != CURLE_OK) {
    r.error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  } else if (r.status < 200 || r.status >= 300) {
    r.error = "HTTP status " + std::to_string(r.status);
  }
  curl_easy_cleanup(curl);
  return r;
}

}  // namespace gopit
