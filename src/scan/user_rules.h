// Rules written in YAML (docs/user-rules.md): `gopit scan --rules FILE` and
// the `.gopit.yaml` at a module's root. Two kinds:
//
//   forbidden-call  a call of one of `calls` is reported;
//   paired-call     a value from an `acquire` call must reach its `release`
//                   on every path out of the function (or be deferred, or
//                   be handed on), as LOCK001, LEAK007 and CGO001 check.
//
// The built-in paired rules (LEAK005, LEAK007, LEAK008, LOCK001, RT002,
// CGO001) are defined in the same form in one embedded document
// (BuiltinPairsYaml) and take their callees and releases from it; what
// makes them more precise than a user rule stays in their C++.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "golang/ast.h"
#include "model/finding.h"
#include "scan/rule.h"
#include "scan/types.h"

namespace gopit::scan {

// A function or method as a rule names it:
//   "net/http.Get", "C.free"              a function of an imported package
//   "(*net/http.Client).Do", "(sync.Locker).Lock"
//                                         a method of an imported type
//   "C.*"                                 any function of the package (only
//                                         in `borrowed-by`)
struct Callee {
  std::string text;       // as written
  std::string package;    // import path of a function: "net/http"; "" for a method
  std::string type;       // of a method, without '*': "net/http.Client"; "" for a function
  bool pointer = false;   // written (*T).M: T is a concrete type, not an interface
  std::string name;       // "Get"; "" for "pkg.*"
  bool any_name = false;  // "pkg.*"
};

// Parses the spelling above; false with `why` when it is not one.
bool ParseCallee(std::string_view text, bool allow_any, Callee& out, std::string& why);

// Whether `call` calls `c`. A function matches when the call is `p.Name(...)`
// with p an import of `c.package` (QualifiedCallee). A method matches when
// the call is `x.Name(...)` and x's type is known to be `c.type` (pointer or
// not); with `promoted`, also when x is a struct of the package that
// embeds `c.type`. Unknown types never match.
bool CallMatches(const golang::CallExpr* call, const FunctionTypes& types, const Callee& c,
                 bool promoted = false);
// The first of `callees` that `call` calls, or null. Compares names first,
// so most calls cost a string comparison or two.
const Callee* MatchCallee(const golang::CallExpr* call, const FunctionTypes& types,
                          const std::vector<Callee>& callees, bool promoted = false);
// The same in a function: the file's imports rule out most calls of
// functions before the function's types are built.
const Callee* MatchCallee(const golang::CallExpr* call, const FunctionUnit& fn,
                          const std::vector<Callee>& callees, bool promoted = false);

enum class UserRuleKind { kForbiddenCall, kPairedCall };

// Which value of the acquiring call must be released.
enum class PairedValue {
  kResult,    // a result of the call (`result: N`, default 0): `resp, err := c.Do(r)`
  kReceiver,  // the receiver of the call: `mu.Lock()` is released on `mu`
  kNone,      // nothing: a pure call pair, as LockOSThread/UnlockOSThread
};

struct ReleaseSpec {
  enum class Kind {
    kMethod,  // a method called on the value, or on a field of it ("Body.Close")
    kCall,    // a function the value is passed to (C.free), or, with value none, called
    kInvoke,  // the value itself is called (a context's cancel function)
  };
  Kind kind = Kind::kMethod;
  std::string field;   // kMethod: "Body" for "Body.Close"; "" for the value itself
  std::string method;  // kMethod: "Close"
  Callee call;         // kCall
  std::string text;    // as written, for messages and docs: "Body.Close", "C.free", "invoke"
};

struct PairSpec {
  std::vector<Callee> acquire;
  ReleaseSpec release;
};

struct UserRuleSpec {
  RuleInfo info;  // id, slug, severity, summary and doc (generated when not given)
  UserRuleKind kind = UserRuleKind::kForbiddenCall;
  std::string message;
  bool tests = true;  // false: _test.go files are not checked
  // forbidden-call
  std::vector<Callee> calls;
  // paired-call
  PairedValue value = PairedValue::kResult;
  unsigned result = 0;
  std::vector<PairSpec> pairs;      // `acquire`/`release`, or each entry of `pairs`
  bool handoff = true;              // returning, storing, passing or sending releases
  std::vector<Callee> borrowed_by;  // passing the value to these is a use, not a hand-off
  // Where the rule is defined (the `id:` value), for messages.
  std::string file;
  int line = 0, column = 0;
};

struct UserRuleSet {
  std::vector<UserRuleSpec> rules;
};

// Parses a rules file's text; `name` is the file name errors start with.
// The whole file or nothing: on an error `out` is unchanged and *error is
// "NAME:LINE:COL: what is wrong". Ids must not be those of built-in rules
// (unless `builtin`, for the embedded document) or repeat in the file.
bool LoadUserRulesText(std::string_view text, const std::string& name, UserRuleSet& out,
                       std::string* error, bool builtin = false);
bool LoadUserRules(const std::string& path, UserRuleSet& out, std::string* error);

// The embedded definition of the built-in paired rules, and its parse
// (done once; a failure is a bug and aborts with the message).
std::string_view BuiltinPairsYaml();
const UserRuleSet& BuiltinPairs();
// The built-in pair definition with this id ("LEAK007"); aborts if absent.
const UserRuleSpec& BuiltinPair(std::string_view id);

// One rule that checks all of `specs` (which must outlive it) in a single
// walk over each function; its findings carry each spec's own RuleInfo.
std::unique_ptr<Rule> MakeUserRules(const std::vector<const UserRuleSpec*>& specs);

}  // namespace gopit::scan
