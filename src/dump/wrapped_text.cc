#include "dump/wrapped_text.h"

#include <cstdint>

#include "dump/traceback_lines.h"

namespace gopit {
namespace {

constexpr size_t kDetectBytes = 64u << 10;
constexpr int kMaxPrefixRounds = 4;  // e.g. a web-log copy of a quoted reply

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// What one round of prefix stripping took off.
enum class PrefixKind { kNone, kTimestamp, kWebLog, kJournal, kQuote, kBracketed };

// "2021-09-15T07:40:15.1455272Z " or "2024-05-01T10:00:00+02:00 ": the
// length of the timestamp with its space, or 0.
size_t IsoTimestamp(std::string_view s) {
  if (s.size() < 12) return 0;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(s[i])) return 0;
  }
  if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ')) return 0;
  size_t i = 11;
  while (i < s.size() && (IsDigit(s[i]) || s[i] == ':' || s[i] == '.' || s[i] == ',' ||
                          s[i] == '+' || s[i] == '-' || s[i] == 'Z')) {
    ++i;
  }
  if (i < 16 || i >= s.size() || s[i] != ' ') return 0;
  return i + 1;
}

// A GitHub Actions web-log copy: the log's line number, then the timestamp.
// Copies from the page may keep a space before the number.
size_t WebLog(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] == ' ')
    ++i;
  size_t digits = i;
  while (i < s.size() && IsDigit(s[i]))
    ++i;
  if (i == digits || i >= s.size() || (s[i] != ' ' && s[i] != '\t')) return 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
    ++i;
  size_t ts = IsoTimestamp(s.substr(i));
  return ts ? i + ts : 0;
}

// "Dec 07 10:00:00 host app[123]: " (journalctl's default, syslog files) or
// "2024-05-01T10:00:00+0000 host app[123]: " (journalctl -o short-iso).
size_t Journal(std::string_view s) {
  size_t i = 0;
  bool iso = false;
  if (size_t ts = IsoTimestamp(s)) {
    i = ts;
    iso = true;
  } else {
    // "Mon DD HH:MM:SS " with the day space-padded or zero-padded.
    if (s.size() < 20 || !(s[0] >= 'A' && s[0] <= 'Z') || !(s[1] >= 'a' && s[1] <= 'z') ||
        !(s[2] >= 'a' && s[2] <= 'z') || s[3] != ' ') {
      return 0;
    }
    i = 4;
    if (s[i] == ' ') ++i;
    size_t day = i;
    while (i < s.size() && IsDigit(s[i]))
      ++i;
    if (i == day || i - day > 2 || i + 10 > s.size() || s[i] != ' ') return 0;
    ++i;
    std::string_view t = s.substr(i, 9);
    if (!IsDigit(t[0]) || !IsDigit(t[1]) || t[2] != ':' || !IsDigit(t[3]) || !IsDigit(t[4]) ||
        t[5] != ':' || !IsDigit(t[6]) || !IsDigit(t[7]) || t[8] != ' ') {
      return 0;
    }
    i += 9;
  }
  // The host: one word.
  size_t host = i;
  while (i < s.size() && s[i] != ' ' && s[i] != ':')
    ++i;
  if (i == host || i >= s.size() || s[i] != ' ') return 0;
  ++i;
  // The identifier, "app[123]:" or "app:", then a space (or the end of an
  // empty message).
  size_t ident = i;
  while (i < s.size() && s[i] != ' ' && s[i] != ':')
    ++i;
  if (i == ident || i >= s.size() || s[i] != ':') return 0;
  // After an ISO timestamp "word word:" is too common in plain logs
  // ("--- PASS: TestX"); there the identifier must carry its "[pid]".
  if (iso && s[i - 1] != ']') return 0;
  ++i;
  if (i < s.size() && s[i] == ' ') return i + 1;
  return i == s.size() ? i : 0;
}

// "> ", ">> ", "> > ", ">": quote markers of a mail or issue reply.
size_t Quote(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] == '>') {
    ++i;
    if (i < s.size() && s[i] == ' ') ++i;
  }
  return i;
}

// "[pod/api-7d9f/api] " of `kubectl logs --prefix`: one bracketed word.
size_t Bracketed(std::string_view s) {
  if (s.empty() || s[0] != '[') return 0;
  size_t i = 1;
  while (i < s.size() && s[i] != ']' && s[i] != ' ')
    ++i;
  if (i == 1 || i + 1 >= s.size() || s[i] != ']' || s[i + 1] != ' ') return 0;
  return i + 2;
}

// Takes one prefix of the given kind off `line`; 0 when it has none.
size_t PrefixOf(std::string_view line, PrefixKind kind) {
  switch (kind) {
    case PrefixKind::kQuote:
      return line.empty() || line[0] != '>' ? 0 : Quote(line);
    case PrefixKind::kWebLog:
      return WebLog(line);
    case PrefixKind::kJournal:
      return Journal(line);
    case PrefixKind::kTimestamp:
      return IsoTimestamp(line);
    case PrefixKind::kBracketed:
      return Bracketed(line);
    case PrefixKind::kNone:
      break;
  }
  return 0;
}

