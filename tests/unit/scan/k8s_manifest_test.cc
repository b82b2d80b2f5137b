// The Kubernetes manifest reader and the Go-version handling of the K8S
// rules, on small inline manifests (the rules' own cases are fixtures in
// tests/go/scanrules/k8s00N/).
#include "scan/k8s_manifest.h"

#include <gtest/gtest.h>

#include <string>

#include "scan/manifest_rule.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

const char kTwoDocs[] = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: sync
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: sync
              image: example/sync:1
              env:
                - name: GOMEMLIMIT
                  value: 200MiB
              resources:
                limits:
                  cpu: 500m
                  memory: 256Mi
              livenessProbe:
                exec: {command: [true]}
                failureThreshold: 2
)";

TEST(K8sManifest, ReadsCronJobContainers) {
  Manifest m = ReadManifest("m.yaml", kTwoDocs);
  EXPECT_TRUE(m.looks_like_manifest);
  EXPECT_FALSE(m.syntax_error);
  ASSERT_EQ(m.workloads.size(), 1u);
  const Workload& w = m.workloads[0];
  EXPECT_EQ(w.kind, "CronJob");
  EXPECT_EQ(w.name, "sync");
  EXPECT_EQ(w.at.line, 6);
  ASSERT_EQ(w.containers.size(), 1u);
  const ContainerSpec& c = w.containers[0];
  EXPECT_EQ(c.name, "sync");
  EXPECT_EQ(c.name_at.line, 16);
  EXPECT_EQ(c.name_at.column, 15);
  ASSERT_TRUE(c.cpu_limit);
  EXPECT_EQ(*c.cpu_limit, "500m");
  EXPECT_EQ(c.cpu_limit_at.line, 23);
  EXPECT_EQ(c.cpu_limit_at.column, 19);
  EXPECT_EQ(*c.memory_limit, "256Mi");
  EXPECT_TRUE(c.HasEnv("GOMEMLIMIT"));
  EXPECT_FALSE(c.HasEnv("GOMAXPROCS"));
  ASSERT_TRUE(c.liveness);
  EXPECT_EQ(c.liveness->FailureThreshold(), 2);
  EXPECT_EQ(c.liveness->Timeout(), 1);
  EXPECT_EQ(c.liveness->FailureWindow(), 20);
  EXPECT_FALSE(c.readiness);
}

TEST(K8sManifest, SyntaxErrorLeavesOtherDocuments) {
  std::string text = std::string("apiVersion: v1\nkind: Pod\nmetadata: {name: [broken\n---\n") +
                     (kTwoDocs + std::string(kTwoDocs).find("apiVersion: batch"));
  Manifest m = ReadManifest("m.yaml", text);
  ASSERT_TRUE(m.syntax_error);
  EXPECT_GE(m.syntax_error->at.line, 3);
  EXPECT_LE(m.syntax_error->at.line, 4);
  ASSERT_EQ(m.workloads.size(), 1u);
  EXPECT_EQ(m.workloads[0].containers[0].cpu_limit_at.line, 23);
}

TEST(K8sManifest, SkipsTemplatesAndOtherYaml) {
  Manifest helm =
      ReadManifest("t.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .x }}\n");
  EXPECT_TRUE(helm.template_skipped);
  EXPECT_TRUE(helm.workloads.empty());
  EXPECT_FALSE(helm.syntax_error);
  Manifest ci = ReadManifest("ci.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu\n");
  EXPECT_FALSE(ci.looks_like_manifest);
  Manifest no_api = ReadManifest("k.yaml", "kind: Pod\nspec:\n  containers: [{name: a}]\n");
  EXPECT_TRUE(no_api.workloads.empty());
}

TEST(K8sManifest, OddShapesDoNotThrow) {
  for (const char* text :
       {"kind: Pod\napiVersion: v1\nspec: 3\n", "kind: [a]\napiVersion: v1\n",
        "kind: Deployment\napiVersion: v1\nspec:\n  template: {spec: {containers: 7}}\n",
        "kind: Pod\napiVersion: v1\nspec: {containers: [3, [], {resources: {limits: [1]}}]}\n",
        "kind: Pod\napiVersion: v1\nspec: {containers: [{env: [1, {name: [x]}], livenessProbe: "
        "{timeoutSeconds: x, periodSeconds: 99999999999999999999}}]}\n",
        "kind: List\napiVersion: v1\nitems: [{kind: List, apiVersion: v1, items: []}]\n",
        "kind: &a Pod\napiVersion: *a\nspec: &s {containers: [{name: *s}]}\n", "kind: :\n",
        "kind:\n---\n...\n---\n"}) {
    Manifest m = ReadManifest("x.yaml", text);
    (void)m;
  }
  std::string deep = "kind: Pod\napiVersion: v1\nspec: ";
  deep += std::string(20000, '[');
  Manifest m = ReadManifest("deep.yaml", deep);
  EXPECT_TRUE(m.syntax_error);
}

const char kLimits[] = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:1
          resources:
            limits:
              cpu: "2"
              memory: 1Gi
)";

std::vector<Finding> Scan(const std::string& text, const ManifestGo& go) {
  return ScanManifestText("d.yaml", text, {&K8s001Rule(), &K8s002Rule()}, go).findings;
}

TEST(K8sRules, GoVersionDecides) {
  std::vector<Finding> f = Scan(kLimits, {"1.24", "go.mod"});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].rule, "K8S001");
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(f[0].line, 12);
  EXPECT_EQ(f[0].related.at(0).line, 8);
  EXPECT_FALSE(f[0].fingerprint.empty());
  EXPECT_EQ(f[1].rule, "K8S002");
  EXPECT_EQ(f[1].line, 13);

  f = Scan(kLimits, {"1.25", "go.mod"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "K8S002");

  f = Scan(kLimits, {"1.18", "--go-version"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "K8S001");

  f = Scan(kLimits, {});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::kInfo);
  EXPECT_NE(f[0].message.find("unknown"), std::string::npos);
  EXPECT_EQ(f[1].severity, Severity::kInfo);

  ManifestGo libs{"1.22", "go.mod", true, true};
  EXPECT_TRUE(Scan(kLimits, libs).empty());
}

TEST(K8sRules, HashCommentSuppressions) {
  std::string text = kLimits;
  text.replace(text.find("cpu: \"2\""), 8, "cpu: \"2\" # gopit:ignore K8S001 built with Go 1.25");
  text.replace(text.find("              memory"), 0, "              # nolint:gopit\n");
  ManifestScan s = ScanManifestText("d.yaml", text, {&K8s001Rule(), &K8s002Rule()}, {"1.22", ""});
  EXPECT_TRUE(s.findings.empty());
  EXPECT_EQ(s.suppressed, 2u);
}

TEST(K8sRules, BrokenManifestIsAParseWarning) {
  ManifestScan s =
      ScanManifestText("d.yaml", "apiVersion: v1\nkind: Pod\nspec: [\n", {&K8s001Rule()}, {});
  EXPECT_TRUE(s.read);
  ASSERT_EQ(s.findings.size(), 1u);
  EXPECT_EQ(s.findings[0].rule, "PARSE");
  EXPECT_EQ(s.findings[0].severity, Severity::kWarning);
  EXPECT_GE(s.findings[0].line, 3);
}

}  // namespace
}  // namespace gopit::scan
