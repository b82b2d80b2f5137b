#include "scan/user_rules.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "config/yaml_errors.h"
#include "scan/calls.h"
#include "scan/rules/rules.h"

namespace gopit::scan {

namespace {

using config::KindName;
using config::MarkOf;
using config::Position;
using config::QuoteKey;
using config::UnknownKey;
using Loader = config::YamlErrors;

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdent(std::string_view s) {
  if (s.empty() || !IsIdentStart(s[0])) return false;
  for (char c : s) {
    if (!IsIdentStart(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

// An import path as the go command allows it, loosely: no blanks, quotes,
// parentheses or stars, no empty element.
bool IsImportPath(std::string_view s) {
  if (s.empty() || s.front() == '/' || s.back() == '/') return false;
  if (s.find("//") != std::string_view::npos) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= ' ' ||
        std::string_view("\"'`()*\\;,{}[]").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

const char* kCalleeHelp =
    "write a function as IMPORT/PATH.Name (\"net/http.Get\", \"C.free\") and a method as "
    "(*IMPORT/PATH.Type).Name or (IMPORT/PATH.Type).Name (\"(*net/http.Client).Do\")";

}  // namespace

bool ParseCallee(std::string_view text, bool allow_any, Callee& out, std::string& why) {
  Callee c;
  c.text = std::string(text);
  std::string_view s = text;
  if (s.starts_with("(")) {
    size_t close = s.find(')');
    if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != '.') {
      why = "a method is written (*IMPORT/PATH.Type).Name";
      return false;
    }
    std::string_view recv = s.substr(1, close - 1);
    c.name = std::string(s.substr(close + 2));
    if (recv.starts_with("*")) {
      c.pointer = true;
      recv.remove_prefix(1);
    }
    size_t dot = recv.rfind('.');
    if (dot == std::string_view::npos || !IsImportPath(recv.substr(0, dot)) ||
        !IsIdent(recv.substr(dot + 1))) {
      why = "the receiver type must be qualified by its import path, as in (*net/http.Client)";
      return false;
    }
    c.type = std::string(recv);
    if (!IsIdent(c.name)) {
      why = "\"" + c.name + "\" is not a method name";
      return false;
    }
    out = std::move(c);
    return true;
  }
  // The name follows the last dot after the last slash.
  size_t slash = s.rfind('/');
  size_t dot = s.find('.', slash == std::string_view::npos ? 0 : slash);
  if (dot == std::string_view::npos) {
    why = "no import path";
    return false;
  }
  c.package = std::string(s.substr(0, dot));
  c.name = std::string(s.substr(dot + 1));
  if (!IsImportPath(c.package)) {
    why = "\"" + c.package + "\" is not an import path";
    return false;
  }
  if (c.name == "*") {
    if (!allow_any) {
      why = "\"pkg.*\" (any function of a package) is only allowed in borrowed-by";
      return false;
    }
    c.any_name = true;
    c.name.clear();
  } else if (!IsIdent(c.name)) {
    why = "\"" + c.name + "\" is not a function name";
    return false;
  }
  out = std::move(c);
  return true;
}

bool CallMatches(const golang::CallExpr* call, const FunctionTypes& types, const Callee& c,
                 bool promoted) {
  const auto* sel = golang::As<golang::SelectorExpr>(call->fun);
  if (!sel || (!c.any_name && sel->sel->name != c.name)) return false;
  if (c.type.empty()) {
    std::string q = QualifiedCallee(call, types);
    if (c.any_name) return q.size() > c.package.size() && q.starts_with(c.package + ".");
    return q.size() == c.package.size() + 1 + c.name.size() && q.starts_with(c.package) &&
           q[c.package.size()] == '.';
  }
  const std::string type = types.TypeOf(sel->x);
  std::string_view t = Deref(type);
  if (t.empty()) return false;
  if (t == c.type) return true;
  return promoted && types.resolver().Embeds(t, c.type);
}

const Callee* MatchCallee(const golang::CallExpr* call, const FunctionTypes& types,
                          const std::vector<Callee>& callees, bool promoted) {
  const auto* sel = golang::As<golang::SelectorExpr>(call->fun);
  if (!sel) return nullptr;
  for (const Callee& c : callees) {
    if ((c.any_name || sel->sel->name == c.name) && CallMatches(call, types, c, promoted)) {
      return &c;
    }
  }
  return nullptr;
}

const Callee* MatchCallee(const golang::CallExpr* call, const FunctionUnit& fn,
                          const std::vector<Callee>& callees, bool promoted) {
  const auto* sel = golang::As<golang::SelectorExpr>(call->fun);
  if (!sel) return nullptr;
  const auto* x = golang::As<golang::Ident>(sel->x);
  for (const Callee& c : callees) {
    if (!c.any_name && sel->sel->name != c.name) continue;
    if (c.type.empty() && (!x || fn.file().ImportPath(x->name) != c.package)) continue;
    if (CallMatches(call, fn.types(), c, promoted)) return &c;
  }
  return nullptr;
}

namespace {

// ---- The loader ---------------------------------------------------------

bool IsValidId(std::string_view id) {
  size_t i = 0;
  while (i < id.size() && id[i] >= 'A' && id[i] <= 'Z')
    ++i;
  if (i == 0 || i == id.size()) return false;
  for (size_t k = i; k < id.size(); ++k) {
    if (id[k] < '0' || id[k] > '9') return false;
  }
  return id.size() <= 32;
}

bool IsValidSlug(std::string_view s) {
  if (s.empty() || s.size() > 64 || s.front() == '-' || s.back() == '-') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool Text(Loader& L, const std::string& key, const YAML::Node& v, const YAML::Mark& at,
          std::string& out) {
  if (!config::Scalar(L, key, v, at, "a string", out)) return false;
  if (out.empty()) return L.Fail(MarkOf(v, at), key + ": must not be empty");
  return true;
}

bool Bool(Loader& L, const std::string& key, const YAML::Node& v, const YAML::Mark& at, bool& out) {
  std::string s;
  if (!config::Scalar(L, key, v, at, "true or false", s)) return false;
  if (s == "true") {
    out = true;
  } else if (s == "false") {
    out = false;
  } else {
    return L.Fail(MarkOf(v, at), key + ": expected true or false, found " + QuoteKey(s));
  }
  return true;
}

// A callee or a list of them.
bool Callees(Loader& L, const std::string& key, const YAML::Node& v, const YAML::Mark& at,
             bool allow_any, std::vector<Callee>& out) {
  auto one = [&](const YAML::Node& item, const YAML::Mark& m) {
    std::string text;
    if (!config::Scalar(L, key, item, m, "a function or method name", text)) return false;
    Callee c;
    std::string why;
    if (!ParseCallee(text, allow_any, c, why)) {
      return L.Fail(MarkOf(item, m),
                    key + ": " + QuoteKey(text) + " is not a callee (" + why + "); " + kCalleeHelp);
    }
    out.push_back(std::move(c));
    return true;
  };
  if (v.IsScalar()) return one(v, at);
  if (!v.IsSequence() || v.size() == 0) {
    return L.Fail(MarkOf(v, at), key + ": expected a list of functions or methods, found " +
                                     (v.IsSequence() ? "an empty list" : KindName(v)));
  }
  for (auto it = v.begin(); it != v.end(); ++it) {
    const YAML::Node item = *it;
    if (!one(item, MarkOf(item, at))) return false;
  }
  return true;
}

bool Release(Loader& L, const YAML::Node& v, const YAML::Mark& at, ReleaseSpec& out) {
  if (!v.IsMap()) {
    return L.Fail(MarkOf(v, at),
                  std::string("release: expected a mapping with one of method, call or invoke "
                              "(release: {method: Close}), found ") +
                      KindName(v));
  }
  static const std::vector<const char*> kKeys = {"method", "call", "invoke"};
  std::map<std::string, YAML::Mark> seen;
  YAML::Mark start = MarkOf(v, at);
  auto entry = [&](const std::string& key, const YAML::Node& val, const YAML::Mark& km) {
    if (seen.size() > 1) {
      return L.Fail(km, "release: give one of method, call or invoke, not several");
    }
    if (key == "method") {
      std::string m;
      if (!Text(L, key, val, km, m)) return false;
      size_t dot = m.rfind('.');
      out.kind = ReleaseSpec::Kind::kMethod;
      out.method = dot == std::string::npos ? m : m.substr(dot + 1);
      out.field = dot == std::string::npos ? "" : m.substr(0, dot);
      bool ok = IsIdent(out.method);
      for (size_t from = 0; ok && !out.field.empty();) {
        size_t next = out.field.find('.', from);
        ok = IsIdent(std::string_view(out.field).substr(
            from, next == std::string::npos ? std::string::npos : next - from));
        if (next == std::string::npos) break;
        from = next + 1;
      }
      if (!ok) {
        return L.Fail(MarkOf(val, km), "method: " + QuoteKey(m) +
                                           " is not a method name (Close), or one on a field "
                                           "of the value (Body.Close)");
      }
      out.text = m;
    } else if (key == "call") {
      std::vector<Callee> c;
      if (!val.IsScalar()) {
        return L.Fail(MarkOf(val, km),
                      std::string("call: expected a function, found ") + KindName(val));
      }
      if (!Callees(L, key, val, km, false, c)) return false;
      out.kind = ReleaseSpec::Kind::kCall;
      out.call = c[0];
      out.text = c[0].text;
    } else if (key == "invoke") {
      bool b = false;
      if (!Bool(L, key, val, km, b)) return false;
      if (!b) return L.Fail(MarkOf(val, km), "invoke: only true makes sense here");
      out.kind = ReleaseSpec::Kind::kInvoke;
      out.text = "invoke";
    } else {
      return L.Fail(km, UnknownKey(key, kKeys, " in release"));
    }
    return true;
  };
  if (!config::ForEachKey(L, v, start, "release", entry, &seen)) return false;
  if (seen.empty()) return L.Fail(start, "release: give one of method, call or invoke");
  return true;
}

// `acquire` and `release` of one pair, from the keys of `node` (a rule or
// an entry of `pairs`) already looked up.
bool Pair(Loader& L, const YAML::Node* acquire, const YAML::Mark& acquire_mark,
          const YAML::Node* release, const YAML::Mark& release_mark, const YAML::Mark& at,
          const char* where, PairSpec& out) {
  if (!acquire) return L.Fail(at, std::string(where) + "acquire is required");
  if (!release) return L.Fail(at, std::string(where) + "release is required");
  if (!Callees(L, "acquire", *acquire, acquire_mark, false, out.acquire)) return false;
  return Release(L, *release, release_mark, out.release);
}

std::string CalleeList(const std::vector<Callee>& cs) {
  std::string s;
  for (size_t i = 0; i < cs.size(); ++i)
    s += (i ? ", `" : "`") + cs[i].text + "`";
  return s;
}

// The documentation of a rule that gives none.
std::string GeneratedDoc(const UserRuleSpec& r) {
  std::string d = "## What it finds\n";
  if (r.kind == UserRuleKind::kForbiddenCall) {
    d += "A call of " + CalleeList(r.calls) + ".\n";
  } else {
    for (const PairSpec& p : r.pairs) {
      d += "- A call of " + CalleeList(p.acquire) + " ";
      switch (r.value) {
        case PairedValue::kResult:
          d += "whose result";
          if (r.result > 0) d += " " + std::to_string(r.result);
          d += " some path leaves the function without ";
          break;
        case PairedValue::kReceiver:
          d += "after which some path leaves the function without ";
          break;
        case PairedValue::kNone:
          d += "after which some path leaves the function without a call of ";
          break;
      }
      switch (p.release.kind) {
        case ReleaseSpec::Kind::kMethod:
          d += "calling `" + p.release.text + "` on " +
               (r.value == PairedValue::kReceiver ? "the same receiver" : "it");
          break;
        case ReleaseSpec::Kind::kCall:
          d += r.value == PairedValue::kNone ? "`" + p.release.text + "`"
                                             : "passing it to `" + p.release.text + "`";
          break;
        case ReleaseSpec::Kind::kInvoke:
          d += "calling it";
          break;
      }
      d += " (deferred or not)";
      if (r.handoff && r.value != PairedValue::kNone) {
        d += " and without handing it on (returned, stored, passed to a function, sent)";
      }
      d += ".\n";
    }
  }
  if (!r.tests) d += "\n`_test.go` files are not checked.\n";
  d += "\n## Known limits\nA user rule (" + r.file + ":" + std::to_string(r.line) +
       "); see docs/user-rules.md for what calls it can resolve.\n";
  return d;
}

// The `acquire` and `release` of a rule or of an entry of `pairs`, kept
// until every key of it is read.
struct RuleKeys {
  const YAML::Node* acquire = nullptr;  // points at acquire_node once seen
  const YAML::Node* release = nullptr;
  YAML::Node acquire_node, release_node;
  YAML::Mark acquire_mark, release_mark;

  RuleKeys() = default;
  RuleKeys(const RuleKeys&) = delete;
  RuleKeys& operator=(const RuleKeys&) = delete;

  // Keeps the value of `acquire` or `release`; false for any other key.
  bool Take(const std::string& key, const YAML::Node& v, const YAML::Mark& km) {
    if (key == "acquire") {
      acquire_node = v;
      acquire = &acquire_node;
      acquire_mark = km;
    } else if (key == "release") {
      release_node = v;
      release = &release_node;
      release_mark = km;
    } else {
      return false;
    }
    return true;
  }
};

bool LoadRule(Loader& L, const YAML::Node& item, const YAML::Mark& item_mark, bool builtin,
              UserRuleSpec& r) {
  if (!item.IsMap()) {
    return L.Fail(item_mark, std::string("a rule must be a mapping (id: ..., kind: ...), found ") +
                                 KindName(item));
  }
  static const std::vector<const char*> kKeys = {
      "id",    "kind",    "slug",    "message", "severity", "summary", "doc",     "tests",
      "calls", "acquire", "release", "pairs",   "value",    "result",  "handoff", "borrowed-by"};
  std::map<std::string, YAML::Mark> seen;
  std::string kind;
  YAML::Mark kind_mark;
  YAML::Node calls_node, pairs_node, borrowed_node;
  YAML::Mark calls_mark, pairs_mark, borrowed_mark, value_mark, result_mark, handoff_mark;
  RuleKeys keys;
  std::string value_text;
  r.info.severity = Severity::kWarning;
  r.line = item_mark.line + 1;
  r.column = item_mark.column + 1;
  auto entry = [&](const std::string& key, const YAML::Node& v, const YAML::Mark& km) {
    YAML::Mark vm = MarkOf(v, km);
    if (key == "id") {
      if (!Text(L, key, v, km, r.info.id)) return false;
      if (!builtin &&
          (FindRule(r.info.id) || FindManifestRule(r.info.id) || r.info.id == ParseRuleInfo().id)) {
        return L.Fail(vm, "id: " + r.info.id + " is a built-in rule; choose another id");
      }
      if (!IsValidId(r.info.id)) {
        return L.Fail(vm, "id: " + QuoteKey(r.info.id) +
                              " is not a rule id: capital letters then digits, as ACME001");
      }
      r.line = vm.line + 1;
      r.column = vm.column + 1;
    } else if (key == "kind") {
      if (!Text(L, key, v, km, kind)) return false;
      kind_mark = vm;
    } else if (key == "slug") {
      if (!Text(L, key, v, km, r.info.slug)) return false;
      if (!IsValidSlug(r.info.slug)) {
        return L.Fail(vm, "slug: " + QuoteKey(r.info.slug) +
                              " is not a slug: lower-case letters, digits and '-'");
      }
      if (!builtin && (FindRule(r.info.slug) || FindManifestRule(r.info.slug))) {
        return L.Fail(vm, "slug: " + r.info.slug + " is a built-in rule's; choose another");
      }
    } else if (key == "message") {
      if (!Text(L, key, v, km, r.message)) return false;
    } else if (key == "severity") {
      std::string s;
      if (!Text(L, key, v, km, s)) return false;
      if (!ParseSeverity(s, r.info.severity)) {
        return L.Fail(vm, "severity: " + QuoteKey(s) + " is not error, warning or info");
      }
    } else if (key == "summary") {
      if (!Text(L, key, v, km, r.info.summary)) return false;
    } else if (key == "doc") {
      if (!Text(L, key, v, km, r.info.doc)) return false;
    } else if (key == "tests") {
      if (!Bool(L, key, v, km, r.tests)) return false;
    } else if (key == "calls") {
      calls_node = v;
      calls_mark = km;
    } else if (keys.Take(key, v, km)) {
      // acquire or release: read once the kind is known
    } else if (key == "pairs") {
      pairs_node = v;
      pairs_mark = km;
    } else if (key == "value") {
      if (!Text(L, key, v, km, value_text)) return false;
      value_mark = vm;
    } else if (key == "result") {
      std::string s;
      if (!config::Scalar(L, key, v, km, "a result index (0, 1, ...)", s)) return false;
      if (s.empty() || s.size() > 2 || s.find_first_not_of("0123456789") != std::string::npos ||
          std::atoi(s.c_str()) > 15) {
        return L.Fail(vm, "result: " + QuoteKey(s) +
                              " is not a result index (0 for the first result, up to 15)");
      }
      r.result = static_cast<unsigned>(std::atoi(s.c_str()));
      result_mark = vm;
    } else if (key == "handoff") {
      if (!Bool(L, key, v, km, r.handoff)) return false;
      handoff_mark = vm;
    } else if (key == "borrowed-by") {
      borrowed_node = v;
      borrowed_mark = km;
    } else {
      return L.Fail(km, UnknownKey(key, kKeys, " in rule"));
    }
    return true;
  };
  if (!config::ForEachKey(L, item, item_mark, "rule", entry, &seen)) return false;
  if (r.info.id.empty()) return L.Fail(item_mark, "rule: id is required");
  if (kind.empty())
    return L.Fail(item_mark,
                  "rule " + r.info.id + ": kind is required (" + "forbidden-call or paired-call)");
  if (kind != "forbidden-call" && kind != "paired-call") {
    return L.Fail(kind_mark, "kind: " + QuoteKey(kind) +
                                 " is not a rule kind (forbidden-call or paired-call)");
  }
  if (r.message.empty()) return L.Fail(item_mark, "rule " + r.info.id + ": message is required");
  auto not_for = [&](const char* key, const char* kind_name) {
    return L.Fail(seen[key], std::string(key) + ": not a key of a " + kind_name + " rule");
  };
  if (kind == "forbidden-call") {
    r.kind = UserRuleKind::kForbiddenCall;
    for (const char* k :
         {"acquire", "release", "pairs", "value", "result", "handoff", "borrowed-by"}) {
      if (seen.count(k)) return not_for(k, "forbidden-call");
    }
    if (!seen.count("calls")) {
      return L.Fail(item_mark, "rule " + r.info.id +
                                   ": calls is required (the functions and "
                                   "methods to report)");
    }
    if (!Callees(L, "calls", calls_node, calls_mark, false, r.calls)) return false;
  } else if (kind == "paired-call") {
    r.kind = UserRuleKind::kPairedCall;
    if (seen.count("calls")) return not_for("calls", "paired-call");
    if (!value_text.empty()) {
      if (value_text == "result") {
        r.value = PairedValue::kResult;
      } else if (value_text == "receiver") {
        r.value = PairedValue::kReceiver;
      } else if (value_text == "none") {
        r.value = PairedValue::kNone;
      } else {
        return L.Fail(value_mark,
                      "value: " + QuoteKey(value_text) + " is not result, receiver or none");
      }
    }
    if (seen.count("result") && r.value != PairedValue::kResult) {
      return L.Fail(result_mark, "result: only for value: result");
    }
    if (seen.count("pairs")) {
      if (keys.acquire || keys.release) {
        return L.Fail(seen.count("acquire") ? keys.acquire_mark : keys.release_mark,
                      "give acquire and release, or pairs, not both");
      }
      if (!pairs_node.IsSequence() || pairs_node.size() == 0) {
        return L.Fail(MarkOf(pairs_node, pairs_mark),
                      std::string("pairs: expected a list of {acquire, release}, found ") +
                          (pairs_node.IsSequence() ? "an empty list" : KindName(pairs_node)));
      }
      static const std::vector<const char*> kPairKeys = {"acquire", "release"};
      for (auto it = pairs_node.begin(); it != pairs_node.end(); ++it) {
        const YAML::Node p = *it;
        YAML::Mark pm = MarkOf(p, pairs_mark);
        if (!p.IsMap()) {
          return L.Fail(pm, std::string("pairs: expected a mapping {acquire, release}, found ") +
                                KindName(p));
        }
        RuleKeys pk;
        auto pair_entry = [&](const std::string& key, const YAML::Node& v, const YAML::Mark& km) {
          return pk.Take(key, v, km) || L.Fail(km, UnknownKey(key, kPairKeys, " in pair"));
        };
        if (!config::ForEachKey(L, p, pm, "pair", pair_entry)) return false;
        PairSpec pair;
        if (!Pair(L, pk.acquire, pk.acquire_mark, pk.release, pk.release_mark, pm,
                  "pair: ", pair)) {
          return false;
        }
        r.pairs.push_back(std::move(pair));
      }
    } else {
      PairSpec pair;
      std::string w = "rule " + r.info.id + ": ";
      if (!Pair(L, keys.acquire, keys.acquire_mark, keys.release, keys.release_mark, item_mark,
                w.c_str(), pair)) {
        return false;
      }
      r.pairs.push_back(std::move(pair));
    }
    // What each release needs of the value.
    for (const PairSpec& p : r.pairs) {
      const YAML::Mark& at = seen.count("pairs") ? pairs_mark : keys.release_mark;
      if (r.value == PairedValue::kNone && p.release.kind != ReleaseSpec::Kind::kCall) {
        return L.Fail(at, "release: with value: none the release is a call ({call: pkg.Func})");
      }
      if (r.value == PairedValue::kReceiver) {
        if (p.release.kind == ReleaseSpec::Kind::kInvoke) {
          return L.Fail(at, "release: invoke needs value: result (a function value to call)");
        }
        for (const Callee& c : p.acquire) {
          if (c.type.empty()) {
            return L.Fail(seen.count("pairs") ? pairs_mark : keys.acquire_mark,
                          "acquire: " + QuoteKey(c.text) +
                              " is a function; value: receiver needs methods, as "
                              "(*sync.Mutex).Lock");
          }
        }
      }
    }
    if (seen.count("borrowed-by") &&
        !Callees(L, "borrowed-by", borrowed_node, borrowed_mark, true, r.borrowed_by)) {
      return false;
    }
  }
  if (r.info.slug.empty()) r.info.slug = Lower(r.info.id);
  if (r.info.summary.empty()) r.info.summary = r.message;
  r.file = L.name;
  if (r.info.doc.empty()) r.info.doc = GeneratedDoc(r);
  return true;
}

bool LoadRoot(Loader& L, const YAML::Node& root, bool builtin, UserRuleSet& out) {
  if (root.IsNull()) return true;  // an empty file defines nothing
  YAML::Mark start = MarkOf(root, YAML::Mark());
  if (!root.IsMap()) {
    return L.Fail(start, std::string("expected a mapping with a rules list (rules: [...]), "
                                     "found ") +
                             KindName(root));
  }
  static const std::vector<const char*> kKeys = {"rules", "test"};
  auto entry = [&](const std::string& key, const YAML::Node& v, const YAML::Mark& km) {
    if (key == "test") return true;  // `gopit test`'s section (gotest/leak_ignore.cc)
    if (key != "rules") return L.Fail(km, UnknownKey(key, kKeys, ""));
    if (v.IsNull()) return true;
    if (!v.IsSequence()) {
      return L.Fail(MarkOf(v, km), std::string("rules: expected a list, found ") + KindName(v));
    }
    std::map<std::string, YAML::Mark> ids, slugs;
    for (auto r = v.begin(); r != v.end(); ++r) {
      const YAML::Node item = *r;
      YAML::Mark im = MarkOf(item, km);
      UserRuleSpec spec;
      if (!LoadRule(L, item, im, builtin, spec)) return false;
      YAML::Mark id_mark;
      id_mark.line = spec.line - 1;
      id_mark.column = spec.column - 1;
      auto [first, fresh] = ids.emplace(spec.info.id, id_mark);
      if (!fresh) {
        return L.Fail(id_mark, "duplicate rule id " + spec.info.id + " (first at " +
                                   Position(first->second) + ")");
      }
      auto [sfirst, sfresh] = slugs.emplace(spec.info.slug, id_mark);
      if (!sfresh) {
        return L.Fail(id_mark, "rule " + spec.info.id + ": duplicate slug " + spec.info.slug +
                                   " (first at " + Position(sfirst->second) + ")");
      }
      out.rules.push_back(std::move(spec));
    }
    return true;
  };
  return config::ForEachKey(L, root, start, "", entry);
}

}  // namespace

bool LoadUserRulesText(std::string_view text, const std::string& name, UserRuleSet& out,
                       std::string* error, bool builtin) {
  Loader L{name, ""};
  UserRuleSet set;
  bool ok = config::LoadYaml(
      text, L, [&](const YAML::Node& root) { return LoadRoot(L, root, builtin, set); });
  if (!ok) {
    if (error) *error = L.error;
    return false;
  }
  out = std::move(set);
  return true;
}

bool LoadUserRules(const std::string& path, UserRuleSet& out, std::string* error) {
  std::string text;
  if (!config::ReadConfigFile(path, text, error)) return false;
  return LoadUserRulesText(text, path, out, error);
}

const UserRuleSet& BuiltinPairs() {
  static const UserRuleSet set = [] {
    UserRuleSet s;
    std::string error;
    if (!LoadUserRulesText(BuiltinPairsYaml(), "builtin-pairs.yaml", s, &error, true)) {
      std::fprintf(stderr, "gopit: bug: the built-in pairs do not load: %s\n", error.c_str());
      std::abort();
    }
    return s;
  }();
  return set;
}

const UserRuleSpec& BuiltinPair(std::string_view id) {
  for (const UserRuleSpec& r : BuiltinPairs().rules) {
    if (r.info.id == id) return r;
  }
  std::fprintf(stderr, "gopit: bug: no built-in pair %.*s\n", static_cast<int>(id.size()),
               id.data());
  std::abort();
}

}  // namespace gopit::scan
