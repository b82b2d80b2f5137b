// The control-flow graph and the paired-resource engine on small functions:
// which paths reach the exit, which end in abort, how loops, switches,
// selects, labels and goto connect.
#include <gtest/gtest.h>

#include "golang/ast_walk.h"
#include "scan/cfg.h"
#include "scan/paired.h"
#include "scan/source_file.h"

namespace gopit::scan {
namespace {

using namespace golang;

struct Fixture {
  std::unique_ptr<SourceFile> file;
  const FuncDecl* fn = nullptr;
  std::optional<Cfg> cfg;
};

Fixture Build(const std::string& body) {
  Fixture f;
  f.file = std::make_unique<SourceFile>(
      "x.go", ParsedFile::Parse("x.go",
                                "package p\n\nimport \"os\"\n\nvar _ = os.Exit\n\n"
                                "func f(a, b bool, c chan int) {\n" +
                                    body + "\n}\n"));
  EXPECT_TRUE(f.file->ok()) << f.file->parsed().FormatError();
  for (const Decl* d : f.file->ast()->decls) {
    if (const auto* fn = As<FuncDecl>(d)) f.fn = fn;
  }
  f.cfg = Cfg::Build(f.fn->body, *f.file);
  return f;
}

// The statement whose text starts with `text`.
const Node* Find(const Fixture& f, std::string_view text) {
  const Node* found = nullptr;
  Inspect(f.fn->body, [&](const Node* n) {
    if (!found && f.cfg->NodeOf(n) != UINT32_MAX && f.file->Text(n).starts_with(text)) found = n;
    return !found;
  });
  EXPECT_NE(found, nullptr) << text;
  return found;
}

// Whether some path from the statement `from` reaches the exit without
// passing a statement that starts with `release`.
bool Leaks(const Fixture& f, std::string_view from, std::string_view release) {
  PathQuery q;
  q.step = [&](const CfgNode& n) {
    return f.file->Text(n.node).starts_with(release) ? PathStep::kReleased : PathStep::kContinue;
  };
  return FindUnreleasedPath(*f.cfg, f.cfg->NodeOf(Find(f, from)), q).has_value();
}

TEST(Cfg, StraightLine) {
  Fixture f = Build("x := 1\n_ = x\nprintln()\n");
  EXPECT_FALSE(Leaks(f, "x := 1", "println"));
  EXPECT_TRUE(Leaks(f, "x := 1", "nothing"));
}

TEST(Cfg, IfWithoutElse) {
  Fixture f = Build("x := 1\nif a {\nreturn\n}\nprintln(x)\n");
  EXPECT_TRUE(Leaks(f, "x := 1", "println"));
  Fixture g = Build("x := 1\nif a {\nprintln(x)\nreturn\n}\nprintln(x)\n");
  EXPECT_FALSE(Leaks(g, "x := 1", "println"));
}

TEST(Cfg, PanicAndExitAreNotLeaks) {
  Fixture f = Build("x := 1\nif a {\npanic(x)\n}\nif b {\nos.Exit(1)\n}\nprintln(x)\n");
  EXPECT_FALSE(Leaks(f, "x := 1", "println"));
}

TEST(Cfg, LoopsBreakAndContinue) {
  Fixture f = Build("x := 1\nfor a {\nif b {\nbreak\n}\nprintln(x)\n}\n");
  EXPECT_TRUE(Leaks(f, "x := 1", "println"));  // cond false at once, or break
  Fixture g = Build("x := 1\nfor {\nif b {\ncontinue\n}\nprintln(x)\nreturn\n}\n");
  EXPECT_FALSE(Leaks(g, "x := 1", "println"));  // only exit is through println
  Fixture h = Build("x := 1\nfor range c {\nprintln(x)\n}\n");
  EXPECT_TRUE(Leaks(h, "x := 1", "println"));  // zero iterations
}

TEST(Cfg, LabeledBreakLeavesTheOuterLoop) {
  Fixture f =
      Build("x := 1\nouter:\nfor {\nfor {\nif a {\nbreak outer\n}\nprintln(x)\nreturn\n}\n}\n");
  EXPECT_TRUE(Leaks(f, "x := 1", "println"));
}

TEST(Cfg, SwitchWithAndWithoutDefault) {
  Fixture f = Build("x := 1\nswitch {\ncase a:\nprintln(x)\ndefault:\nprintln(x)\n}\n");
  EXPECT_FALSE(Leaks(f, "x := 1", "println"));
  Fixture g = Build("x := 1\nswitch {\ncase a:\nprintln(x)\ncase b:\nprintln(x)\n}\n");
  EXPECT_TRUE(Leaks(g, "x := 1", "println"));
  Fixture h = Build(
      "x := 1\nswitch {\ncase a:\nfallthrough\ncase b:\nprintln(x)\ndefault:\nprintln(x)\n}\n");
  EXPECT_FALSE(Leaks(h, "x := 1", "println"));
}

TEST(Cfg, SelectClauses) {
  Fixture f = Build("x := 1\nselect {\ncase <-c:\nprintln(x)\ncase c <- 1:\nreturn\n}\n");
  EXPECT_TRUE(Leaks(f, "x := 1", "println"));
  Fixture g = Build("x := 1\nselect {}\n");
  EXPECT_FALSE(Leaks(g, "x := 1", "println"));  // blocks forever: never leaves
}

TEST(Cfg, Goto) {
  Fixture f = Build("x := 1\nif a {\ngoto done\n}\nprintln(x)\ndone:\nreturn\n");
  EXPECT_TRUE(Leaks(f, "x := 1", "println"));
}

TEST(Cfg, DeepNestingGivesNoGraphInsteadOfCrashing) {
  std::string body;
  for (int i = 0; i < Cfg::kMaxDepth + 10; ++i)
    body += "{\n";
  for (int i = 0; i < Cfg::kMaxDepth + 10; ++i)
    body += "}\n";
  Fixture f = Build(body);
  EXPECT_FALSE(f.cfg.has_value());
}

}  // namespace
}  // namespace gopit::scan
