// What the rules about a held mutex share (LOCK002 blocking-under-lock,
// LOCK003 double-lock, LOCK004 recursive-rlock, LOCK005 lock-order): the
// Lock statements of a function, the statements that run while each lock is
// held, and which mutexes a called function of the package takes on entry.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "golang/ast.h"
#include "golang/ast_walk.h"
#include "scan/rule.h"

namespace gopit::scan {

// Identifies the package a per-thread cache was filled for. The address
// alone could be reused by a later scan's package, so the directory, name
// and first file are compared too.
struct PackageKey {
  PackageKey() = default;
  explicit PackageKey(const Package& p)
      : pkg(&p), first(p.files.empty() ? nullptr : p.files[0]), dir(p.dir), name(p.name) {}
  bool Matches(const Package& p) const {
    return pkg == &p && first == (p.files.empty() ? nullptr : p.files[0]) && dir == p.dir &&
           name == p.name;
  }
  const Package* pkg = nullptr;
  const SourceFile* first = nullptr;
  std::string dir, name;
};

// A `x.Lock()` or `x.RLock()` statement on a sync.Mutex or sync.RWMutex (or
// a struct of the package embedding one).
struct HeldLock {
  const golang::Stmt* stmt = nullptr;
  std::string canon;  // "s.mu"
  bool read = false;  // RLock
};

// `x.Lock()` / `x.RLock()` without arguments: x, and whether it reads;
// null for any other call (or none).
const golang::Expr* LockReceiver(const golang::CallExpr* call, bool* read);

// Calls that run when `root` is evaluated: function literals, `go` and
// `defer` statements run later or elsewhere.
template <typename Fn>
void ForEachCall(const golang::Node* root, Fn&& fn) {
  golang::Inspect(root, [&](const golang::Node* n) {
    switch (n->kind) {
      case golang::NodeKind::kFuncLit:
      case golang::NodeKind::kGoStmt:
      case golang::NodeKind::kDeferStmt:
        return false;
      case golang::NodeKind::kCallExpr:
        fn(static_cast<const golang::CallExpr*>(n));
        return true;
      default:
        return true;
    }
  });
}

// Whether `e` is a sync.Mutex or sync.RWMutex, or a struct of the package
// embedding one. sync.Locker is left out: its implementation is unknown.
bool IsSyncMutex(const FunctionTypes& types, const golang::Expr* e);

// The Lock and RLock statements of the function (not of literals inside).
std::vector<HeldLock> MutexLocks(const FunctionUnit& fn);

// The expressions a graph node evaluates when it runs: a simple statement
// itself, or the header of a compound one (an if's condition, a range's
// operand, a switch's tag). `go` and `defer` statements evaluate nothing
// that runs now and give none.
std::vector<const golang::Node*> EvaluatedParts(const CfgNode& node);

// Calls fn(node) for each graph node reached after `lock` while the mutex is
// still held. A path stops after an unlock of the same mutex (a deferred one
// keeps it held to the end), after a call that hands the mutex on (passes
// it, or calls a method that unlocks it before locking it), when it comes
// back to the same Lock statement (a loop that skips the unlock: LOCK001's
// finding), and where fn returns false. Nothing is visited when the function unlocks the mutex in
// a function literal that is not deferred: where it is released is unknown.
void ForEachNodeHeld(const FunctionUnit& fn, const HeldLock& lock,
                     const std::function<bool(const CfgNode&)>& visit);

// A mutex that a call takes before releasing it: the called method or
// function of the package locks it in its top-level statements (not under a
// condition, not after unlocking it first), or calls one that does, up to
// kMaxCallDepth calls deep.
struct CalleeLock {
  std::string canon;  // in the caller's terms: "s.mu"
  bool read = false;
  const SourceFile* file = nullptr;  // where the Lock statement is
  uint32_t pos = 0;
  std::string chain;  // "s.flush -> write": the calls that lead to it
};
inline constexpr int kMaxCallDepth = 4;
std::vector<CalleeLock> LocksTakenBy(const FunctionUnit& fn, const golang::CallExpr* call);

// Taking `lock` again while it is held: a Lock/RLock statement of the same
// mutex on a held path, or a call that takes it (LocksTakenBy). `call` is
// null for a direct Lock statement.
struct Relock {
  const golang::Node* at = nullptr;  // the second Lock statement, or the call
  bool read = false;
  const golang::CallExpr* call = nullptr;
  CalleeLock via;  // when through a call
};
std::vector<Relock> FindRelocks(const FunctionUnit& fn, const HeldLock& lock);

// Reports a relock found by FindRelocks for LOCK003 or LOCK004.
void ReportRelock(const RuleInfo& rule, const FunctionUnit& fn, const HeldLock& lock,
                  const Relock& again, FindingSink& sink);

}  // namespace gopit::scan
