#include "render/scan_sarif.h"

#include <cctype>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "render/json_writer.h"

namespace gopit {
namespace {

constexpr const char* kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char* kSrcRoot = "%SRCROOT%";
constexpr const char* kFingerprintKey = "gopitFingerprint/v1";
// GitHub cuts shortDescription and fullDescription at 1,024 characters.
constexpr size_t kMaxDescription = 1024;

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// RFC 3986 pchar minus pct-encoded: unreserved, sub-delims, ':' and '@'. A
// relative reference whose first segment holds ':' would read as a scheme, so
// relative paths encode ':' everywhere.
bool IsPathChar(unsigned char c, bool relative) {
  if (IsUnreserved(c)) return true;
  switch (c) {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case '@':
      return true;
    case ':':
      return !relative;
    default:
      return false;
  }
}

void AppendEncoded(std::string_view segment, bool relative, std::string& out) {
  static const char* kHex = "0123456789ABCDEF";
  for (char ch : segment) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (IsPathChar(c, relative)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
}

// Cuts at `max` bytes without splitting a UTF-8 sequence.
std::string Truncate(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = max - 3;  // room for "..."
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80)
    --n;
  return std::string(s.substr(0, n)) + "...";
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

// The first paragraph of the doc's "What it finds" section, as one line; empty
// when the doc has no such section.
std::string WhatItFinds(std::string_view doc) {
  std::string para;
  bool in_section = false;
  size_t pos = 0;
  while (pos <= doc.size()) {
    size_t eol = doc.find('\n', pos);
    if (eol == std::string_view::npos) eol = doc.size();
    std::string_view line = Trim(doc.substr(pos, eol - pos));
    pos = eol + 1;
    if (!in_section) {
      if (line.starts_with("#")) {
        std::string_view title = line;
        while (title.starts_with("#"))
          title.remove_prefix(1);
        title = Trim(title);
        std::string lower;
        for (char c : title)
          lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        in_section = lower.starts_with("what it finds");
      }
      continue;
    }
    if (line.empty()) {
      if (para.empty()) continue;
      break;
    }
    if (line.starts_with("#") || line.starts_with("```")) break;
    if (!para.empty()) para.push_back(' ');
    para += line;
  }
  return para;
}

const char* Level(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "warning";
}

// GitHub's problem.severity for non-security rules.
const char* ProblemSeverity(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "recommendation";
  }
  return "warning";
}

// Precision says how often a rule's findings are real. gopit's severities are
// defined that way (error: almost surely a bug; warning: a bug in the usual
// case; info: a smell), so they give it. A file that does not parse is
// certain.
const char* Precision(const RuleInfo& rule) {
  if (rule.id == "PARSE") return "very-high";
  switch (rule.severity) {
    case Severity::kError:
      return "high";
    case Severity::kWarning:
      return "medium";
    case Severity::kInfo:
      return "low";
  }
  return "medium";
}

// Tags from the id's family (the letters before the number): GitHub filters
// alerts by them.
std::vector<const char*> Tags(std::string_view id) {
  size_t n = 0;
  while (n < id.size() && std::isalpha(static_cast<unsigned char>(id[n])))
    ++n;
  std::string_view family = id.substr(0, n);
  if (family == "LEAK") return {"concurrency", "goroutine-leak"};
  if (family == "LOCK") return {"concurrency", "locking"};
  if (family == "RT") return {"runtime"};
  if (family == "CGO") return {"cgo"};
  if (family == "K8S") return {"deployment", "kubernetes"};
  if (family == "PARSE") return {"syntax"};
  return {"custom"};
}

// SARIF §3.11.6: in a plain text message, '\', '[' and ']' in the text of an
// embedded link are escaped with '\'.
std::string LinkText(std::string_view s) {
  std::string r;
  for (char c : s) {
    if (c == '\\' || c == '[' || c == ']') r.push_back('\\');
    r.push_back(c == '\n' || c == '\r' ? ' ' : c);
  }
  return r;
}

// The result message: the finding's text, then a link to each related
// location, which is how GitHub shows them. Braces are left alone: gopit
// never uses message arguments, and doubling them ("struct{{}}") would show as
// such in every viewer that does not substitute arguments, GitHub included.
std::string ResultText(const Finding& f, const RuleInfo& rule) {
  std::string text = f.message.empty() ? rule.summary : f.message;
  if (text.empty()) text = rule.id;
  if (f.related.empty()) return text;
  char last = text.back();
  text += last == '.' || last == '!' || last == '?' ? " " : ". ";
  text += f.related.size() == 1 ? "Related location: " : "Related locations: ";
  for (size_t i = 0; i < f.related.size(); ++i) {
    const RelatedLocation& rel = f.related[i];
    if (i) text += ", ";
    text += '[';
    text += LinkText(rel.message.empty() ? "related location" : rel.message);
    text += "](";
    text += std::to_string(i + 1);
    text += ')';
  }
  text += '.';
  return text;
}

void WriteText(JsonWriter& w, std::string_view key, std::string_view text) {
  w.Key(key).BeginObject().Key("text").String(text).EndObject();
}

void WritePhysicalLocation(JsonWriter& w, std::string_view file, int32_t line, int32_t column) {
  bool relative = false;
  std::string uri = SarifArtifactUri(file, relative);
  w.Key("physicalLocation").BeginObject();
  w.Key("artifactLocation").BeginObject();
  w.Key("uri").String(uri);
  if (relative) w.Key("uriBaseId").String(kSrcRoot);
  w.EndObject();
  // SARIF lines and columns start at 1; an unknown one (0) is left out.
  if (line > 0) {
    w.Key("region").BeginObject();
    w.Key("startLine").Int(line);
    if (column > 0) w.Key("startColumn").Int(column);
    w.EndObject();
  }
  w.EndObject();
}

void WriteRule(JsonWriter& w, const RuleInfo& rule) {
  std::string summary = Trim(rule.summary).empty() ? rule.id : std::string(Trim(rule.summary));
  std::string full = WhatItFinds(rule.doc);
  if (full.empty()) full = summary;
  w.BeginObject();
  w.Key("id").String(rule.id);
  w.Key("name").String(rule.slug.empty() ? rule.id : SarifRuleName(rule.slug));
  WriteText(w, "shortDescription", Truncate(summary, kMaxDescription));
  WriteText(w, "fullDescription", Truncate(full, kMaxDescription));
  w.Key("help").BeginObject();
  if (Trim(rule.doc).empty()) {
    w.Key("text").String(full);
  } else {
    // The doc is Markdown, which reads well enough as plain text too.
    w.Key("text").String(rule.doc);
    w.Key("markdown").String(rule.doc);
  }
  w.EndObject();
  w.Key("defaultConfiguration").BeginObject().Key("level").String(Level(rule.severity)).EndObject();
  w.Key("properties").BeginObject();
  w.Key("tags").BeginArray();
  for (const char* t : Tags(rule.id))
    w.String(t);
  w.EndArray();
  w.Key("precision").String(Precision(rule));
  w.Key("problem.severity").String(ProblemSeverity(rule.severity));
  w.EndObject();
  w.EndObject();
}

// The rules of the run: the report's, in order and without duplicate ids, then
// a minimal descriptor for each rule a finding names that they lack.
struct RuleTable {
  std::vector<RuleInfo> rules;
  std::unordered_map<std::string, size_t> index;

