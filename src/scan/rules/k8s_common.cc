#include "scan/rules/k8s_common.h"

#include <array>

namespace gopit::scan {

bool KnownNonGoImage(std::string_view image) {
  // The repository's last path element, without tag or digest:
  // "docker.io/library/nginx:1.27-alpine" -> "nginx".
  std::string_view name = image.substr(0, image.find('@'));
  if (size_t slash = name.rfind('/'); slash != std::string_view::npos)
    name.remove_prefix(slash + 1);
  name = name.substr(0, name.find(':'));
  static constexpr std::array<std::string_view, 32> kNotGo = {"nginx",
                                                              "nginx-unprivileged",
                                                              "httpd",
                                                              "haproxy",
                                                              "envoy",
                                                              "varnish",
                                                              "postgres",
                                                              "postgresql",
                                                              "mysql",
                                                              "mariadb",
                                                              "redis",
                                                              "memcached",
                                                              "mongo",
                                                              "mongodb",
                                                              "rabbitmq",
                                                              "cassandra",
                                                              "elasticsearch",
                                                              "opensearch",
                                                              "kibana",
                                                              "zookeeper",
                                                              "kafka",
                                                              "python",
                                                              "node",
                                                              "openjdk",
                                                              "eclipse-temurin",
                                                              "ruby",
                                                              "php",
                                                              "busybox",
                                                              "alpine",
                                                              "ubuntu",
                                                              "debian",
                                                              "fluentd"};
  for (std::string_view n : kNotGo) {
    if (name == n) return true;
  }
  return false;
}

std::string ContainerLabel(const Workload& w, const ContainerSpec& c) {
  std::string s = c.sidecar ? "sidecar" : "container";
  if (!c.name.empty()) s += " \"" + c.name + "\"";
  s += " of " + w.kind;
  if (!w.name.empty()) s += " \"" + w.name + "\"";
  return s;
}

bool SkipForEnvironment(const ContainerSpec& c) {
  return c.env_from || KnownNonGoImage(c.image);
}

std::string GoNote(const ManifestGo& go) {
  if (go.version.empty()) {
    return " (the Go version of the image is unknown: no go.mod above the manifest; give "
           "--go-version)";
  }
  if (go.source == "--go-version") return " (Go " + go.version + " from --go-version)";
  return " (go " + go.version + " in go.mod)";
}

}  // namespace gopit::scan
