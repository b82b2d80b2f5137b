#include "gotest/leak_ignore.h"

#include <filesystem>
#include <map>

#include "config/yaml_errors.h"

namespace gopit {
namespace {

bool FunctionMatches(const std::string& pattern, const std::string& function) {
  if (!pattern.empty() && pattern.back() == '*') {
    return function.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  }
  return function == pattern;
}

bool KindOf(const std::string& name, IgnoreKind& kind) {
  if (name == "top") {
    kind = IgnoreKind::kTop;
  } else if (name == "frame") {
    kind = IgnoreKind::kFrame;
  } else if (name == "created-by") {
    kind = IgnoreKind::kCreatedBy;
  } else {
    return false;
  }
  return true;
}

}  // namespace

bool ParseIgnoreSpec(const std::string& spec, IgnoreRule& out, std::string& error) {
  size_t eq = spec.find('=');
  if (eq == std::string::npos || !KindOf(spec.substr(0, eq), out.kind)) {
    error = "--ignore " + spec + ": expected top=FUNC, frame=FUNC or created-by=FUNC";
    return false;
  }
  std::string rest = spec.substr(eq + 1);
  size_t colon = rest.find(':');
  out.function = rest.substr(0, colon);
  out.reason = colon == std::string::npos ? "" : rest.substr(colon + 1);
  out.source = "--ignore";
  if (out.function.empty() || out.function == "*") {
    error = "--ignore " + spec + ": the function must not be empty";
    return false;
  }
  return true;
}

bool IgnoreMatches(const IgnoreRule& rule, const LeakGoroutine& g) {
  switch (rule.kind) {
    case IgnoreKind::kTop:
      return !g.frames.empty() && FunctionMatches(rule.function, g.frames.front().function);
    case IgnoreKind::kFrame:
      for (const LeakFrame& f : g.frames) {
        if (FunctionMatches(rule.function, f.function)) return true;
      }
      return false;
    case IgnoreKind::kCreatedBy:
      return !g.created_by.function.empty() &&
             FunctionMatches(rule.function, g.created_by.function);
  }
  return false;
}

bool LoadLeakConfig(const std::string& dir, std::vector<IgnoreRule>& rules,
                    std::vector<std::string>& disabled_presets, std::string& error) {
  std::string path = (std::filesystem::path(dir) / ".gopit.yaml").string();
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_regular_file(path, ec)) return true;
  std::string text;
  if (!config::ReadConfigFile(path, text, &error)) return false;
  config::YamlErrors L{path, ""};
  using config::KindName;
  using config::MarkOf;
  auto load_rule = [&](const YAML::Node& item, const YAML::Mark& at) {
    if (!item.IsMap()) {
      return L.Fail(MarkOf(item, at),
                    std::string("test.ignore: expected a mapping, found ") + KindName(item));
    }
    IgnoreRule r;
    bool have_function = false;
    static const std::vector<const char*> kKeys = {"top", "frame", "created-by", "reason"};
    bool ok = config::ForEachKey(
        L, item, at, "test.ignore",
        [&](const std::string& key, const YAML::Node& v, const YAML::Mark& km) {
          std::string s;
          if (key == "reason") return config::Scalar(L, key, v, km, "a string", r.reason);
          IgnoreKind kind;
          if (!KindOf(key, kind))
            return L.Fail(km, config::UnknownKey(key, kKeys, " in test.ignore"));
          if (have_function) return L.Fail(km, "test.ignore: give one of top, frame or created-by");
          if (!config::Scalar(L, key, v, km, "a function name", r.function)) return false;
          if (r.function.empty()) return L.Fail(MarkOf(v, km), key + ": must not be empty");
          r.kind = kind;
          have_function = true;
          r.source = path + ":" + std::to_string(km.line + 1);
          return true;
        });
    if (!ok) return false;
    if (!have_function)
      return L.Fail(MarkOf(item, at), "test.ignore: give top, frame or created-by");
    if (r.reason.empty()) return L.Fail(MarkOf(item, at), "test.ignore: give a reason");
    rules.push_back(std::move(r));
    return true;
  };
  auto load_test = [&](const YAML::Node& test, const YAML::Mark& at) {
    if (test.IsNull()) return true;
    if (!test.IsMap()) {
      return L.Fail(MarkOf(test, at),
                    std::string("test: expected a mapping, found ") + KindName(test));
    }
    static const std::vector<const char*> kKeys = {"ignore", "no-presets"};
    return config::ForEachKey(
        L, test, at, "test",
        [&](const std::string& key, const YAML::Node& v, const YAML::Mark& km) {
          if (key != "ignore" && key != "no-presets") {
            return L.Fail(km, config::UnknownKey(key, kKeys, " in test"));
          }
          if (v.IsNull()) return true;
          if (!v.IsSequence()) {
            return L.Fail(MarkOf(v, km), "test." + key + ": expected a list, found " + KindName(v));
          }
          for (auto it = v.begin(); it != v.end(); ++it) {
            const YAML::Node item = *it;
            if (key == "ignore") {
              if (!load_rule(item, MarkOf(item, km))) return false;
            } else {
              std::string name;
              if (!config::Scalar(L, key, item, MarkOf(item, km), "a preset name", name))
                return false;
              disabled_presets.push_back(name);
            }
          }
          return true;
        });
  };
  bool ok = config::LoadYaml(text, L, [&](const YAML::Node& root) {
    if (!root.IsMap()) return true;  // the scan loader reports a bad root
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == "test") {
        return load_test(it->second, MarkOf(it->second, it->first.Mark()));
      }
    }
    return true;
  });
  if (!ok) error = L.error;
  return ok;
}

}  // namespace gopit
