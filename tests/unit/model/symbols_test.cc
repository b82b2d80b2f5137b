#include "model/symbols.h"

#include <gtest/gtest.h>

namespace gopit {
namespace {

TEST(Symbols, InternsStringsOnce) {
  Symbols s;
  StrId a = s.Intern("main.worker");
  StrId b = s.Intern(std::string("main.") + "worker");
  EXPECT_EQ(a, b);
  EXPECT_NE(a, kNoStr);
  EXPECT_EQ(s.Str(a), "main.worker");
  EXPECT_EQ(s.Intern(""), kNoStr);
}

TEST(Symbols, FramesAndStacksAreShared) {
  Symbols s;
  Frame f{s.Intern("main.f"), s.Intern("/x/main.go"), 10, kNoStr, false};
  FrameId id1 = s.InternFrame(f);
  FrameId id2 = s.InternFrame(f);
  EXPECT_EQ(id1, id2);
  Frame g = f;
  g.line = 11;
  EXPECT_NE(s.InternFrame(g), id1);
  std::vector<FrameId> frames{id1, s.InternFrame(g)};
  EXPECT_EQ(s.InternStack(frames, 0, false), s.InternStack(frames, 0, false));
  EXPECT_NE(s.InternStack(frames, 3, false), s.InternStack(frames, 0, false));
}

TEST(Symbols, MergeRemapsEveryId) {
  Symbols a, b;
  a.Intern("only-in-a");
  Frame f{b.Intern("main.g"), b.Intern("/y.go"), 5, kNoStr, true};
  FrameId fb = b.InternFrame(f);
  StackId sb = b.InternStack(std::vector<FrameId>{fb}, 2, false);
  SymbolRemap m = a.Merge(b);
  const Stack& st = a.GetStack(m.stacks[sb]);
  ASSERT_EQ(st.frames.size(), 1u);
  const Frame& fa = a.GetFrame(st.frames[0]);
  EXPECT_EQ(a.Str(fa.function), "main.g");
  EXPECT_EQ(a.Str(fa.file), "/y.go");
  EXPECT_EQ(fa.line, 5);
  EXPECT_TRUE(fa.inlined);
  EXPECT_EQ(st.elided, 2u);
}

TEST(StableHash, IsFnv1a) {
  // Published FNV-1a 64 test vectors: fingerprints must never change.
  EXPECT_EQ(StableHash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(StableHash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(StableHash("foobar"), 0x85944171f73967e8ULL);
}

}  // namespace
}  // namespace gopit