  size_t Add(RuleInfo info) {
    auto [it, added] = index.emplace(info.id, rules.size());
    if (added) rules.push_back(std::move(info));
    return it->second;
  }
};

std::string RuleId(const Finding& f) {
  return f.rule.empty() ? "gopit" : f.rule;
}

RuleTable BuildRules(const ScanReport& r) {
  RuleTable t;
  for (const RuleInfo& info : r.rules)
    if (!info.id.empty()) t.Add(info);
  for (const Finding& f : r.findings) {
    std::string id = RuleId(f);
    if (t.index.count(id)) continue;
    RuleInfo info;
    info.id = id;
    info.slug = f.slug;
    info.severity = f.severity;
    info.summary = id == "PARSE" ? "The file is not valid Go source: gopit could not parse it."
                                 : "gopit rule " + id + ".";
    t.Add(std::move(info));
  }
  return t;
}

}  // namespace

std::string SarifArtifactUri(std::string_view path, bool& relative) {
  std::string uri;
  bool drive = path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) &&
               path[1] == ':' && path[2] == '/';
  relative = !path.starts_with("/") && !drive;
  if (!relative) uri = drive ? "file:///" : "file://";
  // Segment by segment: "." and empty segments are dropped, '/' kept.
  size_t pos = 0;
  bool first = true;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(pos, slash - pos);
    pos = slash + 1;
    if (seg.empty() || seg == ".") continue;
    if (!first || !relative) {
      if (!(first && drive)) uri.push_back('/');
    }
    AppendEncoded(seg, relative, uri);
    first = false;
  }
  if (!relative && first) uri.push_back('/');  // the root itself
  return uri;
}

