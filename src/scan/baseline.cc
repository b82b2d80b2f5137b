#include "scan/baseline.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace gopit::scan {

namespace {

constexpr const char* kSchema = "gopit.baseline/v1";

uint64_t Fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::string FindingFingerprint(const Finding& f, std::string_view line_text) {
  uint64_t h = 14695981039346656037ULL;
  h = Fnv1a(h, f.rule);
  h = Fnv1a(h, std::string_view("\0", 1));
  h = Fnv1a(h, f.file);
  h = Fnv1a(h, std::string_view("\0", 1));
  h = Fnv1a(h, Trim(line_text));
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

namespace {

std::string Hex(uint64_t h) {
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Indices of findings by fingerprint, for the groups of more than one.
std::vector<std::vector<size_t>> Repeats(const std::vector<Finding>& findings) {
  std::map<std::string, std::vector<size_t>> by;
  for (size_t i = 0; i < findings.size(); ++i)
    if (!findings[i].fingerprint.empty()) by[findings[i].fingerprint].push_back(i);
  std::vector<std::vector<size_t>> out;
  for (auto& [_, v] : by)
    if (v.size() > 1) out.push_back(std::move(v));
  return out;
}

}  // namespace

void MakeFingerprintsUnique(std::vector<Finding>& findings) {
  // The first of a group keeps its fingerprint, so a baseline written before
  // the repeat appeared still matches it; the others take their message in.
  for (const std::vector<size_t>& group : Repeats(findings)) {
    for (size_t k = 1; k < group.size(); ++k) {
      Finding& f = findings[group[k]];
      f.fingerprint = Hex(Fnv1a(Fnv1a(14695981039346656037ULL, f.fingerprint), f.message));
    }
  }
  // Same line text and message (the loop is bounded: ordinals make each
  // group distinct, and a fresh clash with another finding is as rare as a
  // 64-bit hash collision; two rounds settle it in practice).
  for (int round = 0; round < 4; ++round) {
    std::vector<std::vector<size_t>> groups = Repeats(findings);
    if (groups.empty()) return;
    for (const std::vector<size_t>& group : groups) {
      for (size_t k = 1; k < group.size(); ++k) {
        Finding& f = findings[group[k]];
        f.fingerprint = Hex(Fnv1a(Fnv1a(14695981039346656037ULL, f.fingerprint),
                                  "#" + std::to_string(k + round * group.size())));
      }
    }
  }
}

bool Baseline::Load(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open the baseline";
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("schema", "") != kSchema ||
      !j.contains("findings") || !j["findings"].is_array()) {
    error = path + ": not a gopit baseline (expected a JSON object with schema \"" + kSchema +
            "\" and a findings array)";
    return false;
  }
  for (const auto& f : j["findings"]) {
    if (!f.is_object() || !f.contains("rule") || !f.contains("file") ||
        !f.contains("fingerprint") || !f["rule"].is_string() || !f["file"].is_string() ||
        !f["fingerprint"].is_string()) {
      error = path + ": a baseline entry lacks rule, file or fingerprint";
      return false;
    }
    uint64_t count = f.value("count", 1);
    counts_[{f["rule"].get<std::string>(), f["file"].get<std::string>(),
             f["fingerprint"].get<std::string>()}] += count;
  }
  return true;
}

bool Baseline::Write(const std::string& path, const std::vector<Finding>& findings,
                     std::string& error) {
  std::map<std::tuple<std::string, std::string, std::string>, uint64_t> counts;
  for (const Finding& f : findings)
    ++counts[{f.rule, f.file, f.fingerprint}];
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [key, n] : counts) {
    list.push_back({{"rule", std::get<0>(key)},
                    {"file", std::get<1>(key)},
                    {"fingerprint", std::get<2>(key)},
                    {"count", n}});
  }
  nlohmann::json j = {{"schema", kSchema}, {"findings", list}};
  // Written beside the target and renamed, so a failed write never leaves
  // half a baseline.
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << j.dump(1) << "\n";
    if (!out.good()) {
      error = tmp + ": cannot write the baseline";
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = path + ": cannot write the baseline";
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

uint64_t Baseline::Apply(std::vector<Finding>& findings) const {
  auto left = counts_;
  uint64_t dropped = 0;
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  for (Finding& f : findings) {
    auto it = left.find({f.rule, f.file, f.fingerprint});
    if (it != left.end() && it->second > 0) {
      --it->second;
      ++dropped;
      continue;
    }
    kept.push_back(std::move(f));
  }
  findings = std::move(kept);
  return dropped;
}

}  // namespace gopit::scan
