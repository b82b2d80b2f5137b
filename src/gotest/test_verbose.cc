// The `go test -v` reader: a CI log of one or more packages.
//
//   === RUN   TestX            (also PAUSE, CONT, NAME)
//       --- PASS: TestX/sub (0.00s)
//   --- FAIL: TestX (0.01s)
//   ok  	example.com/p	0.012s
//   FAIL	example.com/p	3.010s
//   FAIL	example.com/p [build failed]
//   ?   	example.com/p	[no test files]
//
// go prints a package's lines together and names the package only on its
// last line, so the events of a package wait until that line.
#include <string>
#include <vector>

#include "gotest/test_events.h"

namespace gopit {
namespace {

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  return s;
}

// "--- PASS: TestX (0.00s)" -> action, name, elapsed.
bool ParseResultLine(std::string_view s, TestEvent& e) {
  static constexpr std::pair<std::string_view, const char*> kKinds[] = {
      {"--- PASS: ", "pass"}, {"--- FAIL: ", "fail"}, {"--- SKIP: ", "skip"}};
  for (auto [prefix, action] : kKinds) {
    if (!StartsWith(s, prefix)) continue;
    s.remove_prefix(prefix.size());
    e.action = action;
    size_t paren = s.rfind(" (");
    if (paren != std::string_view::npos && !s.empty() && s.back() == ')') {
      std::string_view num = s.substr(paren + 2, s.size() - paren - 3);
      if (!num.empty() && num.back() == 's') {
        num.remove_suffix(1);
        char* end = nullptr;
        std::string n(num);
        double v = std::strtod(n.c_str(), &end);
        if (end && *end == '\0') e.elapsed = v;
      }
      s = s.substr(0, paren);
    }
    e.test = std::string(s);
    return !e.test.empty();
  }
  return false;
}

// The package's last line: "ok  \tpkg\t0.1s", "FAIL\tpkg\t3s", "?   \tpkg\t[no test files]".
bool ParsePackageLine(std::string_view s, std::string& action, std::string& pkg, double& elapsed,
                      bool& build_failed) {
  std::string_view rest;
  if (StartsWith(s, "ok  \t")) {
    action = "pass";
    rest = s.substr(5);
  } else if (StartsWith(s, "FAIL\t")) {
    action = "fail";
    rest = s.substr(5);
  } else if (StartsWith(s, "?   \t")) {
    action = "skip";
    rest = s.substr(5);
  } else {
    return false;
  }
  size_t end = rest.find_first_of("\t ");
  pkg = std::string(rest.substr(0, end));
  if (pkg.empty()) return false;
  std::string_view after =
      end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  build_failed = after.find("[build failed]") != std::string_view::npos ||
                 after.find("[setup failed]") != std::string_view::npos;
  elapsed = -1;
  if (!after.empty() && after[0] >= '0' && after[0] <= '9') {
    elapsed = std::strtod(std::string(after).c_str(), nullptr);
  }
  return true;
}

}  // namespace

void ReadVerboseStream(std::string_view text, TestRunBuilder& b) {
  std::vector<TestEvent> pending;  // of the package whose name is still to come
  std::string current;             // the test the output belongs to
  auto flush = [&](const std::string& pkg) {
    TestEvent start;
    start.action = "start";
    start.package = pkg;
    b.Add(start);
    for (TestEvent& e : pending) {
      e.package = pkg;
      b.Add(std::move(e));
    }
    pending.clear();
    current.clear();
  };
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t len = nl == std::string_view::npos ? text.size() - pos : nl - pos;
    std::string_view line = text.substr(pos, len);
    std::string_view with_nl = text.substr(pos, nl == std::string_view::npos ? len : len + 1);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    TestEvent e;
    std::string_view t = TrimLeft(line);
    std::string action, pkg;
    double elapsed;
    bool build_failed = false;
    if (ParsePackageLine(line, action, pkg, elapsed, build_failed)) {
      TestEvent out;
      out.action = "output";
      out.output = std::string(with_nl);
      pending.push_back(std::move(out));
      if (build_failed) {
        TestEvent bf;
        bf.action = "build-fail";
        pending.push_back(std::move(bf));
      }
      TestEvent end;
      end.action = action;
      end.elapsed = elapsed;
      end.failed_build = build_failed;
      pending.push_back(std::move(end));
      flush(pkg);
      continue;
    }
    static constexpr std::pair<std::string_view, const char*> kMarks[] = {
        {"=== RUN   ", "run"}, {"=== PAUSE ", "pause"}, {"=== CONT  ", "cont"}, {"=== NAME  ", ""}};
    bool marked = false;
    for (auto [prefix, act] : kMarks) {
      if (!StartsWith(t, prefix)) continue;
      current = std::string(t.substr(prefix.size()));
      if (*act) {
        TestEvent m;
        m.action = act;
        m.test = current;
        pending.push_back(std::move(m));
      }
      marked = true;
      break;
    }
    TestEvent out;
    out.action = "output";
    out.output = std::string(with_nl);
    if (marked) {
      out.test = current;
      pending.push_back(std::move(out));
      continue;
    }
    if (ParseResultLine(t, e)) {
      out.test = e.test;
      pending.push_back(std::move(out));
      pending.push_back(std::move(e));
      current.clear();
      continue;
    }
    out.test = current;
    pending.push_back(std::move(out));
  }
  if (!pending.empty()) {
    // The log ends inside a package (cut off, or the package line is missing).
    bool only_blank = true;
    for (const TestEvent& p : pending)
      if (p.action != "output" || p.output.find_first_not_of(" \t\r\n") != std::string::npos)
        only_blank = false;
    if (!only_blank) flush("(unnamed package)");
  }
}

}  // namespace gopit