// Guesses the kind of the first prefix on `line` (a dump line's prefix).
std::string_view StripOnce(std::string_view line, PrefixKind& kind) {
  kind = PrefixKind::kNone;
  if (line.empty()) return line;
  char c = line[0];
  if (c == '[') {
    if (size_t n = Bracketed(line)) {
      kind = PrefixKind::kBracketed;
      return line.substr(n);
    }
  }
  if (c == '>') {
    kind = PrefixKind::kQuote;
    return line.substr(Quote(line));
  }
  if (IsDigit(c) || c == ' ') {
    if (size_t n = WebLog(line)) {
      kind = PrefixKind::kWebLog;
      return line.substr(n);
    }
  }
  if (IsDigit(c) || (c >= 'A' && c <= 'Z')) {
    if (size_t n = Journal(line)) {
      kind = PrefixKind::kJournal;
      return line.substr(n);
    }
  }
  if (IsDigit(c)) {
    if (size_t n = IsoTimestamp(line)) {
      kind = PrefixKind::kTimestamp;
      return line.substr(n);
    }
  }
  return line;
}

// Finds the first dump line in `head`: a goroutine header (returns the
// offset of "goroutine" in it) or a debug=1 "... profile: total N" line.
bool FirstDumpLine(std::string_view head, std::string_view& line, size_t& at, bool& profile) {
  size_t pos = 0;
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    std::string_view l = head.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    size_t h = FindHeaderStart(l);
    profile = false;
    if (h == std::string_view::npos) {
      for (std::string_view name : {"goroutine profile: total ", "goroutineleak profile: total "}) {
        h = l.find(name);
        if (h != std::string_view::npos) break;
      }
      profile = h != std::string_view::npos;
    }
    if (h != std::string_view::npos) {
      line = l;
      at = h;
      return true;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return false;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

bool Hex4(std::string_view s, uint32_t& v) {
  if (s.size() < 4) return false;
  v = 0;
  for (size_t i = 0; i < 4; ++i) {
    char c = s[i];
    v <<= 4;
    if (IsDigit(c)) {
      v |= static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
  }
  return true;
}

// Decodes the JSON string that starts at s[0] == '"' into `out`. Returns
// false (with `out` in any state) when it is not a complete, valid string.
bool DecodeJsonString(std::string_view s, std::string& out) {
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') return true;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= s.size()) return false;
    switch (s[i]) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'u': {
        uint32_t cp = 0;
        if (!Hex4(s.substr(i + 1), cp)) return false;
        i += 4;
        uint32_t low = 0;
        if (cp >= 0xd800 && cp < 0xdc00 && s.substr(i + 1, 2) == "\\u" &&
            Hex4(s.substr(i + 3), low) && low >= 0xdc00 && low < 0xe000) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          i += 6;
        }
        AppendUtf8(out, cp);
        break;
      }
      default:
        return false;
    }
  }
  return false;
}

// One docker json-file line: appends the decoded "log" text, or the line
// itself (with a newline) when it is not such an object.
void AppendDockerLine(std::string_view line, std::string& out) {
  constexpr std::string_view kLog = "\"log\":\"";
  size_t at = line.empty() || line[0] != '{' ? std::string_view::npos : line.find(kLog);
  if (at != std::string_view::npos) {
    size_t before = out.size();
    if (DecodeJsonString(line.substr(at + kLog.size() - 1), out)) return;
    out.resize(before);
  }
  out.append(line);
  out += '\n';
}

// One log line whose quoted field holds "\n", "\t", "\"" and "\\": the
// escapes are undone, so the text around the dump becomes lines of its own.
void AppendEscapedLine(std::string_view line, std::string& out) {
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\\' && i + 1 < line.size()) {
      char e = line[i + 1];
      if (e == 'n' || e == 't' || e == '"' || e == '\\') {
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        ++i;
        continue;
      }
    }
    out += c;
  }
  out += '\n';
}

// The wrapper whose prefix (non-empty) is `prefix`. A prefix of only
// timestamps and kubectl prefixes counts when `bare_timestamps`.
TextWrapper LearnWrapper(std::string_view prefix, bool bare_timestamps) {
  TextWrapper w;
  if (prefix[0] == '{' && prefix.find("\"log\":\"") != std::string_view::npos) {
    w.kind = TextWrapper::kDockerJson;
    return w;
  }
  // A logger that quoted the whole dump into one field (logrus, docker's
  // "=== BEGIN goroutine stack dump ===" message) escapes its newlines.
  if (prefix.size() >= 2 && prefix.substr(prefix.size() - 2) == "\\n") {
    w.kind = TextWrapper::kEscaped;
    return w;
  }
  // The prefix must be exactly a sequence of known ones.
  std::string_view rest = prefix;
  bool special = bare_timestamps;
  for (int round = 0; round < kMaxPrefixRounds && !rest.empty(); ++round) {
    PrefixKind kind;
    std::string_view next = StripOnce(rest, kind);
    if (kind == PrefixKind::kNone) break;
    if (kind != PrefixKind::kTimestamp && kind != PrefixKind::kBracketed) special = true;
    w.layers[w.depth++] = static_cast<uint8_t>(kind);
    rest = next;
  }
  if (special && rest.empty()) w.kind = TextWrapper::kLinePrefix;
  return w;
}

}  // namespace

