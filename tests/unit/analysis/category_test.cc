#include "analysis/category.h"

#include <gtest/gtest.h>

namespace gopit {
namespace {

class CategoryTest : public ::testing::Test {
 protected:
  std::vector<FrameId> Frames(std::initializer_list<const char*> fns) {
    std::vector<FrameId> out;
    for (const char* fn : fns)
      out.push_back(sym.InternFrame(Frame{sym.Intern(fn), 0, 1}));
    return out;
  }
  Symbols sym;
};

TEST_F(CategoryTest, StatesDecideWhereTheyCan) {
  auto user = Frames({"main.worker"});
  EXPECT_EQ(Classify(sym, "chan receive", user, true), Category::kChannel);
  EXPECT_EQ(Classify(sym, "chan send (nil chan)", user, true), Category::kChannel);
  EXPECT_EQ(Classify(sym, "select (no cases)", user, true), Category::kSelect);
  EXPECT_EQ(Classify(sym, "sync.RWMutex.RLock", user, true), Category::kLock);
  EXPECT_EQ(Classify(sym, "sync.WaitGroup.Wait", user, true), Category::kWaitGroup);
  EXPECT_EQ(Classify(sym, "IO wait", user, true), Category::kIO);
  EXPECT_EQ(Classify(sym, "runnable", user, true), Category::kRunning);
}

// Older runtimes say "semacquire" for every sync primitive: frames decide.
TEST_F(CategoryTest, SemacquireIsDecidedByFrames) {
  EXPECT_EQ(Classify(sym, "semacquire",
                     Frames({"sync.runtime_Semacquire", "sync.(*WaitGroup).Wait", "main.f"}), true),
            Category::kWaitGroup);
  EXPECT_EQ(Classify(sym, "semacquire",
                     Frames({"sync.runtime_SemacquireMutex", "sync.(*Mutex).lockSlow",
                             "sync.(*Mutex).Lock", "main.f"}),
                     true),
            Category::kLock);
  EXPECT_EQ(Classify(sym, "semacquire", Frames({"main.f"}), true), Category::kLock);
}

TEST_F(CategoryTest, ProfilesWithoutStates) {
  EXPECT_EQ(Classify(sym, "", Frames({"runtime.gopark", "runtime.chanrecv1", "main.f"}), true),
            Category::kChannel);
  EXPECT_EQ(Classify(sym, "", Frames({"runtime.gopark", "runtime.selectgo", "main.f"}), true),
            Category::kSelect);
  EXPECT_EQ(Classify(sym, "", Frames({"runtime.gopark", "time.Sleep", "main.f"}), true),
            Category::kSleep);
  // Not parked: running. debug=1 hides runtime frames, so there it is unknown.
  EXPECT_EQ(Classify(sym, "", Frames({"main.compute"}), true), Category::kRunning);
  EXPECT_EQ(Classify(sym, "", Frames({"main.compute"}), false), Category::kUnknown);
  EXPECT_EQ(Classify(sym, "", {}, false), Category::kOther);  // not started yet
}

TEST_F(CategoryTest, RuntimeGoroutines) {
  EXPECT_EQ(Classify(sym, "GC worker (idle)", Frames({"runtime.gcBgMarkWorker"}), true),
            Category::kRuntime);
  EXPECT_EQ(Classify(sym, "syscall", Frames({"os/signal.signal_recv", "os/signal.loop"}), true),
            Category::kRuntime);
  // A finalizer goroutine stuck in the program's own code is not internal.
  EXPECT_EQ(
      Classify(sym, "finalizer wait",
               Frames({"sync.(*Mutex).Lock", "main.(*conn).finalize", "runtime.runfinq"}), true),
      Category::kLock);
}

TEST(HiddenFrames, MatchWhatTracebacksHide) {
  EXPECT_TRUE(IsHiddenRuntimeFrame("runtime.gopark"));
  EXPECT_TRUE(IsHiddenRuntimeFrame("runtime.goexit"));
  EXPECT_TRUE(IsHiddenRuntimeFrame("main.startSites.gowrap3"));
  EXPECT_FALSE(IsHiddenRuntimeFrame("runtime.Gosched"));
  EXPECT_FALSE(IsHiddenRuntimeFrame("runtime/pprof.Do"));
  EXPECT_FALSE(IsHiddenRuntimeFrame("main.gowrapper"));
  EXPECT_FALSE(IsHiddenRuntimeFrame("main.main.func1"));
}

}  // namespace
}  // namespace gopit
