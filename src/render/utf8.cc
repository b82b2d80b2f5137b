#include "render/utf8.h"

namespace gopit {

size_t WellFormedUtf8Length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c >= 0xC2 && c <= 0xDF   ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
  if (len == 0 || i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
  if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
  if (c == 0xED && c1 > 0x9F) return 0;  // surrogates
  if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
  if (c == 0xF4 && c1 > 0x8F) return 0;  // above U+10FFFF
  return len;
}

void AppendMarkupEscaped(std::string& out, std::string_view s, bool keep_cr) {
  AppendUtf8Sanitized(out, s, [keep_cr](char c, std::string& o) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      case '\'':
        o += "&#39;";  // both XML 1.0 and HTML read it; &apos; is not HTML 4
        break;
      case '\t':
      case '\n':
        o += c;
        break;
      case '\r':
        if (keep_cr) {
          o += c;
        } else {
          o += kReplacementChar;
        }
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          o += kReplacementChar;
        } else {
          o += c;
        }
    }
  });
}

}  // namespace gopit
