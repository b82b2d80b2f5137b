// The text report of gopit test on real runs (tests/data/gotest): what it
// shows of a failed test's output.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "gotest/test_events.h"
#include "render/test_render.h"

namespace gopit {
namespace {

std::string TextOf(const std::string& name) {
  std::ifstream in(std::string(GOPIT_TEST_DATA) + "/gotest/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  TestRunBuilder b;
  ReadTestStream(ss.str(), b);
  std::ostringstream out;
  RenderTestText(b.Finish(), TestTextOptions{}, out);
  return out.str();
}

// panicking's TestSet writes to a nil map: the report shows the panic's
// message and the frame of the write (config.go:9), not the dump's last
// lines (the testing package's frames), from the -json stream and the logs.
TEST(TestText, PanickedTestShowsItsPanic) {
  for (const char* name : {"run-go1.27.json", "run-go1.26.v.txt", "run-go1.26.plain.txt"}) {
    SCOPED_TRACE(name);
    std::string text = TextOf(name);
    size_t at = text.find("  FAIL TestSet (0.00s)\n    | panic: assignment to entry in nil map");
    ASSERT_NE(at, std::string::npos) << text;
    size_t end = text.find("\nFAIL ", at);
    std::string block = text.substr(at, end - at);
    EXPECT_NE(block.find("/panicking/config.go:9\n"), std::string::npos) << block;
  }
}

// A failed test without a panic: the last lines, with its message.
TEST(TestText, FailedTestShowsItsMessage) {
  std::string text = TextOf("run-go1.27.json");
  EXPECT_NE(text.find("  FAIL TestDelay/attempt64 (0.00s)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    |     backoff_test.go:27: Delay(attempt 64) = 0s, want 1m0s\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace gopit
