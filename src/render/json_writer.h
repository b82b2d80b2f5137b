// A streaming JSON writer.
//
// Reports for a million goroutines carry a million ids; writing them straight
// to the output instead of building a document tree first (a JSON value per
// id) keeps memory flat. Parsing JSON, where gopit needs it, uses nlohmann-json.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gopit {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out, bool pretty = true) : out_(out), pretty_(pretty) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view k);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Uint(uint64_t v);
  JsonWriter& Double(double v);
  JsonWriter& Bool(bool b);
  JsonWriter& Null();
  // An array of numbers on one line: long id lists stay readable.
  JsonWriter& UintArray(const std::vector<uint64_t>& v);

  static void Escape(std::string_view s, std::string& out);

 private:
  void BeforeValue();
  void Newline();
  std::ostream& out_;
  bool pretty_;
  // One entry per open container: whether it already holds an element.
  std::vector<bool> has_element_;
  bool after_key_ = false;
  std::string scratch_;
};

}  // namespace gopit
