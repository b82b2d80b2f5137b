// Real dumps as users hand them over: re-indented by a paste, prefixed by a
// CI or log system, JSON-wrapped by docker, quoted in a reply, fenced in
// Markdown. Each input is a checked-in capture of the real runtime, changed
// mechanically the way that tooling changes it; the reading must be exactly
// the reading of the plain capture.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "dump/reader.h"
#include "unit/test_data.h"

namespace gopit {
namespace {

ReadResult Read(const std::string& text) {
  ReadResult r;
  ReadOptions opts;
  opts.threads = 1;
  EXPECT_TRUE(ParseBytes(text, "in", opts, r).Ok());
  return r;
}

// Everything a reading holds except input line numbers (a fence or a
// <details> block adds lines).
std::string Describe(const ReadResult& r) {
  const Symbols& sym = *r.symbols;
  auto frame = [&](FrameId id) {
    if (id == kNoFrame) return std::string("-");
    const Frame& f = sym.GetFrame(id);
    return std::string(sym.Str(f.function)) + " " +
           (f.file == kNoStr ? std::string("?") : std::string(sym.Str(f.file))) + ":" +
           std::to_string(f.line);
  };
  std::string out;
  for (const Snapshot& s : r.snapshots) {
    out += "snapshot format " + std::to_string(static_cast<int>(s.format)) + " total " +
           std::to_string(s.declared_total) + " current " + std::to_string(s.current_goroutine) +
           " reason " + s.reason + "\n";
    for (const GoroutineRecord& g : s.goroutines) {
      out += "g" + std::to_string(g.id) + " x" + std::to_string(g.count) + " [" +
             std::string(sym.Str(g.state)) + "] min " + std::to_string(g.wait_minutes) +
             (g.locked_to_thread ? " locked" : "") + (g.leaked ? " leaked" : "") +
             (g.thread_section ? " T" : "") +
             (g.labels == kNoStr ? "" : " labels " + std::string(sym.Str(g.labels))) + "\n";
      const Stack& st = sym.GetStack(g.stack);
      for (FrameId f : st.frames)
        out += "  " + frame(f) + "\n";
      out += "  elided " + std::to_string(st.elided) + " created " + frame(g.created_by) + " in " +
             std::to_string(g.created_by_goroutine) + "\n";
    }
  }
  return out;
}

size_t Frames(const ReadResult& r) {
  size_t n = 0;
  for (const Snapshot& s : r.snapshots)
    for (const GoroutineRecord& g : s.goroutines)
      n += r.symbols->GetStack(g.stack).frames.size();
  return n;
}

// Applies `f` to every line (without its newline) and joins the results.
std::string EachLine(const std::string& text,
                     const std::function<std::string(const std::string&, size_t)>& f) {
  std::string out;
  size_t pos = 0, n = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? nl : nl - pos);
    out += f(line, ++n);
    if (nl == std::string::npos) break;
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size())
    s.replace(at, from.size(), to);
  return s;
}

std::string LeadingTabsTo(const std::string& line, const std::string& with) {
  size_t i = 0;
  std::string out;
  while (i < line.size() && line[i] == '\t') {
    out += with;
    ++i;
  }
  return out + line.substr(i);
}