std::string_view StripWrapperPrefix(std::string_view line) {
  for (int round = 0; round < kMaxPrefixRounds; ++round) {
    PrefixKind kind;
    std::string_view rest = StripOnce(line, kind);
    if (kind == PrefixKind::kNone) break;
    line = rest;
  }
  return line;
}

namespace {

// The line of `text` before the one starting at `start`, skipping blank
// lines; empty at the start of the text.
std::string_view LineBefore(std::string_view text, size_t start) {
  while (start > 0) {
    size_t end = start - 1;  // the '\n' ending the line before
    size_t begin = text.rfind('\n', end == 0 ? 0 : end - 1);
    begin = (begin == std::string_view::npos || end == 0) ? 0 : begin + 1;
    std::string_view l = text.substr(begin, end - begin);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    size_t i = l.find_first_not_of(" \t");
    if (i != std::string_view::npos) return l.substr(i);
    start = begin;
  }
  return {};
}

// Whether the first header of `head` (the line `line`, which is a view into
// it) sits where a paste in reverse line order puts it: after its top frame,
// whose file line is before that, and with no function line after it.
bool ReversedAround(std::string_view head, std::string_view line) {
  size_t start = static_cast<size_t>(line.data() - head.data());
  std::string_view prev = LineBefore(head, start);
  FunctionLine fn;
  if (prev.empty() || !ParseFunctionLine(prev, fn)) return false;
  std::string_view prev2 = LineBefore(head, static_cast<size_t>(prev.data() - head.data()));
  FileLine file;
  if (prev2.empty() || !ParseFileLine(prev2, file)) return false;
  size_t end = start + line.size();
  if (end >= head.size()) return true;
  size_t nl = head.find('\n', end + 1);
  std::string_view next = head.substr(end + 1, nl == std::string_view::npos ? nl : nl - end - 1);
  size_t i = next.find_first_not_of(" \t");
  if (i == std::string_view::npos) return true;
  return !ParseFunctionLine(next.substr(i), fn);
}

}  // namespace

TextWrapper DetectWrapper(std::string_view text) {
  TextWrapper w;
  std::string_view line;
  size_t at = 0;
  bool profile = false;
  std::string_view head = text.substr(0, kDetectBytes);
  if (!FirstDumpLine(head, line, at, profile)) return w;
  if (!profile && ReversedAround(head, line)) {
    w.kind = TextWrapper::kReversed;
    return w;
  }
  if (at == 0) return w;
  // Not only a timestamp or a kubectl prefix: the traceback parser strips
  // those itself, without a copy of the input (the debug=1 parser does not).
  return LearnWrapper(line.substr(0, at), /*bare_timestamps=*/profile);
}

TextWrapper WrapperOfPrefix(std::string_view prefix) {
  if (prefix.empty()) return TextWrapper{};
  return LearnWrapper(prefix, /*bare_timestamps=*/true);
}

std::string Unwrap(std::string_view text, const TextWrapper& wrapper) {
  std::string out;
  out.reserve(text.size() + 1);
  if (wrapper.kind == TextWrapper::kReversed) {
    size_t end = text.size();
    if (end > 0 && text[end - 1] == '\n') --end;  // the last line's own newline
    while (true) {
      size_t nl = end == 0 ? std::string_view::npos : text.rfind('\n', end - 1);
      size_t begin = nl == std::string_view::npos ? 0 : nl + 1;
      out.append(text.substr(begin, end - begin));
      out += '\n';
      if (nl == std::string_view::npos) break;
      end = nl;
    }
    return out;
  }
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (wrapper.kind == TextWrapper::kDockerJson) {
      AppendDockerLine(line, out);
    } else if (wrapper.kind == TextWrapper::kEscaped) {
      AppendEscapedLine(line, out);
    } else {
      // The layers learned from the first dump line, in order: a line that
      // lacks one keeps the rest (the log's own lines around the dump).
      std::string_view rest = line;
      for (int i = 0; i < wrapper.depth; ++i)
        rest.remove_prefix(PrefixOf(rest, static_cast<PrefixKind>(wrapper.layers[i])));
      // rsyslog writes a tab as "#011".
      if (rest.size() != line.size() && rest.starts_with("#011")) {
        out += '\t';
        rest.remove_prefix(4);
      }
      out.append(rest);
      if (nl != std::string_view::npos) out += '\n';
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

}  // namespace gopit
