#include "scan/k8s_manifest.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <exception>
#include <utility>

namespace gopit::scan {
namespace {

// One `key: value` of a mapping; the key is kept for its position.
struct Entry {
  YAML::Node key;
  YAML::Node value;
};

// A field of a mapping, found by walking it rather than with operator[]:
// yaml-cpp's operator[] throws on scalars and hands back invalid nodes for
// missing keys, and every accessor of an invalid node throws.
std::optional<Entry> Field(const YAML::Node& map, std::string_view key) {
  if (!map.IsDefined() || !map.IsMap()) return std::nullopt;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsDefined() && it->first.IsScalar() && it->first.Scalar() == key) {
      return Entry{it->first, it->second};
    }
  }
  return std::nullopt;
}

YAML::Node Value(const YAML::Node& map, std::string_view key) {
  std::optional<Entry> e = Field(map, key);
  return e ? e->value : YAML::Node(YAML::NodeType::Undefined);
}

// Follows a path of keys; an undefined node when any step is missing.
// Node::operator= would write through to the node `n` refers to (the
// document itself); reset() rebinds.
YAML::Node Path(const YAML::Node& from, std::initializer_list<std::string_view> keys) {
  YAML::Node n(from);
  for (std::string_view k : keys) {
    n.reset(Value(n, k));
    if (!n.IsDefined()) break;
  }
  return n;
}

std::string ScalarOf(const YAML::Node& n) {
  return n.IsDefined() && n.IsScalar() ? n.Scalar() : std::string();
}

bool IsSequence(const YAML::Node& n) {
  return n.IsDefined() && n.IsSequence();
}

class DocReader {
 public:
  DocReader(int32_t line_base, Manifest& out) : base_(line_base), out_(out) {}

  void Document(const YAML::Node& doc, bool in_list) {
    if (!doc.IsDefined() || !doc.IsMap()) return;
    std::optional<Entry> kind = Field(doc, "kind");
    if (!kind || !Field(doc, "apiVersion")) return;
    std::string k = ScalarOf(kind->value);
    if (!in_list && (k == "List" || k.ends_with("List"))) {
      YAML::Node items = Value(doc, "items");
      if (IsSequence(items)) {
        for (const YAML::Node& item : items)
          Document(item, true);
      }
      return;
    }
    YAML::Node pod;
    if (k == "Pod") {
      pod.reset(Value(doc, "spec"));
    } else if (k == "Deployment" || k == "StatefulSet" || k == "DaemonSet" || k == "ReplicaSet" ||
               k == "ReplicationController" || k == "Job") {
      pod.reset(Path(doc, {"spec", "template", "spec"}));
    } else if (k == "CronJob") {
      pod.reset(Path(doc, {"spec", "jobTemplate", "spec", "template", "spec"}));
    } else {
      return;
    }
    Workload w;
    w.kind = k;
    w.name = ScalarOf(Path(doc, {"metadata", "name"}));
    w.at = Pos(kind->key);
    YAML::Node containers = Value(pod, "containers");
    if (IsSequence(containers)) {
      for (const YAML::Node& c : containers)
        Container(c, false, w);
    }
    YAML::Node inits = Value(pod, "initContainers");
    if (IsSequence(inits)) {
      for (const YAML::Node& c : inits) {
        if (ScalarOf(Value(c, "restartPolicy")) == "Always") Container(c, true, w);
      }
    }
    if (!w.containers.empty()) out_.workloads.push_back(std::move(w));
  }

 private:
  YamlPos Pos(const YAML::Node& n) const {
    YAML::Mark m = n.Mark();
    if (m.is_null() || m.line < 0 || m.column < 0) return {};
    return {base_ + m.line + 1, m.column + 1};
  }

