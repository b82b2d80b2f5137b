// What the YAML files gopit reads (`gopit watch --config`, `gopit scan
// --rules` and `.gopit.yaml`) share: the first error ends the load and names
// the file, line and column ("FILE:LINE:COL: what is wrong"), an unknown key
// gets a "did you mean" when it is plausibly a typo, and a duplicate key is
// an error instead of silently winning.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gopit::config {

// The name of the file being read and the first error found in it.
struct YamlErrors {
  std::string name;
  std::string error;

  // Records "name:LINE:COL: what" (1-based; 1:1 for a null mark) and
  // returns false, so a loader can `return L.Fail(...)`.
  bool Fail(const YAML::Mark& m, const std::string& what);
};

// A node's mark, or `fallback` (the key's) when the value is missing:
// yaml-cpp places an empty value where the next token starts, often the
// next line.
YAML::Mark MarkOf(const YAML::Node& node, const YAML::Mark& fallback);

// "LINE:COL" (1-based) for a message that points at a second place.
std::string Position(const YAML::Mark& m);

// `key` quoted for a message, cut short and without control characters.
std::string QuoteKey(std::string_view key);

// "unknown key "X"<where>", with "; did you mean "Y"?" when one of `known`
// is close to it.
std::string UnknownKey(std::string_view key, const std::vector<const char*>& known,
                       std::string_view where);

// "a mapping", "a list", "a scalar" or "nothing", for "expected ..., found ...".
const char* KindName(const YAML::Node& n);

// The scalar text of `v`, or an error "key: expected <expected>, found ...".
bool Scalar(YamlErrors& L, const std::string& key, const YAML::Node& v, const YAML::Mark& at,
            const char* expected, std::string& out);

// Records `key` in `seen`; an error naming the first place when it repeats.
bool NoDuplicate(YamlErrors& L, std::map<std::string, YAML::Mark>& seen, const std::string& key,
                 const YAML::Mark& at, std::string_view where);

// Calls `fn(key, value, key_mark)` for each entry of the mapping `m`, in
// order, until it returns false. A key that is not a string, or repeats,
// is an error that names `context` ("target: a key must be a string",
// "duplicate key "x" in target"; no context for the top level). The keys
// seen are left in `*seen` when given.
bool ForEachKey(YamlErrors& L, const YAML::Node& m, const YAML::Mark& at, std::string_view context,
                const std::function<bool(const std::string& key, const YAML::Node& value,
                                         const YAML::Mark& key_mark)>& fn,
                std::map<std::string, YAML::Mark>* seen = nullptr);

// Parses `text` and hands the root node to `load`. YAML syntax errors (and
// yaml-cpp's recursion limit) become "name:LINE:COL: YAML syntax: ...".
// Never throws.
bool LoadYaml(std::string_view text, YamlErrors& L,
              const std::function<bool(const YAML::Node&)>& load);

// Reads the whole of `path`. False with *error = "PATH:1:1: cannot open the
// file: why" (or "cannot read the file"); a directory is not a file.
bool ReadConfigFile(const std::string& path, std::string& text, std::string* error);

}  // namespace gopit::config
