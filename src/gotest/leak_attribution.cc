#include "gotest/leak_attribution.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "golang/ast_walk.h"
#include "golang/parser.h"

namespace gopit {
namespace {

bool IsTestName(std::string_view name) {
  for (std::string_view prefix : {"Test", "Benchmark", "Fuzz", "Example"}) {
    if (!name.starts_with(prefix)) continue;
    if (name.size() == prefix.size()) return true;
    return !std::islower(static_cast<unsigned char>(name[prefix.size()]));
  }
  return false;
}

// A Go string literal's value, for the plain literals subtest names are.
bool Unquote(std::string_view lit, std::string& out) {
  if (lit.size() < 2) return false;
  if (lit.front() == '`' && lit.back() == '`') {
    out = std::string(lit.substr(1, lit.size() - 2));
    return true;
  }
  if (lit.front() != '"' || lit.back() != '"') return false;
  std::string_view body = lit.substr(1, lit.size() - 2);
  if (body.find('\\') != std::string_view::npos) return false;  // escapes: not worth guessing
  out = std::string(body);
  return true;
}

// testing's rewrite of a subtest name: spaces become underscores.
std::string Rewrite(std::string name) {
  for (char& c : name) {
    if (c == ' ') c = '_';
  }
  return name;
}

}  // namespace

bool SplitTestFunction(const std::string& function, std::string& test, std::vector<int>& closures) {
  size_t slash = function.rfind('/');
  std::string_view rest(function);
  rest.remove_prefix(slash == std::string::npos ? 0 : slash + 1);
  size_t dot = rest.find('.');
  if (dot == std::string_view::npos) return false;
  rest.remove_prefix(dot + 1);
  size_t end = rest.find('.');
  std::string_view name = rest.substr(0, end);
  if (name.find('[') != std::string_view::npos) name = name.substr(0, name.find('['));
  if (!IsTestName(name)) return false;
  test = std::string(name);
  closures.clear();
  while (end != std::string_view::npos) {
    rest.remove_prefix(end + 1);
    end = rest.find('.');
    std::string_view part = rest.substr(0, end);
    if (part.starts_with("func")) part.remove_prefix(4);
    int n = 0;
    bool digits = !part.empty();
    for (char c : part) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        digits = false;
        break;
      }
      n = n * 10 + (c - '0');
      if (n > 1000000) break;
    }
    if (!digits) break;  // gowrap1, deferwrap1: a wrapper, not a subtest body
    closures.push_back(n);
  }
  return true;
}

void SubtestNames::Load() {
  loaded_ = true;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    std::string path = entry.path().string();
    if (!path.ends_with("_test.go")) continue;
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = golang::ParsedFile::Parse(path, ss.str());
    if (!parsed->ok()) continue;
    for (const golang::Decl* decl : parsed->file()->decls) {
      const auto* fn = golang::As<golang::FuncDecl>(decl);
      if (fn == nullptr || fn->recv != nullptr || fn->body == nullptr || fn->name == nullptr)
        continue;
      if (!IsTestName(fn->name->name)) continue;
      // The function literals of `root`, in source order, each with those
      // nested in it: the compiler's funcN numbering.
      struct Frame {
        const golang::Node* root;
        std::vector<Node>* into;
      };
      std::vector<Node>& top = tests_[std::string(fn->name->name)];
      top.clear();
      std::vector<Frame> work{{fn->body, &top}};
      while (!work.empty()) {
        Frame f = work.back();
        work.pop_back();
        std::vector<std::pair<const golang::FuncLit*, std::string>> lits;
        golang::Inspect(f.root, [&](const golang::Node* n) {
          if (n == f.root) return true;
          if (const auto* call = golang::As<golang::CallExpr>(n)) {
            const auto* sel = golang::As<golang::SelectorExpr>(call->fun);
            if (sel != nullptr && sel->sel != nullptr && sel->sel->name == "Run" &&
                call->args.size() == 2) {
              const auto* lit = golang::As<golang::BasicLit>(call->args[0]);
              const auto* body = golang::As<golang::FuncLit>(call->args[1]);
              std::string name;
              if (body != nullptr && lit != nullptr && lit->lit_kind == golang::Tok::kString &&
                  Unquote(lit->value, name)) {
                lits.push_back({body, Rewrite(name)});
                return false;  // its own literals are numbered under it
              }
            }
          }
          if (const auto* lit = golang::As<golang::FuncLit>(n)) {
            lits.push_back({lit, ""});
            return false;
          }
          return true;
        });
        f.into->resize(lits.size());
        for (size_t i = 0; i < lits.size(); ++i) {
          (*f.into)[i].name = lits[i].second;
          if (lits[i].first->body != nullptr)
            work.push_back({lits[i].first->body, &(*f.into)[i].closures});
        }
      }
    }
  }
}

std::string SubtestNames::Name(const std::string& test, const std::vector<int>& closures) {
  if (!loaded_) Load();
  std::string name = test;
  auto it = tests_.find(test);
  if (it == tests_.end()) return name;
  const std::vector<Node>* level = &it->second;
  for (int n : closures) {
    if (n < 1 || static_cast<size_t>(n) > level->size()) break;
    const Node& node = (*level)[n - 1];
    if (node.name.empty()) break;  // a plain closure: the goroutine is this (sub)test's
    name += "/" + node.name;
    level = &node.closures;
  }
  return name;
}

LeakOwner FindLeakOwner(const LeakGoroutine& g, const std::set<uint64_t>& before,
                        SubtestNames& names) {
  LeakOwner owner;
  std::string test;
  std::vector<int> closures;
  auto try_frame = [&](const LeakFrame& f) {
    if (!SplitTestFunction(f.function, test, closures)) return false;
    owner.kind = LeakOwner::Kind::kTest;
    owner.test = names.Name(test, closures);
    return true;
  };
  for (const LeakFrame& f : g.frames) {
    if (try_frame(f)) return owner;
  }
  if (!g.created_by.function.empty() && try_frame(g.created_by)) return owner;
  for (const LeakAncestor& a : g.ancestors) {
    for (const LeakFrame& f : a.frames) {
      if (try_frame(f)) return owner;
    }
  }
  // No test in the ancestry: started, directly or not, by a goroutine that
  // was there before the tests (package init, TestMain's own set-up).
  bool from_before = g.created_in != 0 && before.count(g.created_in) != 0;
  for (const LeakAncestor& a : g.ancestors)
    from_before = from_before || before.count(a.id) != 0;
  if (from_before) owner.kind = LeakOwner::Kind::kBefore;
  return owner;
}

}  // namespace gopit
