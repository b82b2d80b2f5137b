// The one model every dump and profile format is parsed into.
//
// A Snapshot is what one goroutine dump or profile says about a process at
// one moment. Text tracebacks give one record per goroutine (count 1, with an
// id and a wait state); aggregated profiles (debug=1, debug=0) give one
// record per distinct stack with a count and no ids or states.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/symbols.h"

namespace gopit {

enum class InputFormat {
  kUnknown,
  kTraceback,  // debug=2, panic, SIGQUIT, runtime.Stack, test timeouts
  kDebug1,     // "goroutine profile: total N" text with counts and PCs
  kProfile,    // debug=0: gzipped profile.proto
};

const char* InputFormatName(InputFormat f);

// One per goroutine in tracebacks, so kept small (56 bytes): a million
// goroutines cost 56 MB here.
struct GoroutineRecord {
  uint64_t id = 0;                    // goroutine id; 0 when the format has none
  uint64_t created_by_goroutine = 0;  // "in goroutine N" (Go 1.21+); 0 when absent
  uint64_t line = 0;                  // 1-based input line of the header, 0 for binary formats
  uint32_t count = 1;                 // goroutines this record stands for (saturates)
  StackId stack = 0;
  StrId state = kNoStr;  // wait reason as printed, without suffixes: "chan receive"
  FrameId created_by = kNoFrame;
  StrId labels = kNoStr;      // pprof labels as printed, e.g. {"k":"v"}
  int32_t wait_minutes = -1;  // ", N minutes"; -1 when not printed
  bool locked_to_thread = false;
  bool leaked = false;  // the runtime proved it can never wake ("(leaked)" or leak profile)
  // " (durable)": blocked inside a testing/synctest bubble on something only
  // the bubble can wake (Go 1.25+). The bubble id is not kept.
  bool durable = false;
  // Printed again in a per-thread section of a GOTRACEBACK=crash dump: the
  // same goroutine as an earlier record with its id, not another one.
  bool thread_section = false;
};

// What a debug=1 record's "@" line says beyond the frames printed under it.
// The runtime leaves out the runtime frames at the top of each stack there
// (runtime.gopark, chanrecv, selectgo), which are what name a channel or
// select wait; their PCs are still on the "@" line.
struct HiddenPcs {
  std::vector<uint64_t> pcs;  // "@" PCs above the first printed frame, innermost first
  uint64_t first_shown = 0;   // the PC printed for the first frame line; 0 when none
};

struct Snapshot {
  std::string input;  // file name, "-" or URL it came from
  InputFormat format = InputFormat::kUnknown;
  // A goroutine-leak profile: every record in it is a goroutine the runtime
  // has proven can never wake.
  bool leak_profile = false;
  // A test's leak check printed these goroutines as left behind after the
  // test: goleak's "found unexpected goroutines:" report, or a log line
  // "Leaked goroutine: goroutine N [...]:" before each header. Its verdict,
  // not the runtime's proof.
  bool leak_check = false;
  std::string reason;              // "panic: ...", "fatal error: ...", "SIGQUIT: quit", or empty
  uint64_t current_goroutine = 0;  // the goroutine that panicked or wrote the dump, 0 if unknown
  int64_t declared_total = -1;     // "goroutine profile: total N", -1 if not stated
  uint64_t first_line = 0;         // where this snapshot starts in its input (text formats)
  std::vector<GoroutineRecord> goroutines;
  // debug=1: one per record of `goroutines`, same index; empty otherwise.
  std::vector<HiddenPcs> hidden_pcs;
  // debug=0: each location's address (the PC of its innermost frame, as
  // debug=1 prints it on a frame line) and its frames, innermost first; a
  // debug=1 profile of the same binary is read through it
  // (dump/hidden_frames.h). Empty otherwise.
  std::unordered_map<uint64_t, std::vector<FrameId>> frames_at_pc;

  uint64_t TotalGoroutines() const;
};

struct Warning {
  std::string input;
  uint64_t line = 0;  // 1-based; 0 when not tied to a line
  std::string message;
};

// Everything read in one run: snapshots in input order over shared symbols.
struct ReadResult {
  std::shared_ptr<Symbols> symbols = std::make_shared<Symbols>();
  std::vector<Snapshot> snapshots;
  std::vector<Warning> warnings;
};

}  // namespace gopit
