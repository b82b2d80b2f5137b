// What the tests of the go test readers share: the saved real outputs of
// tests/data/gotest, a report read from one, and the lines the packages of
// tests/go/gotest mark with `// want hung`.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "gotest/test_events.h"

namespace gopit::gotest_testing {

inline std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(GOPIT_TEST_DATA) + "/gotest/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline TestRunReport ReadReport(std::string_view text) {
  TestRunBuilder b;
  ReadTestStream(text, b);
  return b.Finish();
}

inline const PackageResult* FindPackage(const TestRunReport& r, const std::string& name) {
  for (const PackageResult& p : r.packages)
    if (p.package == name || p.package == "gopit.test/gotest/" + name) return &p;
  return nullptr;
}

// test name -> result, of one package.
inline std::map<std::string, std::string> Results(const PackageResult& p) {
  std::map<std::string, std::string> out;
  for (const TestResult& t : p.tests)
    out[t.name] = t.result;
  return out;
}

inline const TestResult* FindTest(const PackageResult& p, const std::string& name) {
  for (const TestResult& t : p.tests)
    if (t.name == name) return &t;
  return nullptr;
}

// The line of `// want hung` in tests/go/gotest/<pkg>/<file>.
inline int WantHungLine(const std::string& pkg, const std::string& file) {
  std::ifstream in(std::string(GOPIT_GO_DIR) + "/gotest/" + pkg + "/" + file);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.find("// want hung") != std::string::npos) return n;
  return -1;
}

// "file:line" of the diagnosis of `test`, or "" when there is none.
inline std::string DiagnosisPlace(const TestRunReport& r, const std::string& test) {
  for (const TestDiagnosis& d : r.diagnoses) {
    if (d.test != test) continue;
    std::string f = d.d.location.file;
    return f.substr(f.rfind('/') + 1) + ":" + std::to_string(d.d.location.line);
  }
  return "";
}

// One line per package and test, for comparing two readings.
inline std::string Summary(const TestRunReport& r) {
  std::string s;
  for (const PackageResult& p : r.packages) {
    s += p.package + " " + p.result + "\n";
    for (const TestResult& t : p.tests)
      s += "  " + t.name + " " + t.result + "\n";
  }
  for (const TestDiagnosis& d : r.diagnoses)
    s += d.d.id + " " + d.test + " " + DiagnosisPlace(r, d.test) + "\n";
  return s;
}

// Each line behind a GitHub Actions raw-log timestamp, as a downloaded job
// log has it (the form of tests/data/gotest/ghactions-tfmongodbatlas.txt).
inline std::string WithActionsTimestamps(std::string_view text) {
  std::string out;
  size_t pos = 0, n = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    char ts[40];
    snprintf(ts, sizeof ts, "2024-05-01T10:%02zu:%02zu.%07zuZ ", n / 60 % 60, n % 60,
             n * 37 % 10000000);
    out += ts;
    out += line;
    out += '\n';
    ++n;
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  return out;
}

}  // namespace gopit::gotest_testing
