#include "dump/function_names.h"

#include <gtest/gtest.h>

namespace gopit {
namespace {

TEST(PrintedFunctionName, ShapesBecomeEllipsis) {
  std::string scratch;
  EXPECT_EQ(PrintedFunctionName("main.sendForever[go.shape.string]", scratch),
            "main.sendForever[...]");
  EXPECT_EQ(PrintedFunctionName("main.Map[go.shape.int,go.shape.[]uint8].func1", scratch),
            "main.Map[...].func1");
  EXPECT_EQ(PrintedFunctionName("main.F[...]", scratch), "main.F[...]");
  EXPECT_EQ(PrintedFunctionName("main.(*T).run", scratch), "main.(*T).run");
  EXPECT_EQ(PrintedFunctionName("odd]name[", scratch), "odd]name[");
}

}  // namespace
}  // namespace gopit
