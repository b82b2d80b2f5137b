// The package index and the light type inference: what they know, and that
// what they do not know stays unknown.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/package_index.h"
#include "scan/types.h"

namespace gopit::scan {
namespace {

using namespace golang;

class TypesTest : public ::testing::Test {
 protected:
  void Add(const std::string& path, const std::string& src) {
    files_.push_back(std::make_unique<SourceFile>(path, ParsedFile::Parse(path, src)));
    ASSERT_TRUE(files_.back()->ok()) << files_.back()->parsed().FormatError();
  }
  void Index() {
    std::vector<const SourceFile*> view;
    for (const auto& f : files_)
      view.push_back(f.get());
    packages_ = BuildPackages(view);
  }
  const Package& Pkg(const std::string& name) {
    for (const Package& p : packages_) {
      if (p.name == name) return p;
    }
    ADD_FAILURE() << "no package " << name;
    return packages_.front();
  }
  // The type of the expression `expr` as the right side of the statement
  // `_ = expr` in function `fn` of package p.
  std::string TypeIn(const std::string& fn, const std::string& expr) {
    const Package& pkg = Pkg("p");
    resolver_ = std::make_unique<TypeResolver>(pkg);
    const FuncDecl* decl = nullptr;
    const SourceFile* file = nullptr;
    for (const SourceFile* f : pkg.files) {
      for (const Decl* d : f->ast()->decls) {
        const auto* fd = As<FuncDecl>(d);
        if (fd && fd->name->name == fn) {
          decl = fd;
          file = f;
        }
      }
    }
    if (!decl) {
      ADD_FAILURE() << "no function " << fn;
      return "?";
    }
    FunctionTypes types(*resolver_, *file, decl->type, decl->recv, decl->body);
    std::string found = "?";
    Inspect(decl->body, [&](const Node* n) {
      const auto* a = As<AssignStmt>(n);
      if (a && a->lhs.size() == 1 && file->Text(a->lhs[0]) == "_" &&
          file->Text(a->rhs[0]) == expr) {
        found = types.TypeOf(a->rhs[0]);
      }
      return true;
    });
    EXPECT_NE(found, "?") << "no `_ = " << expr << "` in " << fn;
    return found;
  }

  std::vector<std::unique_ptr<SourceFile>> files_;
  std::vector<Package> packages_;
  std::unique_ptr<TypeResolver> resolver_;
};

const char* kPackage = R"(package p

import (
	"context"
	nethttp "net/http"
	"sync"
	"time"
)

type Cache struct {
	mu    sync.RWMutex
	items map[string]*Entry
	Base
}

type Base struct {
	sync.Mutex
	client *nethttp.Client
}

type Entry struct{ n int }

var defaultCache = &Cache{}

func (c *Cache) get(k string) (*Entry, bool) { e, ok := c.items[k]; return e, ok }

func uses(c *Cache, parent context.Context, u string) {
	_ = c.mu
	_ = c.client
	_ = defaultCache
	ctx, cancel := context.WithTimeout(parent, time.Second)
	_ = ctx
	_ = cancel
	resp, err := nethttp.Get(u)
	_ = resp
	_ = err
	ch := make(chan int, 1)
	_ = ch
	_ = <-ch
	e, ok := c.get("k")
	_ = e
	_ = ok
	for k, v := range c.items {
		_ = k
		_ = v
	}
	r, _ := c.client.Do(nil)
	_ = r
	t := time.NewTimer(time.Second)
	_ = t
	_ = &Entry{}
	_ = new(sync.WaitGroup)
	_ = mystery(u)
}

func shadowed(nethttp string) {
	x := 1
	if nethttp != "" {
		x := "text"
		_ = x
	}
	_ = x
	_ = nethttp
}

func mystery(s string) int { return len(s) }
)";

TEST_F(TypesTest, FieldsEmbeddedFieldsAndPackageVars) {
  Add("p/p.go", kPackage);
  Index();
  EXPECT_EQ(TypeIn("uses", "c.mu"), "sync.RWMutex");
  EXPECT_EQ(TypeIn("uses", "c.client"), "*net/http.Client");  // through embedded Base
  EXPECT_EQ(TypeIn("uses", "defaultCache"), "*Cache");
  TypeResolver r(Pkg("p"));
  EXPECT_TRUE(r.Embeds("Cache", "sync.Mutex"));  // Cache embeds Base embeds Mutex
  EXPECT_TRUE(r.Embeds("*Base", "sync.Mutex"));
  EXPECT_FALSE(r.Embeds("Entry", "sync.Mutex"));
}

TEST_F(TypesTest, LocalsFromCallsMakeAndLiterals) {
  Add("p/p.go", kPackage);
  Index();
  EXPECT_EQ(TypeIn("uses", "ctx"), "context.Context");
  EXPECT_EQ(TypeIn("uses", "cancel"), "context.CancelFunc");
  EXPECT_EQ(TypeIn("uses", "resp"), "*net/http.Response");  // aliased import
  EXPECT_EQ(TypeIn("uses", "err"), "error");
  EXPECT_EQ(TypeIn("uses", "ch"), "chan int");
  EXPECT_EQ(TypeIn("uses", "<-ch"), "int");
  EXPECT_EQ(TypeIn("uses", "e"), "*Entry");  // method of the package
  EXPECT_EQ(TypeIn("uses", "ok"), "bool");
  EXPECT_EQ(TypeIn("uses", "k"), "string");  // range over a map
  EXPECT_EQ(TypeIn("uses", "v"), "*Entry");
  EXPECT_EQ(TypeIn("uses", "r"), "*net/http.Response");  // standard-library method
  EXPECT_EQ(TypeIn("uses", "t"), "*time.Timer");
  EXPECT_EQ(TypeIn("uses", "&Entry{}"), "*Entry");
  EXPECT_EQ(TypeIn("uses", "new(sync.WaitGroup)"), "*sync.WaitGroup");
  EXPECT_EQ(TypeIn("uses", "mystery(u)"), "int");
}

TEST_F(TypesTest, UnknownStaysUnknown) {
  Add("p/p.go", kPackage);
  Index();
  // x is an int in one scope and a string in another: not guessed.
  EXPECT_EQ(TypeIn("shadowed", "x"), "");
  // A parameter named like an import hides the import.
  EXPECT_EQ(TypeIn("shadowed", "nethttp"), "string");
}

TEST_F(TypesTest, PackagesByDirectoryAndClause) {
  Add("a/a.go", "package a\n\ntype T struct{}\n\nfunc (t *T) M() {}\n\nfunc F() {}\n");
  Add("a/a_test.go", "package a\n\nfunc helper() {}\n");
  Add("a/x_test.go", "package a_test\n\nfunc TestX() {}\n");
  Add("b/g.go", "package b\n\ntype G[K comparable] struct{}\n\nfunc (g *G[K]) Get() {}\n");
  Index();
  ASSERT_EQ(packages_.size(), 3u);
  const Package& a = Pkg("a");
  EXPECT_EQ(a.dir, "a");
  EXPECT_EQ(a.files.size(), 2u);  // a.go and the internal test file
  EXPECT_TRUE(a.funcs.contains("F"));
  EXPECT_TRUE(a.funcs.contains("helper"));
  EXPECT_NE(a.Method("T", "M"), nullptr);
  EXPECT_EQ(a.Method("T", "N"), nullptr);
  EXPECT_EQ(Pkg("a_test").files.size(), 1u);
  EXPECT_NE(Pkg("b").Method("G", "Get"), nullptr);  // generic receiver
}

}  // namespace
}  // namespace gopit::scan
