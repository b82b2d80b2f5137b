// The subcommands of the gopit binary. Each registers its options on the app
// and, when chosen, stores its exit status in *exit_code.
#pragma once

#include <CLI/CLI.hpp>

namespace gopit::cli {

// Exit statuses every subcommand shares (printed by --help).
inline constexpr int kExitOk = 0;
inline constexpr int kExitNothingRead = 1;  // no input could be read at all
inline constexpr int kExitUsage = 2;        // bad flags or arguments
inline constexpr int kExitAlerted = 1;      // watch: an alert reached --fail-on

void RegisterStacks(CLI::App& app, int* exit_code);
void RegisterDiff(CLI::App& app, int* exit_code);
void RegisterHistory(CLI::App& app, int* exit_code);
void RegisterScan(CLI::App& app, int* exit_code);
void RegisterRules(CLI::App& app, int* exit_code);
void RegisterWatch(CLI::App& app, int* exit_code);
void RegisterTest(CLI::App& app, int* exit_code);
// `gopit test ... -- FLAGS`: takes FLAGS (for go test) out of argv before
// parsing, so they are not read as packages.
void SplitTestPassthrough(int& argc, char** argv);
// Hidden: prints the Go front end's AST summary (the conformance oracle's
// counterpart, tests/golang_conformance.sh).
void RegisterDebugAst(CLI::App& app, int* exit_code);

}  // namespace gopit::cli
