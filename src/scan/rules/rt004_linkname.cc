// RT004 linkname: a //go:linkname that pulls another module's unexported
// symbol, and whether the installed Go's linker still lets it through.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/rules/go_versions.h"
#include "scan/rules/owned_values.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"RT004", "linkname", Severity::kWarning,
                     "//go:linkname pulls another package's unexported symbol: it breaks "
                     "across versions, and Go 1.23 links it only if the standard library "
                     "allows it.",
                     R"(## What it finds
A two-argument `//go:linkname local path.name` that *pulls* a symbol: the
local function is declared without a body (or `local` is a variable), so
the code uses `path.name` from another package, where `name` is
unexported, a method (`path.(*T).m`), or any symbol of an `internal`
package. The finding names the target and is on the local declaration
under the directive (the `func` or `var` line: a directive line cannot
carry a trailing `//gopit:ignore`, the compiler rejects it); the related
location is the directive. A directive whose local name is not declared
in the file is reported on the directive itself.

Not reported: the one-argument form `//go:linkname name` (a *push*: it
makes the package's own symbol available); a two-argument directive whose
function has a body (it defines the symbol, a push too); targets in the
scanned module itself; and any file of the standard library (module `std`
or `cmd`, or a directory under `$GOROOT/src`), which the linker exempts
from the restriction and which uses linknames by design. A scan of
`$GOROOT/src` therefore finds nothing.

Severity:
- **error** when the target is in the standard library, the module's Go
  version (`go.mod` or `--go-version`) is 1.23 or later, and the installed
  Go (see below) does not allow it: the symbol is not marked with a push
  `//go:linkname` by the standard library, or the linker's own block list
  names it. `go build` fails with `invalid reference to path.name` (or
  `relocation target path.name not defined` when the release no longer
  has it).
- **warning** otherwise: a standard-library target the installed Go still
  allows (the runtime keeps a list of such symbols "that widely used
  packages access using linkname", the "hall of shame", and promises only
  not to break those it lists), a target outside the standard library, a
  Go version below 1.23 or unknown, or no Go installation found.

The installed Go is `$GOROOT`, or the one the `go` command on `PATH`
belongs to. Its push directives are read at scan time from the target
package's directory and from `runtime` (which pushes into `sync`, `time`,
`os`, `syscall`, `reflect`, ...); a function the target package declares
without a body (written in assembly, reached through an ABI wrapper) is
allowed as the linker allows it. The block list comes from
`cmd/link/internal/loader/loader.go`; each directory is read once per
scan and only for packages that pull such a symbol.

## Why it is bad
An unexported symbol is not part of any compatibility promise: it may be
renamed, change its signature, or disappear in any release, and a
linkname with the wrong signature is not checked by the compiler; it
corrupts memory at run time. Since Go 1.23 the linker also refuses a pull
of a standard-library symbol that the library does not push, so code that
built with Go 1.22 stops building (go.dev/issue/67401).

## Bad
```go
import _ "unsafe"

//go:linkname nanotime runtime.nanotime1
func nanotime() int64
```

## Fix
Use the public API (`time.Now()`, `time.Since`, `runtime/metrics`,
`sync/atomic`, `math/rand/v2`...); or, if there is none, keep the
linkname to a symbol the runtime lists as pushed, pin the Go versions you
test with, and file an issue asking for an API. Building with
`-ldflags=-checklinkname=0` turns the check off; it does not make the
code any less fragile.

## Go versions
All Go versions: the symbol may change in any release. The linker's check
exists from Go 1.23; severity is error only from a module Go version of
1.23.

## Known limits
- The allow list is the installed Go's, which may not be the Go the
  module is built with: a symbol pushed by one release may not be by the
  next. The pushes read are those of the target package and of `runtime`;
  a push from a third package (rare) is missed, and the finding is then
  an error that should have been a warning.
- Whether a two-argument target is unexported is read from its name;
  the package a target belongs to is read from the path before the
  first `.` of the last path element (`example.com/m/pkg.name`).
- A target in another package of the same module is not reported; a
  target in another module is a warning whatever its version.)"};

// The Go installation the scan runs beside: $GOROOT, else the root of the
// `go` command on PATH; "" when there is none.
std::string FindGoRoot() {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto valid = [&](const fs::path& p) { return fs::is_directory(p / "src" / "runtime", ec); };
  // Canonical, as IsStdPackage compares it with a package's canonical dir.
  if (const char* env = std::getenv("GOROOT"); env && *env && valid(env)) {
    fs::path root = fs::weakly_canonical(env, ec);
    return ec ? std::string(env) : root.string();
  }
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::stringstream dirs{std::string(path)};
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    fs::path go = fs::path(dir) / "go";
    if (!fs::is_regular_file(go, ec)) continue;
    fs::path real = fs::canonical(go, ec);
    if (ec) continue;
    fs::path root = real.parent_path().parent_path();
    if (valid(root)) return root.string();
  }
  return "";
}