// "2024-05-01T10:00:00.1234567Z", a tenth of a millisecond per line, with
// the trailing-zero trimming RFC 3339 writers do.
std::string Timestamp(size_t n, bool trim) {
  char buf[64];
  unsigned frac = static_cast<unsigned>(1234567 + n * 1000) % 10000000;
  snprintf(buf, sizeof buf, "2024-05-01T10:00:%02u.%07u", static_cast<unsigned>(n / 50000 % 60),
           frac);
  std::string s = buf;
  if (trim) {
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s + "Z";
}

// JSON string escaping as docker's json-file driver (Go's encoding/json)
// writes it: \t, \n, \", \\, and <, >, & as \u003c, \u003e, \u0026.
std::string JsonString(const std::string& s, bool tab_as_u0009) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '\t':
        out += tab_as_u0009 ? "\\u0009" : "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

struct Wrapping {
  const char* name;
  std::function<std::string(const std::string&)> apply;
};

const std::vector<Wrapping>& Wrappings() {
  static const std::vector<Wrapping> all = {
      {"spaces_for_tabs",
       [](const std::string& t) {
         return EachLine(t, [](const std::string& l, size_t) { return LeadingTabsTo(l, "    "); });
       }},
      {"one_space_for_tabs",
       [](const std::string& t) {
         return EachLine(t, [](const std::string& l, size_t) { return LeadingTabsTo(l, " "); });
       }},
      {"everything_indented",
       [](const std::string& t) {
         return EachLine(t, [](const std::string& l, size_t) {
           return l.empty() ? l : "    " + LeadingTabsTo(l, "    ");
         });
       }},
      {"crlf_and_trailing_spaces",
       [](const std::string& t) {
         return EachLine(
             t, [](const std::string& l, size_t n) { return l + (n % 2 ? "  " : " \t") + "\r"; });
       }},
      {"github_actions_web_log",
       [](const std::string& t) {
         return EachLine(t, [](const std::string& l, size_t n) {
           return " " + std::to_string(618000 + n) + " " + Timestamp(n, false) + " " +
                  LeadingTabsTo(l, "   ");
         });
       }},
      {"github_actions_web_log_tabs_kept",
       [](const std::string& t) {
         return EachLine(t, [](const std::string& l, size_t n) {
           return std::to_string(n) + " " + Timestamp(n, false) + " " + l;
         });
       }},
      {"github_actions_raw_log",
       [](const std::string& t) {
         return EachLine(
             t, [](const std::string& l, size_t n) { return Timestamp(n, true) + " " + l; });
       }},
      {"docker_json_file",
       [](const std::string& t) {
         return EachLine(t, [](const std::string& l, size_t n) {
           return "{\"log\":" + JsonString(l + "\n", false) + ",\"stream\":\"stderr\",\"time\":\"" +
                  Timestamp(n, true) + "\"}";
         });
       }},
      {"docker_json_file_u0009",
       [](const std::string& t) {
         return EachLine(t, [](const std::string& l, size_t n) {
           return "{\"log\":" + JsonString(l + "\n", true) + ",\"stream\":\"stderr\",\"time\":\"" +
                  Timestamp(n, true) + "\"}";
         });
       }},
      {"journalctl",
       [](const std::string& t) {
         return EachLine(t, [](const std::string& l, size_t n) {
           char ts[32];
           snprintf(ts, sizeof ts, "Dec 07 10:%02u:%02u", static_cast<unsigned>(n / 60 % 60),
                    static_cast<unsigned>(n % 60));
           return std::string(ts) + " node-3 app[4121]: " + l;
         });
       }},
      {"syslog_tab_as_011",
       [](const std::string& t) {
         return EachLine(t, [](const std::string& l, size_t n) {
           return std::string(n % 2 ? "Dec  7" : "Dec 17") +
                  " 09:00:00 db1 app[7]: " + (l.starts_with("\t") ? "#011" + l.substr(1) : l);
         });
       }},
      {"kubectl_prefix_and_timestamps",
       [](const std::string& t) {
         return EachLine(t, [](const std::string& l, size_t n) {
           return "[pod/api-7d9f/api] " + Timestamp(n, true) + " " + l;
         });
       }},
      {"quoted_reply",
       [](const std::string& t) {
         return EachLine(t,
                         [](const std::string& l, size_t) { return l.empty() ? ">" : "> " + l; });
       }},
      {"quoted_twice",
       [](const std::string& t) {
         return EachLine(t,
                         [](const std::string& l, size_t) { return l.empty() ? ">>" : ">> " + l; });
       }},
      {"quoted_twice_spaced",
       [](const std::string& t) {
         return EachLine(t, [](const std::string& l, size_t) { return "> > " + l; });
       }},
      {"logrus_escaped_field",
       [](const std::string& t) {
         // dockerd's SIGUSR1 dump as logrus writes it through journald: the
         // whole dump in one msg="..." with \n, \t and \" escaped.
         std::string msg;
         for (char ch : t) {
           if (ch == '\n') {
             msg += "\\n";
           } else if (ch == '\t') {
             msg += "\\t";
           } else if (ch == '"' || ch == '\\') {
             msg += '\\';
             msg += ch;
           } else {
             msg += ch;
           }
         }
         return "Aug 09 13:49:31 dockerd[1802]: time=\"2017-08-09T13:49:31.802002387+02:00\" "
                "level=info msg=\"=== BEGIN goroutine stack dump ===\\n" +
                msg + "=== END goroutine stack dump ===\"\n";
       }},
      {"markdown_fence", [](const std::string& t) { return "```\n" + t + "```\n"; }},
      {"markdown_fence_go_no_newline", [](const std::string& t) { return "```go\n" + t + "```"; }},
      {"markdown_tilde_fence", [](const std::string& t) { return "~~~text\n" + t + "~~~\n"; }},
      {"github_details",
       [](const std::string& t) {
         return "<details>\n<summary>goroutine dump</summary>\n\n```\n" + t + "```\n\n</details>\n";
       }},
      {"quoted_fence",
       [](const std::string& t) {
         return EachLine("```\n" + t + "```\n",
                         [](const std::string& l, size_t) { return l.empty() ? ">" : "> " + l; });
       }},
  };
  return all;
}

struct Case {
  const char* file;
  const Wrapping* wrapping;
};

class Pasted : public ::testing::TestWithParam<Case> {};

TEST_P(Pasted, ReadsAsThePlainDump) {
  const Case& c = GetParam();
  std::string plain = testing_data::Data(c.file);
  ReadResult want = Read(plain);
  ASSERT_FALSE(want.snapshots.empty());
  ReadResult got = Read(c.wrapping->apply(plain));
  EXPECT_EQ(Describe(got), Describe(want));
  EXPECT_GT(Frames(got), 0u);
  // Nothing new to warn about: the wrapper itself is not junk. (Indented
  // text outside goroutines reads as the continuation of a panic message,
  // so a log line before an indented dump is not reported.)
  std::string warnings;
  for (const Warning& w : got.warnings)
    warnings += std::to_string(w.line) + ": " + w.message + "\n";
  if (std::string(c.wrapping->name) == "logrus_escaped_field") {
    // The log record's own text before and after the dump is reported.
    EXPECT_LE(got.warnings.size(), want.warnings.size() + 2) << warnings;
  } else if (std::string(c.wrapping->name) == "everything_indented") {
    EXPECT_LE(got.warnings.size(), want.warnings.size()) << warnings;
  } else {
    EXPECT_EQ(got.warnings.size(), want.warnings.size()) << warnings;
  }
}

std::vector<Case> AllCases() {
  std::vector<Case> out;
  for (const char* f :
       {"states.debug2.txt", "states.sigquit-system.txt", "states.panic.txt", "testtimeout.txt",
        "deadlock.txt", "leakprof.debug2.txt", "states.debug1.txt"}) {
    for (const Wrapping& w : Wrappings()) {
      // debug=1 text has no goroutine header to learn a `kubectl --prefix`
      // from; that combination is not read.
      if (std::string(f) == "states.debug1.txt" &&
          (std::string(w.name) == "kubectl_prefix_and_timestamps" ||
           std::string(w.name) == "logrus_escaped_field"))
        continue;
      out.push_back(Case{f, &w});
    }
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Real, Pasted, ::testing::ValuesIn(AllCases()), [](const auto& info) {
  std::string name = std::string(info.param.file) + "_" + info.param.wrapping->name;
  for (char& ch : name)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
});

// Windows paths, which a Windows machine's dump carries, read the same
// re-indented as tab-indented.
TEST(PastedWindows, PathsWithDriveLetters) {
  std::string plain =
      Replace(Replace(testing_data::Data("states.debug2.txt"), "\t/work/main/", "\tC:/Users/dev/"),
              "\t/usr/local/go/", "\tC:/Program Files/Go/");
  ReadResult want = Read(plain);
  ASSERT_NE(Describe(want).find("C:/Users/dev/tests/go/states/main.go:"), std::string::npos);
  for (const char* indent : {"", "  ", "        "}) {
    SCOPED_TRACE(indent);
    std::string pasted = EachLine(
        plain, [&](const std::string& l, size_t) { return LeadingTabsTo(l, indent) + "\r"; });
    EXPECT_EQ(Describe(Read(pasted)), Describe(want));
  }
}

// Go <= 1.5 with GOTRACEBACK=2 wrote "fp=.. sp=.." after the offset, with
// no pc=; newer releases add pc=. Both are cut off the file.
TEST(PastedOldRelease, FpSpWithoutPc) {
  std::string plain = testing_data::Data("states.debug2.txt");
  std::string old = EachLine(plain, [](const std::string& l, size_t n) {
    if (!l.starts_with("\t")) return l;
    return l + " fp=0xc20800" + std::to_string(1000 + n) + " sp=0xc20800" + std::to_string(n) +
           (n % 2 ? "" : " pc=0x4" + std::to_string(n));
  });
  EXPECT_EQ(Describe(Read(old)), Describe(Read(plain)));
}

// A line the wrapper spoils is reported with its line number, and the
// goroutines around it are still read.
TEST(PastedDamage, BrokenDockerLineIsAWarningWithItsLine) {
  std::string plain = testing_data::Data("states.debug2.txt");
  const Wrapping* docker = nullptr;
  for (const Wrapping& w : Wrappings())
    if (std::string(w.name) == "docker_json_file") docker = &w;
  std::string wrapped = docker->apply(plain);
  // Line 40: a goroutine's first frame line, cut by a log rotation.
  std::vector<std::string> lines;
  EachLine(wrapped, [&](const std::string& l, size_t) {
    lines.push_back(l);
    return l;
  });
  ASSERT_GT(lines.size(), 60u);
  size_t broken = 0;
  for (size_t i = 30; i < lines.size(); ++i) {
    if (lines[i].find("\"log\":\"\\t/") != std::string::npos) {
      broken = i + 1;
      lines[i] = lines[i].substr(0, 30);
      break;
    }
  }
  ASSERT_NE(broken, 0u);
  std::string damaged;
  for (const std::string& l : lines)
    damaged += l + "\n";
  ReadResult got = Read(damaged);
  ReadResult want = Read(plain);
  ASSERT_EQ(got.snapshots.size(), 1u);
  EXPECT_EQ(got.snapshots[0].goroutines.size(), want.snapshots[0].goroutines.size());
  bool said = false;
  for (const Warning& w : got.warnings)
    said = said || w.line == broken;
  EXPECT_TRUE(said) << "no warning at line " << broken;
}

}  // namespace
}  // namespace gopit

