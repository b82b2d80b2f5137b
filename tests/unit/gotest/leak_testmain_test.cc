// The generated TestMain carries gopittest's check verbatim.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "gotest/leak_testmain.h"

namespace gopit {
namespace {

TEST(LeakTestMain, CoreIsGopittests) {
  std::ifstream in(std::string(GOPIT_GO_DIR) + "/../../gopittest/gopittest.go");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string src = ss.str();
  size_t begin = src.find("// leakcheck:begin");
  size_t end = src.find("// leakcheck:end");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  std::string core = src.substr(begin, end + std::string("// leakcheck:end").size() - begin) + "\n";
  EXPECT_EQ(std::string(GeneratedLeakCore()), core)
      << "gopittest/gopittest.go and src/gotest/leak_testmain.cc differ";
}

TEST(LeakTestMain, PackageClauseAndImportPath) {
  std::string text = GeneratedTestMain("store", "example.com/store");
  EXPECT_NE(text.find("package store\n"), std::string::npos);
  EXPECT_NE(text.find("gopitLeakRun(m, \"example.com/store\", \"overlay\")"), std::string::npos);
}

}  // namespace
}  // namespace gopit
