// Unicode classes that Go's lexical grammar needs for non-ASCII input:
// letters (categories Lu, Ll, Lt, Lm, Lo) and decimal digits (Nd), as Go's
// unicode package defines them. Only meaningful for code points >= 0x80.
#pragma once

namespace gopit::golang {

bool IsUnicodeLetter(char32_t c);
bool IsUnicodeDigit(char32_t c);

}  // namespace gopit::golang