// What the installed Go allows: the standard library's push directives,
// read lazily per package directory, and the linker's block list. Shared by
// the scan's threads.
class LinknameFacts {
 public:
  static LinknameFacts& Get() {
    static LinknameFacts facts;
    return facts;
  }

  const std::string& goroot() const { return goroot_; }
  const std::string& version() const { return version_; }

  // Whether `symbol` ("runtime.nanotime1") of std package `pkg` is pushed
  // by the installed standard library (or written in assembly) and not
  // blocked.
  bool Allowed(const std::string& pkg, const std::string& symbol) {
    std::lock_guard<std::mutex> lock(mu_);
    if (blocked_.contains(symbol)) return false;
    Load("runtime");
    Load(pkg);
    return pushed_.contains(symbol);
  }

  // Whether the package path exists in the installed standard library.
  bool HasPackage(const std::string& pkg) {
    std::error_code ec;
    return std::filesystem::is_directory(goroot_ + "/src/" + pkg, ec);
  }

 private:
  LinknameFacts() : goroot_(FindGoRoot()) {
    if (goroot_.empty()) return;
    std::ifstream v(goroot_ + "/VERSION");
    std::getline(v, version_);
    // The map literal `blockedLinknames` of the linker: its quoted keys.
    std::ifstream in(goroot_ + "/src/cmd/link/internal/loader/loader.go");
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
      if (!inside) {
        inside = line.starts_with("var blockedLinknames = map[");
        continue;
      }
      if (line == "}") break;
      size_t q = line.find_first_not_of(" \t");
      if (q == std::string::npos || line[q] != '"') continue;
      size_t e = line.find('"', q + 1);
      if (e != std::string::npos) blocked_.insert(line.substr(q + 1, e - q - 1));
    }
  }

  // Reads the //go:linkname lines of the non-test files of one std package.
  void Load(const std::string& pkg) {
    if (goroot_.empty() || !loaded_.insert(pkg).second) return;
    namespace fs = std::filesystem;
    std::error_code ec;
    for (fs::directory_iterator it(goroot_ + "/src/" + pkg, ec), end; !ec && it != end;
         it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (!name.ends_with(".go") || name.ends_with("_test.go")) continue;
      std::ifstream in(it->path());
      std::string line;
      while (std::getline(in, line)) {
        // A function declared without a body is written in assembly; the
        // linker lets references through its ABI wrapper.
        if (line.starts_with("func ") && line.find('(') != std::string::npos &&
            !line.ends_with("{") && line.find('{') == std::string::npos) {
          size_t open = line.find('(');
          if (open > 5) pushed_.insert(pkg + "." + line.substr(5, open - 5));
          continue;
        }
        if (!line.starts_with("//go:linkname ")) continue;
        std::istringstream fields(line.substr(14));
        std::string local, target;
        fields >> local >> target;
        if (local.empty()) continue;
        // One argument pushes pkg.local; two name the symbol defined or
        // used, and a std symbol some std package pulls is pushed by its
        // owner (the linker checks std's own pulls as well).
        pushed_.insert(target.empty() ? pkg + "." + local : target);
      }
    }
  }

  std::string goroot_;
  std::string version_;
  std::mutex mu_;
  std::set<std::string> loaded_;
  std::set<std::string> pushed_;
  std::set<std::string> blocked_;
};

struct Target {
  std::string pkg;     // "runtime", "github.com/x/y"
  std::string symbol;  // "nanotime1", "(*T).m"
};

// "example.com/m/pkg.(*T).m" -> {"example.com/m/pkg", "(*T).m"}.
std::optional<Target> SplitTarget(std::string_view t) {
  size_t slash = t.rfind('/', t.find('('));
  size_t dot = t.find('.', slash == std::string_view::npos ? 0 : slash + 1);
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= t.size()) return std::nullopt;
  return Target{std::string(t.substr(0, dot)), std::string(t.substr(dot + 1))};
}

bool HasInternalElem(std::string_view pkg) {
  return pkg == "internal" || pkg.starts_with("internal/") || pkg.ends_with("/internal") ||
         pkg.find("/internal/") != std::string_view::npos;
}

