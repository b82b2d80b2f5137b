#include "watch/target.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace gopit::watch {
namespace {

TEST(Target, SpecsNameTargetsAndRejectWhatIsNotAUrl) {
  Target t;
  std::string error;
  ASSERT_TRUE(ParseTargetSpec("http://127.0.0.1:6060", t, &error));
  EXPECT_EQ(t.name, "127.0.0.1:6060");
  ASSERT_TRUE(ParseTargetSpec("api=https://10.0.0.7:6060/", t, &error));
  EXPECT_EQ(t.name, "api");
  EXPECT_EQ(t.url, "https://10.0.0.7:6060/");
  ASSERT_TRUE(ParseTargetSpec("http://u:secret@h:1/x?a=b", t, &error));
  EXPECT_EQ(t.name, "h:1") << "credentials never name a target";
  EXPECT_FALSE(ParseTargetSpec("127.0.0.1:6060", t, &error));
  EXPECT_NE(error.find("not an http"), std::string::npos);
  EXPECT_FALSE(ParseTargetSpec("=http://h:1", t, &error));
  EXPECT_FALSE(ParseTargetSpec("http://", t, &error));
}

TEST(Target, EndpointsFromBaseOrFullUrl) {
  Target t;
  t.url = "http://h:6060";
  EXPECT_EQ(GoroutineEndpoint(t, 1), "http://h:6060/debug/pprof/goroutine?debug=1");
  EXPECT_EQ(LeakProfileEndpoint(t, 1), "http://h:6060/debug/pprof/goroutineleak?debug=1");
  t.url = "http://h:6060/";
  EXPECT_EQ(GoroutineEndpoint(t, 2), "http://h:6060/debug/pprof/goroutine?debug=2");
  t.url = "http://h:6060/debug/pprof/goroutine?debug=2";
  EXPECT_EQ(GoroutineEndpoint(t, 1), "http://h:6060/debug/pprof/goroutine?debug=1");
  t.url = "http://h/svc/api/debug/pprof/";
  EXPECT_EQ(GoroutineEndpoint(t, 0), "http://h/svc/api/debug/pprof/goroutine?debug=0");
  t.url = "http://h/admin";
  EXPECT_EQ(GoroutineEndpoint(t, 1), "http://h/admin/debug/pprof/goroutine?debug=1");
}

TEST(Target, BearerTokenFromFileOrEnvironmentNeverInErrors) {
  std::string dir = ::testing::TempDir() + "/gopit-target-test";
  std::filesystem::create_directories(dir);
  std::string file = dir + "/token";
  std::ofstream(file) << "s3cret-token\n";
  Target t;
  t.headers = {{"X-Team", "infra"}};
  t.bearer_token_file = file;
  std::vector<std::string> h;
  std::string error;
  ASSERT_TRUE(RequestHeaders(t, h, &error)) << error;
  EXPECT_EQ(h, (std::vector<std::string>{"X-Team: infra", "Authorization: Bearer s3cret-token"}));

  t.bearer_token_file = dir + "/missing";
  EXPECT_FALSE(RequestHeaders(t, h, &error));
  EXPECT_NE(error.find("missing"), std::string::npos);

  t.bearer_token_file.clear();
  t.bearer_token_env = "GOPIT_TEST_TOKEN_UNSET";
  unsetenv("GOPIT_TEST_TOKEN_UNSET");
  EXPECT_FALSE(RequestHeaders(t, h, &error));
  EXPECT_NE(error.find("GOPIT_TEST_TOKEN_UNSET"), std::string::npos);
  setenv("GOPIT_TEST_TOKEN_UNSET", "envtoken", 1);
  ASSERT_TRUE(RequestHeaders(t, h, &error));
  EXPECT_EQ(h.back(), "Authorization: Bearer envtoken");
  EXPECT_EQ(error.find("envtoken"), std::string::npos);
}

}  // namespace
}  // namespace gopit::watch