  void Container(const YAML::Node& c, bool sidecar, Workload& w) {
    if (!c.IsDefined() || !c.IsMap()) return;
    ContainerSpec s;
    s.sidecar = sidecar;
    if (std::optional<Entry> name = Field(c, "name")) {
      s.name = ScalarOf(name->value);
      s.name_at = Pos(name->key);
    } else {
      s.name_at = Pos(c);
    }
    s.image = ScalarOf(Value(c, "image"));
    YAML::Node limits = Path(c, {"resources", "limits"});
    if (std::optional<Entry> cpu = Field(limits, "cpu"); cpu && cpu->value.IsScalar()) {
      s.cpu_limit = cpu->value.Scalar();
      s.cpu_limit_at = Pos(cpu->key);
    }
    if (std::optional<Entry> mem = Field(limits, "memory"); mem && mem->value.IsScalar()) {
      s.memory_limit = mem->value.Scalar();
      s.memory_limit_at = Pos(mem->key);
    }
    YAML::Node env = Value(c, "env");
    if (IsSequence(env)) {
      for (const YAML::Node& e : env) {
        std::string name = ScalarOf(Value(e, "name"));
        if (!name.empty()) s.env.push_back(std::move(name));
      }
    }
    YAML::Node env_from = Value(c, "envFrom");
    s.env_from = IsSequence(env_from) && env_from.size() > 0;
    s.liveness = Probe(c, "livenessProbe");
    s.readiness = Probe(c, "readinessProbe");
    s.startup = Probe(c, "startupProbe");
    w.containers.push_back(std::move(s));
  }

  std::optional<ProbeSpec> Probe(const YAML::Node& c, std::string_view key) {
    std::optional<Entry> e = Field(c, key);
    if (!e || !e->value.IsMap()) return std::nullopt;
    ProbeSpec p;
    p.at = Pos(e->key);
    p.timeout_seconds = Int(e->value, "timeoutSeconds");
    p.period_seconds = Int(e->value, "periodSeconds");
    p.failure_threshold = Int(e->value, "failureThreshold");
    return p;
  }

  // A field that must be a whole number; anything else counts as absent
  // (the API server would reject it, so the default is the best guess).
  ProbeField Int(const YAML::Node& probe, std::string_view key) {
    ProbeField f;
    std::optional<Entry> e = Field(probe, key);
    if (!e || !e->value.IsScalar()) return f;
    const std::string& s = e->value.Scalar();
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return f;
    f.value = v;
    f.at = Pos(e->key);
    return f;
  }

  int32_t base_;
  Manifest& out_;
};

// A line that starts a document (`---`, maybe followed by content) or ends
// one (`...`).
bool IsMarker(std::string_view line, std::string_view marker) {
  if (!line.starts_with(marker)) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

void ReadDocument(std::string_view piece, int32_t line_base, Manifest& out) {
  YAML::Node doc;
  try {
    doc.reset(YAML::Load(std::string(piece)));
  } catch (const YAML::Exception& e) {
    if (!out.syntax_error) {
      YamlPos at;
      if (!e.mark.is_null() && e.mark.line >= 0)
        at = {line_base + e.mark.line + 1, e.mark.column + 1};
      out.syntax_error = Manifest::SyntaxError{at, e.msg};
    }
    return;
  } catch (const std::exception& e) {
    if (!out.syntax_error) out.syntax_error = Manifest::SyntaxError{{line_base + 1, 1}, e.what()};
    return;
  }
  try {
    DocReader(line_base, out).Document(doc, false);
  } catch (const std::exception&) {
    // A shape the reader did not foresee: the document yields nothing
    // rather than a guess.
  }
}

}  // namespace

bool ContainerSpec::HasEnv(std::string_view name) const {
  for (const std::string& e : env) {
    if (e == name) return true;
  }
  return false;
}

bool LooksLikeManifest(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    if (text.substr(at).starts_with("kind:")) return true;
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  return false;
}

Manifest ReadManifest(std::string path, std::string_view text) {
  Manifest m;
  m.path = std::move(path);
  m.looks_like_manifest = LooksLikeManifest(text);
  if (!m.looks_like_manifest) return m;
  if (text.find("{{") != std::string_view::npos) {
    m.template_skipped = true;
    return m;
  }
  // Documents one at a time, so that one broken document does not hide
  // the others; a `---` line belongs to the document it starts.
  size_t start = 0;
  int32_t start_line = 0, line = 0;
  auto flush = [&](size_t end) {
    if (end > start) ReadDocument(text.substr(start, end - start), start_line, m);
  };
  for (size_t at = 0; at <= text.size(); ++line) {
    size_t nl = text.find('\n', at);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view l = text.substr(at, end - at);
    size_t next = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (IsMarker(l, "---")) {
      flush(at);
      start = at;
      start_line = line;
    } else if (IsMarker(l, "...")) {
      flush(at);
      start = std::min(next, text.size());
      start_line = line + 1;
    }
    at = next;
  }
  flush(text.size());
  return m;
}

}  // namespace gopit::scan
