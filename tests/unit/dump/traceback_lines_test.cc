#include "dump/traceback_lines.h"

#include <gtest/gtest.h>

namespace gopit {
namespace {

TEST(HeaderLine, PlainState) {
  TracebackHeader h;
  ASSERT_TRUE(ParseHeaderLine("goroutine 7 [chan receive]:", h));
  EXPECT_EQ(h.id, 7u);
  EXPECT_EQ(h.state, "chan receive");
  EXPECT_EQ(h.wait_minutes, -1);
  EXPECT_FALSE(h.locked_to_thread);
}

TEST(HeaderLine, MinutesAndLocked) {
  TracebackHeader h;
  ASSERT_TRUE(ParseHeaderLine("goroutine 123 [select, 42 minutes, locked to thread]:", h));
  EXPECT_EQ(h.state, "select");
  EXPECT_EQ(h.wait_minutes, 42);
  EXPECT_TRUE(h.locked_to_thread);
}

TEST(HeaderLine, GpMHeaderOfGo122) {
  TracebackHeader h;
  ASSERT_TRUE(
      ParseHeaderLine("goroutine 18 gp=0xc000102380 m=nil [chan send (nil chan), 1 minutes]:", h));
  EXPECT_EQ(h.id, 18u);
  EXPECT_EQ(h.state, "chan send (nil chan)");
  EXPECT_EQ(h.wait_minutes, 1);
  ASSERT_TRUE(ParseHeaderLine("goroutine 1 gp=0xc000002380 m=0 mp=0x5a4c40 [running]:", h));
  EXPECT_EQ(h.state, "running");
}

TEST(HeaderLine, LeakedAndLabels) {
  TracebackHeader h;
  ASSERT_TRUE(ParseHeaderLine("goroutine 9 [chan receive (leaked)]:", h));
  EXPECT_EQ(h.state, "chan receive");
  EXPECT_TRUE(h.leaked);
  ASSERT_TRUE(
      ParseHeaderLine(R"(goroutine 5 [select, 2 minutes labels:{"job": "sync, fast]:"}]:)", h));
  EXPECT_EQ(h.state, "select");
  EXPECT_EQ(h.wait_minutes, 2);
  EXPECT_EQ(h.labels, R"({"job": "sync, fast]:"})");
}

TEST(HeaderLine, RejectsNonHeaders) {
  TracebackHeader h;
  EXPECT_FALSE(ParseHeaderLine("goroutine profile: total 5", h));
  EXPECT_FALSE(ParseHeaderLine("goroutine 5 [running]", h));
  EXPECT_FALSE(ParseHeaderLine("goroutine x [running]:", h));
  EXPECT_FALSE(ParseHeaderLine("goroutine 5 []:", h));
  EXPECT_FALSE(ParseHeaderLine("", h));
}

TEST(HeaderLine, FindsHeaderBehindPrefix) {
  std::string_view line = "2026-11-22T06:33:56.123Z goroutine 7 [sleep]:";
  size_t pos = FindHeaderStart(line);
  ASSERT_NE(pos, std::string_view::npos);
  EXPECT_EQ(line.substr(pos, 11), "goroutine 7");
  EXPECT_EQ(FindHeaderStart("the goroutine 7 was fine"), std::string_view::npos);
}

TEST(FunctionLine, ArgsAndReceivers) {
  FunctionLine f;
  ASSERT_TRUE(ParseFunctionLine("main.(*server).wait(0xc000010000, {0x4a1b20, 0x5})", f));
  EXPECT_EQ(f.function, "main.(*server).wait");
  EXPECT_EQ(f.args, "(0xc000010000, {0x4a1b20, 0x5})");
  ASSERT_TRUE(ParseFunctionLine("main.blockGeneric[...](...)", f));
  EXPECT_EQ(f.function, "main.blockGeneric[...]");
  EXPECT_EQ(f.args, "(...)");
  ASSERT_TRUE(ParseFunctionLine("panic({0x4a1b20?, 0x4e5bd0?})", f));
  EXPECT_EQ(f.function, "panic");
  EXPECT_FALSE(ParseFunctionLine("\t/src/main.go:10 +0x1d", f));
  EXPECT_FALSE(ParseFunctionLine("some junk text", f));
  EXPECT_FALSE(ParseFunctionLine("(x)", f));
}

