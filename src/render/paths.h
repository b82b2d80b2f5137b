// Short, recognisable names for source paths and functions in reports.
#pragma once

#include <string>
#include <string_view>

namespace gopit {

// "/root/go/pkg/mod/github.com/x/y@v1.2.3/z/w.go" -> "github.com/x/y@v1.2.3/z/w.go",
// "/usr/local/go/src/net/http/server.go" -> "net/http/server.go",
// "/home/me/app/internal/db/pool.go" -> "db/pool.go".
std::string ShortPath(std::string_view path);

}  // namespace gopit
