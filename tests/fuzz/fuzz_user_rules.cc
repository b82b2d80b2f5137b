// libFuzzer target for user rules files (`gopit scan --rules`, .gopit.yaml):
// any bytes must load or fail with a "FILE:LINE:COL: " error (yaml-cpp's
// exceptions caught inside), and what loads must hold what the loader
// promises (valid, unique ids; callees for every rule). The rules that load
// then run on a Go file that calls what such rules name, and must not crash
// or report outside it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/error_position.h"
#include "scan/engine.h"
#include "scan/user_rules.h"

namespace {

using gopit::fuzz::IsPosition;

const char* kSource = R"(package p

// #include <stdlib.h>
import "C"

import (
	"context"
	"net/http"
	"os"
	"sync"
	"unsafe"
)

type S struct {
	sync.Mutex
	mu sync.RWMutex
}

func f(ctx context.Context, c *http.Client, s *S, req *http.Request) error {
	ctx, cancel := context.WithCancel(ctx)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	s.Lock()
	s.mu.RLock()
	p := C.malloc(16)
	defer C.free(unsafe.Pointer(p))
	f, err := os.Open("x")
	if err != nil {
		s.Unlock()
		return err
	}
	http.Get("y")
	go func() { defer cancel(); f.Close() }()
	_ = resp
	s.mu.RUnlock()
	os.Exit(1)
	return nil
}
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace gopit::scan;

  UserRuleSet set;
  std::string error;
  const std::string name = "fuzz.yaml";
  if (!LoadUserRulesText(text, name, set, &error)) {
    if (!error.starts_with(name + ":") ||
        !IsPosition(std::string_view(error).substr(name.size() + 1))) {
      __builtin_trap();
    }
    return 0;
  }
  std::set<std::string> ids;
  std::vector<const UserRuleSpec*> specs;
  for (const UserRuleSpec& r : set.rules) {
    if (!ids.insert(r.info.id).second || r.info.slug.empty() || r.message.empty()) __builtin_trap();
    if (r.kind == UserRuleKind::kForbiddenCall ? r.calls.empty() : r.pairs.empty())
      __builtin_trap();
    specs.push_back(&r);
  }
  std::unique_ptr<Rule> rule = MakeUserRules(specs);
  // No built-in rule (an id that matches none), only the user rules.
  for (const gopit::Finding& f : ScanSource("p/p.go", kSource, {"NONE0"}, {rule.get()})) {
    if (f.file != "p/p.go" || f.line < 1 || f.line > 40 || !ids.contains(f.rule)) __builtin_trap();
  }
  return 0;
}
