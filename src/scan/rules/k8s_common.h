// Helpers shared by the Kubernetes manifest rules (K8S001-K8S003).
#pragma once

#include <string>
#include <string_view>

#include "scan/k8s_manifest.h"
#include "scan/manifest_rule.h"

namespace gopit::scan {

// Whether the image is a well-known official image of a program not
// written in Go (nginx, postgres, redis, python, ...): the Go runtime
// settings mean nothing to it. Unknown images count as Go: the manifests a
// Go scan meets mostly deploy the Go code beside them.
bool KnownNonGoImage(std::string_view image);

// `container "api" of Deployment "web"`, for messages.
std::string ContainerLabel(const Workload& w, const ContainerSpec& c);

// The container might be a Go program whose environment the manifest
// cannot fully see (envFrom) or which is not Go at all.
bool SkipForEnvironment(const ContainerSpec& c);

// " (go 1.24 in go.mod)" or " (the Go version of the image is unknown: ...)".
std::string GoNote(const ManifestGo& go);

}  // namespace gopit::scan
