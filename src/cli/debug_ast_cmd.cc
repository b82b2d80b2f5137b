// `gopit debug-ast FILE...` (hidden): prints the canonical AST summary of
// each Go file, the format tests/golang_conformance.sh compares with
// go/parser's (tests/go/astdump).
#include <cstdio>
#include <string>
#include <vector>

#include <memory>

#include "cli/commands.h"
#include "golang/ast_dump.h"
#include "golang/parser.h"

namespace gopit::golang {

namespace {

bool ReadFile(const std::string& path, std::string& out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  out.clear();
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    out.append(buf, n);
  bool ok = !std::ferror(f);
  std::fclose(f);
  return ok;
}

}  // namespace

int RunDebugAst(const std::vector<std::string>& files) {
  int status = 0;
  std::string out;
  for (const std::string& path : files) {
    out = "== " + path + "\n";
    std::string source;
    if (!ReadFile(path, source)) {
      out += "error: " + path + ": cannot read file\n";
      status = 1;
    } else {
      auto parsed = ParsedFile::Parse(path, std::move(source));
      if (!parsed->ok()) status = 1;
      out += DumpAstSummary(*parsed);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  std::fflush(stdout);
  return status;
}

}  // namespace gopit::golang

namespace gopit::cli {

void RegisterDebugAst(CLI::App& app, int* exit_code) {
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("debug-ast", "Print the AST summary of Go files");
  cmd->group("");  // hidden from --help: a test tool
  cmd->add_option("FILE", *files, "Go source files")->required();
  cmd->callback([files, exit_code] { *exit_code = golang::RunDebugAst(*files); });
}

}  // namespace gopit::cli