TEST(CreatedByLine, WithAndWithoutGoroutine) {
  CreatedByLine c;
  ASSERT_TRUE(ParseCreatedByLine("created by main.main in goroutine 1", c));
  EXPECT_EQ(c.function, "main.main");
  EXPECT_EQ(c.goroutine, 1u);
  ASSERT_TRUE(ParseCreatedByLine("created by net/http.(*Server).Serve", c));
  EXPECT_EQ(c.function, "net/http.(*Server).Serve");
  EXPECT_EQ(c.goroutine, 0u);
}

TEST(FileLine, Suffixes) {
  FileLine f;
  ASSERT_TRUE(ParseFileLine("\t/src/app/main.go:42 +0x1d", f));
  EXPECT_EQ(f.file, "/src/app/main.go");
  EXPECT_EQ(f.line, 42);
  ASSERT_TRUE(
      ParseFileLine("\t/usr/local/go/src/runtime/proc.go:435 +0xce fp=0xc00004e6f8 "
                    "sp=0xc00004e6d8 pc=0x46fe0e",
                    f));
  EXPECT_EQ(f.file, "/usr/local/go/src/runtime/proc.go");
  EXPECT_EQ(f.line, 435);
  ASSERT_TRUE(ParseFileLine("\tC:/Program Files/app/main.go:7", f));
  EXPECT_EQ(f.file, "C:/Program Files/app/main.go");
  EXPECT_EQ(f.line, 7);
  EXPECT_FALSE(ParseFileLine("\t/src/main.go", f));
  // Without indentation: an absolute path, or a Go or assembly file
  // (-trimpath builds print "testing/testing.go:1700 +0x11f").
  ASSERT_TRUE(ParseFileLine("testing/testing.go:1700 +0x11f", f));
  EXPECT_EQ(f.file, "testing/testing.go");
  EXPECT_EQ(f.line, 1700);
  EXPECT_FALSE(ParseFileLine("notes.txt:1", f));
  EXPECT_FALSE(ParseFileLine("main.main()", f));
}

// Lines as pastes, log shippers and mail clients leave them.
TEST(FileLine, Reindented) {
  FileLine f;
  for (const char* line :
       {"        /usr/local/go/src/runtime/proc.go:435 +0xce",
        "  \t/usr/local/go/src/runtime/proc.go:435",
        "\t  /usr/local/go/src/runtime/proc.go:435 +0xce",
        "/usr/local/go/src/runtime/proc.go:435 +0xce",
        "    /usr/local/go/src/runtime/proc.go:435 +0xce fp=0xc00004e6f8 sp=0xc00004e6d8 "
        "pc=0x46fe0e",
        // Go <= 1.5 with GOTRACEBACK=2: no pc=.
        "\t/usr/local/go/src/runtime/proc.go:435 +0xce fp=0xc20804e6f8 sp=0xc20804e6d8"}) {
    SCOPED_TRACE(line);
    ASSERT_TRUE(ParseFileLine(line, f));
    EXPECT_EQ(f.file, "/usr/local/go/src/runtime/proc.go");
    EXPECT_EQ(f.line, 435);
  }
  ASSERT_TRUE(ParseFileLine("C:/Users/x/main.go:12 +0x25", f));
  EXPECT_EQ(f.file, "C:/Users/x/main.go");
  EXPECT_EQ(f.line, 12);
  ASSERT_TRUE(ParseFileLine("   C:\\Users\\x\\main.go:12", f));
  EXPECT_EQ(f.file, "C:\\Users\\x\\main.go");
  EXPECT_FALSE(ParseFileLine("    main.main()", f));
  EXPECT_FALSE(ParseFileLine("    ", f));
}