std::string SarifRuleName(std::string_view slug) {
  std::string name;
  bool upper = true;
  for (char c : slug) {
    if (c == '-' || c == '_' || c == ' ' || c == '.') {
      upper = true;
      continue;
    }
    name.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return name;
}

void WriteScanSarif(const ScanReport& r, std::ostream& out) {
  RuleTable rules = BuildRules(r);
  JsonWriter w(out);
  w.BeginObject();
  w.Key("$schema").String(kSarifSchema);
  w.Key("version").String("2.1.0");
  w.Key("runs").BeginArray().BeginObject();

  w.Key("tool").BeginObject().Key("driver").BeginObject();
  w.Key("name").String("gopit");
  w.Key("version").String(GOPIT_VERSION);
  w.Key("semanticVersion").String(GOPIT_VERSION);
  w.Key("rules").BeginArray();
  for (const RuleInfo& rule : rules.rules)
    WriteRule(w, rule);
  w.EndArray();
  w.EndObject().EndObject();

  w.Key("invocations").BeginArray().BeginObject();
  w.Key("executionSuccessful").Bool(r.errors.empty());
  if (!r.errors.empty()) {
    w.Key("toolExecutionNotifications").BeginArray();
    for (const std::string& e : r.errors) {
      w.BeginObject();
      w.Key("level").String("error");
      WriteText(w, "message", e);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject().EndArray();

  // Relative paths are relative to the directory gopit ran in; which one that
  // was is left out (it would put the user's home directory in the log).
  w.Key("originalUriBaseIds").BeginObject().Key(kSrcRoot).BeginObject();
  WriteText(w, "description", "The directory gopit scan ran in: paths are relative to it.");
  w.EndObject().EndObject();

  w.Key("results").BeginArray();
  for (const Finding& f : r.findings) {
    size_t index = rules.index.at(RuleId(f));
    const RuleInfo& rule = rules.rules[index];
    w.BeginObject();
    w.Key("ruleId").String(rule.id);
    w.Key("ruleIndex").Uint(index);
    w.Key("level").String(Level(f.severity));
    WriteText(w, "message", ResultText(f, rule));
    w.Key("locations").BeginArray().BeginObject();
    WritePhysicalLocation(w, f.file, f.line, f.column);
    w.EndObject().EndArray();
    if (!f.related.empty()) {
      w.Key("relatedLocations").BeginArray();
      for (size_t i = 0; i < f.related.size(); ++i) {
        const RelatedLocation& rel = f.related[i];
        w.BeginObject();
        w.Key("id").Uint(i + 1);
        WritePhysicalLocation(w, rel.file.empty() ? f.file : rel.file, rel.line, rel.column);
        if (!rel.message.empty()) WriteText(w, "message", rel.message);
        w.EndObject();
      }
      w.EndArray();
    }
    if (!f.fingerprint.empty()) {
      w.Key("partialFingerprints").BeginObject().Key(kFingerprintKey).String(f.fingerprint);
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();

  w.EndObject().EndArray();
  w.EndObject();
}

}  // namespace gopit