bool IsExported(std::string_view symbol) {
  return !symbol.empty() && symbol[0] >= 'A' && symbol[0] <= 'Z' &&
         symbol.find('.') == std::string_view::npos;
}

// The declaration `local` names in the package: a function without body or
// a variable is a pull; a function with a body defines the target (a push).
// Null position when it is not declared in the scanned files.
struct Local {
  bool push = false;
  const SourceFile* file = nullptr;
  uint32_t pos = 0;
};

Local FindLocal(const Package& pkg, std::string_view name) {
  if (auto it = pkg.funcs.find(name); it != pkg.funcs.end()) {
    return {it->second.decl->body != nullptr, it->second.file, it->second.decl->name->pos};
  }
  if (auto it = pkg.values.find(name); it != pkg.values.end()) {
    return {false, it->second.file, it->second.spec->names[it->second.index]->pos};
  }
  return {};
}

bool IsStdPackage(const Package& pkg, const std::string& goroot) {
  if (pkg.module_path == "std" || pkg.module_path == "cmd") return true;
  if (!pkg.module_path.empty() || goroot.empty()) return false;
  std::error_code ec;
  auto dir = std::filesystem::weakly_canonical(pkg.dir, ec).string();
  return !ec && dir.starts_with(goroot + "/src/");
}

class Rt004 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckPackage(const Package& pkg, const TypeResolver&, FindingSink& sink) const override {
    for (const SourceFile* file : pkg.files) {
      for (const CommentGroup* g : file->ast()->comments) {
        for (const Comment& c : g->list) {
          if (c.text.starts_with("//go:linkname ")) Check(pkg, *file, c, sink);
        }
      }
    }
  }

 private:
  void Check(const Package& pkg, const SourceFile& file, const Comment& c,
             FindingSink& sink) const {
    std::istringstream fields{std::string(c.text.substr(14))};
    std::string local, target_text;
    fields >> local >> target_text;
    if (target_text.empty()) return;  // a push of the package's own symbol
    std::optional<Target> target = SplitTarget(target_text);
    if (!target || target->pkg == "main") return;
    if (!pkg.module_path.empty() &&
        (target->pkg == pkg.module_path || target->pkg.starts_with(pkg.module_path + "/"))) {
      return;  // the module's own code
    }
    bool std_target = IsStdlibPath(target->pkg);
    if (IsExported(target->symbol) && !(std_target && HasInternalElem(target->pkg))) return;
    Local decl = FindLocal(pkg, local);
    if (decl.push) return;
    LinknameFacts& facts = LinknameFacts::Get();
    if (IsStdPackage(pkg, facts.goroot())) return;

    std::string what = IsExported(target->symbol) ? "a symbol of internal package "
                       : target->symbol.find('.') != std::string::npos ? "a method in package "
                                                                       : "an unexported symbol of ";
    std::string msg = "//go:linkname pulls " + target_text + ", " + what +
                      (what.ends_with("package ") ? "" : "package ") + target->pkg;
    Severity sev = Severity::kWarning;
    if (std_target && !facts.goroot().empty()) {
      std::string installed = facts.version().empty() ? "the installed Go" : facts.version();
      if (!facts.HasPackage(target->pkg)) {
        msg += ", which " + installed + " does not have";
      } else if (facts.Allowed(target->pkg, target_text)) {
        msg += ": " + installed +
               " still links it (the standard library pushes it for widely used "
               "packages, or it is written in assembly), but it is no API and may change in "
               "any release";
      } else if (EraOf(pkg, "1.23") == GoEra::kFrom) {
        sev = Severity::kError;
        msg += ": the Go 1.23+ linker rejects it (\"invalid reference\"), " + installed +
               " does not push this symbol" + EraNote(pkg);
      } else {
        msg += ": from Go 1.23 the linker rejects it, " + installed + " does not push this symbol" +
               EraNote(pkg);
      }
    } else if (std_target) {
      msg +=
          ": it may change in any Go release, and from Go 1.23 links only if the standard "
          "library pushes it";
    } else {
      msg += ": it may change in any version of that module";
    }
    msg += "; use a public API instead";
    if (decl.file == &file) {
      sink.Report(kInfo, sev, file, decl.pos, std::move(msg),
                  {{c.pos, "the //go:linkname directive"}});
    } else {
      sink.Report(kInfo, sev, file, c.pos, std::move(msg));
    }
  }
};

}  // namespace

const Rule& Rt004Rule() {
  static const Rt004 rule;
  return rule;
}

}  // namespace gopit::scan