namespace gopit {
namespace {

// Every line of `text` in the opposite order: a log viewer's newest-first
// copy (slackhq/nebula#316 in tests/data/realdumps was pasted like that).
std::string LinesReversed(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    lines.push_back(text.substr(pos, nl == std::string::npos ? nl : nl - pos));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  std::string out;
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    out += *it + "\n";
  return out;
}

// Reversed, a capture reads as the capture, with one warning more that says
// the order was turned back.
TEST(PastedReversed, ReadsAsThePlainDumpAndSaysSo) {
  for (const char* f :
       {"states.debug2.txt", "states.sigquit-system.txt", "states.panic.txt", "testtimeout.txt",
        "deadlock.txt", "leakprof.debug2.txt", "mapcrash.write-all.txt"}) {
    SCOPED_TRACE(f);
    std::string plain = testing_data::Data(f);
    ReadResult want = Read(plain);
    ReadResult got = Read(LinesReversed(plain));
    EXPECT_EQ(Describe(got), Describe(want));
    ASSERT_EQ(got.warnings.size(), want.warnings.size() + 1);
    EXPECT_NE(got.warnings[0].message.find("reverse order"), std::string::npos);
    for (const Warning& w : want.warnings)
      EXPECT_EQ(w.message.find("reverse order"), std::string::npos);
  }
}

}  // namespace
}  // namespace gopit
