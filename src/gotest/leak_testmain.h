// The zz_gopit_leakcheck_test.go that `go test -overlay` adds to a package
// without a TestMain of its own: a TestMain that runs the tests, settles and
// writes the goroutine dumps (see gopittest/gopittest.go, whose check it
// carries verbatim).
#pragma once

#include <string>
#include <string_view>

namespace gopit {

std::string GeneratedTestMain(const std::string& package_name, const std::string& import_path);

// The text between the leakcheck markers, for the test that keeps it equal
// to gopittest's.
std::string_view GeneratedLeakCore();

}  // namespace gopit
