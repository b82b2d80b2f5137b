#include "e2e/chromium.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace gopit::e2e {

std::string FindChromium() {
  const char* path = std::getenv("PATH");
  for (const char* name : {"chromium", "chromium-browser"}) {
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
      std::string p = dir + "/" + name;
      if (!dir.empty() && access(p.c_str(), X_OK) == 0) return p;
    }
  }
  return "";
}

bool InCI() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

Output RunChromium(const std::string& chrome, const std::vector<std::string>& extra,
                   const std::string& url) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "gopit-chromium-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    Output o;
    o.err = "cannot make a profile directory";
    return o;
  }
  std::vector<std::string> argv = {chrome,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--user-data-dir=" + tmpl};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(url);
  Output o = RunCommand(argv, "", std::chrono::seconds(120));
  std::error_code ec;
  std::filesystem::remove_all(tmpl, ec);
  return o;
}

Output DumpDom(const std::string& chrome, const std::string& url, int virtual_ms) {
  return RunChromium(chrome, {"--dump-dom", "--virtual-time-budget=" + std::to_string(virtual_ms)},
                     url);
}

Output Screenshot(const std::string& chrome, const std::string& url, const std::string& png,
                  int virtual_ms) {
  return RunChromium(chrome,
                     {"--screenshot=" + png, "--window-size=1280,900", "--hide-scrollbars",
                      "--virtual-time-budget=" + std::to_string(virtual_ms)},
                     url);
}

}  // namespace gopit::e2e