TEST(HeaderLine, Go127LabelsAfterTheBracket) {
  TracebackHeader h;
  ASSERT_TRUE(ParseHeaderLine(
      "goroutine 43 [select (leaked)] {component: fanout, op: \"select-dead\"}:", h));
  EXPECT_EQ(h.id, 43u);
  EXPECT_EQ(h.state, "select");
  EXPECT_TRUE(h.leaked);
  EXPECT_EQ(h.labels, "{component: fanout, op: \"select-dead\"}");
  // A label value may hold "] {".
  ASSERT_TRUE(ParseHeaderLine("goroutine 9 [chan receive, 3 minutes] {k: \"a] {b\"}:", h));
  EXPECT_EQ(h.state, "chan receive");
  EXPECT_EQ(h.wait_minutes, 3);
  EXPECT_EQ(h.labels, "{k: \"a] {b\"}");
  EXPECT_FALSE(ParseHeaderLine("goroutine 9 [select] junk}:", h));
}

TEST(HeaderLine, SynctestMarkers) {
  TracebackHeader h;
  ASSERT_TRUE(ParseHeaderLine("goroutine 21 [chan receive (durable), synctest bubble 3]:", h));
  EXPECT_EQ(h.state, "chan receive");
  EXPECT_TRUE(h.durable);
  EXPECT_EQ(h.synctest_bubble, 3u);
  ASSERT_TRUE(ParseHeaderLine(
      "goroutine 22 gp=0xc000102a80 m=nil [sleep, 2 minutes, synctest bubble 1]:", h));
  EXPECT_EQ(h.state, "sleep");
  EXPECT_FALSE(h.durable);
  EXPECT_EQ(h.synctest_bubble, 1u);
  EXPECT_EQ(h.wait_minutes, 2);
}

TEST(ElidedLine, BothForms) {
  uint32_t n = 0;
  bool unknown = false;
  ASSERT_TRUE(ParseElidedLine("...51 frames elided...", n, unknown));
  EXPECT_EQ(n, 51u);
  EXPECT_FALSE(unknown);
  ASSERT_TRUE(ParseElidedLine("...additional frames elided...", n, unknown));
  EXPECT_TRUE(unknown);
  EXPECT_FALSE(ParseElidedLine("...frames elided...", n, unknown));
}

TEST(OtherLines, ReasonsAndKnownNoise) {
  EXPECT_TRUE(IsDumpReasonLine("panic: boom"));
  EXPECT_TRUE(IsDumpReasonLine("fatal error: all goroutines are asleep - deadlock!"));
  EXPECT_TRUE(IsDumpReasonLine("SIGQUIT: quit"));
  EXPECT_FALSE(IsDumpReasonLine("panicked"));
  EXPECT_TRUE(IsKnownNonGoroutineLine("rax    0xca"));
  EXPECT_TRUE(IsKnownNonGoroutineLine("eflags 0x286"));
  EXPECT_TRUE(IsKnownNonGoroutineLine("PC=0x46b701 m=0 sigcode=0"));
  EXPECT_TRUE(IsKnownNonGoroutineLine("=== RUN   TestHang"));
  EXPECT_TRUE(IsKnownNonGoroutineLine("exit status 2"));
  EXPECT_FALSE(IsKnownNonGoroutineLine("GET /index.html 200"));
}

TEST(LogPrefix, StripsFixedAndTimestampPrefixes) {
  LogPrefix k;
  k.Learn("[pod/api-7d9f/api] ");
  EXPECT_EQ(k.Strip("[pod/api-7d9f/api] \t/src/main.go:3 +0x1"), "\t/src/main.go:3 +0x1");
  EXPECT_EQ(k.Strip("unprefixed"), "unprefixed");
  LogPrefix t;
  t.Learn("2026-11-22T06:33:56.1234Z ");
  EXPECT_EQ(t.Strip("2026-11-22T06:33:56.12Z main.f(...)"), "main.f(...)");
  LogPrefix cri;
  cri.Learn("2026-11-22T06:33:56.123456789Z stderr F ");
  EXPECT_EQ(cri.Strip("2026-11-22T06:33:57.1Z stderr F created by main.main in goroutine 1"),
            "created by main.main in goroutine 1");
}

}  // namespace
}  // namespace gopit
