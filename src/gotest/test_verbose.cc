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
// last line, so the events of a package wait until that line. Two kinds of
// lines belong elsewhere: a build failure's "# pkg [pkg.test]" block (go
// prints it when the build fails, before or between other packages' lines)
// names its package, and "##[group]"-style lines are the CI runner's.
// Without -v, a failed test's messages follow its "--- FAIL:" line; what
// follows a result line is that test's, as test2json has it.
#include <string>
#include <vector>

#include "gotest/test_events.h"
#include "gotest/test_log_wrapper.h"

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

// "# example.com/p" or "# example.com/p [example.com/p.test]": the header go
// prints above a package's compiler or vet errors. The package, or "".
std::string BuildHeaderPackage(std::string_view s) {
  if (!StartsWith(s, "# ")) return "";
  s.remove_prefix(2);
  size_t sp = s.find(' ');
  std::string_view pkg = s.substr(0, sp);
  if (pkg.empty() || pkg.find_first_of("\t#") != std::string_view::npos) return "";
  if (sp != std::string_view::npos) {
    std::string_view rest = s.substr(sp + 1);
    if (rest.size() < 2 || rest.front() != '[' || rest.back() != ']' ||
        rest.find(' ') != std::string_view::npos)
      return "";
  }
  return std::string(pkg);
}

// A line of a build failure's block: "file.go:5:9: msg", an indented
// continuation, "note: ...", "too many errors".
bool IsBuildOutputLine(std::string_view s) {
  if (s.empty()) return false;
  if (s[0] == '\t' || s[0] == ' ') return true;
  if (StartsWith(s, "note: ") || s == "too many errors" || StartsWith(s, "vet: ")) return true;
  size_t colon = s.find(".go:");
  if (colon == std::string_view::npos) colon = s.find(".s:");
  return colon != std::string_view::npos && s.find(' ') > colon;
}

// What go prints after the last package (a lone "FAIL") or nothing at all.
bool IsRunSummary(const TestEvent& e) {
  if (e.action != "output") return false;
  std::string_view o = e.output;
  while (!o.empty() && (o.back() == '\n' || o.back() == '\r' || o.back() == ' '))
    o.remove_suffix(1);
  return o.empty() || o == "FAIL" || o == "PASS";
}

}  // namespace

void ReadVerboseStream(std::string_view text, TestRunBuilder& b) {
  std::vector<TestEvent> pending;  // of the package whose name is still to come
  std::string current;             // the test the output belongs to
  std::string build_pkg;           // inside this package's build failure block
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

    if (StartsWith(line, "##[")) {
      b.AddStray(line);  // the CI runner's group and error markers
      continue;
    }
    // A build failure's block: its "# pkg [pkg.test]" header, then the
    // compiler's lines, all that package's.
    if (build_pkg.empty() || !IsBuildOutputLine(line)) build_pkg = BuildHeaderPackage(line);
    if (!build_pkg.empty()) {
      TestEvent bo;
      bo.action = "build-output";
      bo.package = build_pkg;
      bo.output = std::string(with_nl);
      b.Add(std::move(bo));
      continue;
    }

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
      // What follows a result line is that test's, as test2json has it:
      // without -v a failed test's messages, and a panic's dump.
      current = e.test;
      out.test = e.test;
      pending.push_back(std::move(out));
      pending.push_back(std::move(e));
      continue;
    }
    // The binary's own verdict line is the package's.
    out.test = line == "PASS" || line == "FAIL" ? "" : current;
    pending.push_back(std::move(out));
  }
  // What follows the last package line: go's own summary ("FAIL"), or the
  // log was cut off inside a package (then its tests count as unfinished).
  bool events = false;
  for (const TestEvent& p : pending)
    events |= !IsRunSummary(p) &&
              (p.action != "output" || !p.test.empty() || StartsWith(p.output, "panic: ") ||
               StartsWith(p.output, "fatal error: "));
  if (events) {
    flush("(unnamed package)");
  } else {
    for (const TestEvent& p : pending)
      if (!IsRunSummary(p)) b.AddStray(p.output);
  }
}

}  // namespace gopit
