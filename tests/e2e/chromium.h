// Headless Chromium for end-to-end tests of gopit's pages (Debian's
// `chromium`, listed in scripts/deps-apt.txt): find it, dump a page's DOM
// after its scripts ran, take a screenshot. Every run gets a fresh profile
// and is bounded in time.
#pragma once

#include <string>
#include <vector>

#include "e2e/support.h"

namespace gopit::e2e {

// `chromium` or `chromium-browser` on PATH; empty when there is none.
std::string FindChromium();

// Whether the tests run in CI (CI=true), where a missing tool is a failure.
bool InCI();

// Runs headless Chromium on `url` with `extra` flags.
Output RunChromium(const std::string& chrome, const std::vector<std::string>& extra,
                   const std::string& url);

// The DOM after the page's scripts ran for `virtual_ms` of virtual time
// (timers and fetches included), as Chromium serialises it.
Output DumpDom(const std::string& chrome, const std::string& url, int virtual_ms);

// A 1280x900 PNG of the page after `virtual_ms` of virtual time.
Output Screenshot(const std::string& chrome, const std::string& url, const std::string& png,
                  int virtual_ms);

}  // namespace gopit::e2e

#define REQUIRE_CHROMIUM_AT(chrome)                                                         \
  std::string chrome = ::gopit::e2e::FindChromium();                                        \
  if (chrome.empty()) {                                                                     \
    if (::gopit::e2e::InCI()) FAIL() << "chromium is not installed (scripts/deps-apt.txt)"; \
    GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";                 \
  }
