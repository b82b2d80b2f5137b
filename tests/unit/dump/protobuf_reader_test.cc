#include "dump/protobuf_reader.h"

#include <gtest/gtest.h>

#include "unit/test_data.h"

#include <string>

namespace gopit::pb {
namespace {

using namespace testing_data;

std::string Varint(uint64_t v) {
  std::string s;
  while (v >= 0x80) {
    s.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  s.push_back(static_cast<char>(v));
  return s;
}

std::string Key(uint32_t number, WireType t) {
  return Varint((static_cast<uint64_t>(number) << 3) | static_cast<uint64_t>(t));
}

std::string Len(uint32_t number, const std::string& payload) {
  return Key(number, WireType::kLen) + Varint(payload.size()) + payload;
}

TEST(DecodeVarint, Values) {
  for (uint64_t v : {0ULL, 1ULL, 127ULL, 128ULL, 300ULL, 1ULL << 35, ~0ULL}) {
    std::string s = Varint(v);
    uint64_t out = 7;
    const char* end = DecodeVarint(s.data(), s.data() + s.size(), &out);
    ASSERT_NE(end, nullptr) << v;
    EXPECT_EQ(end, s.data() + s.size());
    EXPECT_EQ(out, v);
  }
  EXPECT_EQ(Varint(~0ULL).size(), 10u);
}

TEST(DecodeVarint, TruncatedAndOverlong) {
  std::string cut = Varint(1ULL << 40);
  cut.pop_back();
  uint64_t out;
  EXPECT_EQ(DecodeVarint(cut.data(), cut.data() + cut.size(), &out), nullptr);
  std::string empty;
  EXPECT_EQ(DecodeVarint(empty.data(), empty.data(), &out), nullptr);
  std::string overlong(11, '\x80');
  overlong.back() = '\x01';
  EXPECT_EQ(DecodeVarint(overlong.data(), overlong.data() + overlong.size(), &out), nullptr);
}

TEST(FieldReader, EveryWireType) {
  std::string msg = Key(1, WireType::kVarint) + Varint(150) + Key(2, WireType::kFixed64) +
                    std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8) +
                    Key(3, WireType::kFixed32) + std::string("\x78\x56\x34\x12", 4) +
                    Len(4, "hello") + Key(536870911, WireType::kVarint) + Varint(1);
  FieldReader r(msg, 100);
  ASSERT_TRUE(r.Next());
  EXPECT_EQ(r.number(), 1u);
  EXPECT_EQ(r.type(), WireType::kVarint);
  EXPECT_EQ(r.value(), 150u);
  EXPECT_EQ(r.field_offset(), 100u);
  ASSERT_TRUE(r.Next());
  EXPECT_EQ(r.type(), WireType::kFixed64);
  EXPECT_EQ(r.value(), 0x0807060504030201ULL);
  ASSERT_TRUE(r.Next());
  EXPECT_EQ(r.type(), WireType::kFixed32);
  EXPECT_EQ(r.value(), 0x12345678u);
  ASSERT_TRUE(r.Next());
  EXPECT_EQ(r.number(), 4u);
  EXPECT_EQ(r.type(), WireType::kLen);
  EXPECT_EQ(r.bytes(), "hello");
  EXPECT_EQ(r.bytes_offset(), 100 + msg.find("hello"));
  EXPECT_EQ(r.field_offset(), 100 + msg.find("hello") - 2);  // key and length bytes
  ASSERT_TRUE(r.Next());
  EXPECT_EQ(r.number(), 536870911u);  // the largest field number
  EXPECT_FALSE(r.Next());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.error(), nullptr);
}

TEST(FieldReader, EmptyMessage) {
  FieldReader r("");
  EXPECT_FALSE(r.Next());
  EXPECT_TRUE(r.ok());
}

struct BadCase {
  const char* name;
  std::string bytes;
  size_t error_offset;
};

TEST(FieldReader, MalformedInputStopsWithAnError) {
  std::string good = Key(1, WireType::kVarint) + Varint(5);  // 2 bytes
  std::vector<BadCase> cases = {
      {"truncated key", good + "\x88", 2},
      {"truncated varint", good + Key(1, WireType::kVarint) + "\xff", 2},
      {"truncated length", good + Key(2, WireType::kLen) + "\x80", 2},
      {"length past end", good + Key(2, WireType::kLen) + Varint(10) + "abc", 2},
      {"huge length", good + Key(2, WireType::kLen) + Varint(~0ULL), 2},
      {"truncated fixed64", good + Key(2, WireType::kFixed64) + "1234567", 2},
      {"truncated fixed32", good + Key(2, WireType::kFixed32) + "123", 2},
      {"start group", good + Key(2, WireType::kStartGroup), 2},
      {"end group", good + Key(2, WireType::kEndGroup), 2},
      {"wire type 6", good + Varint((2 << 3) | 6) + "\x01", 2},
      {"wire type 7", good + Varint((2 << 3) | 7) + "\x01", 2},
      {"field number 0", good + Varint(0) + "\x01", 2},
      {"field number too big", good + Varint((1ULL << 32) | 0) + "\x01", 2},
  };
  for (const BadCase& c : cases) {
    FieldReader r(c.bytes, 1000);
    ASSERT_TRUE(r.Next()) << c.name;
    EXPECT_EQ(r.value(), 5u);
    EXPECT_FALSE(r.Next()) << c.name;
    EXPECT_FALSE(r.ok()) << c.name;
    ASSERT_NE(r.error(), nullptr);
    EXPECT_EQ(r.error_offset(), 1000 + c.error_offset) << c.name;
    EXPECT_FALSE(r.Next()) << c.name << ": must stay stopped";
  }
}

TEST(FieldReader, NestedReaderReportsOffsetsInTheOuterBuffer) {
  std::string inner = Key(1, WireType::kVarint) + Varint(9) + Key(2, WireType::kLen) +
                      "\x05"
                      "ab";
  std::string msg = Key(7, WireType::kVarint) + Varint(1) + Len(3, inner);
  FieldReader outer(msg);
  ASSERT_TRUE(outer.Next());
  ASSERT_TRUE(outer.Next());
  ASSERT_EQ(outer.type(), WireType::kLen);
  FieldReader r(outer.bytes(), outer.bytes_offset());
  ASSERT_TRUE(r.Next());
  EXPECT_EQ(r.value(), 9u);
  EXPECT_FALSE(r.Next());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error_offset(), msg.find(inner) + 2);
  EXPECT_FALSE(outer.Next());
  EXPECT_TRUE(outer.ok());
}

TEST(AppendVarints, PackedAndUnpacked) {
  std::string packed = Varint(1) + Varint(300) + Varint(~0ULL);
  std::string msg = Len(1, packed) + Key(1, WireType::kVarint) + Varint(42);
  FieldReader r(msg);
  std::vector<uint64_t> out;
  ASSERT_TRUE(r.Next());
  ASSERT_TRUE(AppendVarints(r, out));
  ASSERT_TRUE(r.Next());
  ASSERT_TRUE(AppendVarints(r, out));
  EXPECT_EQ(out, (std::vector<uint64_t>{1, 300, ~0ULL, 42}));
}

TEST(AppendVarints, MalformedPackedKeepsThePrefix) {
  std::string msg = Len(1, Varint(7) + "\x80");
  FieldReader r(msg);
  ASSERT_TRUE(r.Next());
  std::vector<uint64_t> out;
  EXPECT_FALSE(AppendVarints(r, out));
  EXPECT_EQ(out, (std::vector<uint64_t>{7}));
}

TEST(AppendVarints, WrongWireType) {
  std::string msg = Key(1, WireType::kFixed32) + "abcd";
  FieldReader r(msg);
  ASSERT_TRUE(r.Next());
  std::vector<uint64_t> out;
  EXPECT_FALSE(AppendVarints(r, out));
  EXPECT_TRUE(out.empty());
}

// The Go runtime's own encoding of a goroutine profile: every top-level field
// is one of profile.proto's, the string table starts with "", and the whole
// message is consumed without an error.
TEST(FieldReader, WalksARealGoroutineProfile) {
  std::string msg = Gunzip(ReadFile(GOPIT_TEST_DATA "/states.debug0.pb.gz"));
  ASSERT_GT(msg.size(), 1000u);
  FieldReader r(msg);
  size_t samples = 0, strings = 0, locations = 0, functions = 0;
  bool first_string_empty = false;
  bool saw_packed_ids = false;
  while (r.Next()) {
    ASSERT_GE(r.number(), 1u);
    ASSERT_LE(r.number(), 16u);
    if (r.number() == 2) {
      ++samples;
      FieldReader s(r.bytes(), r.bytes_offset());
      while (s.Next()) {
        if (s.number() != 1) continue;
        if (s.type() == WireType::kLen) saw_packed_ids = true;
      }
      EXPECT_TRUE(s.ok());
    }
    if (r.number() == 4) ++locations;
    if (r.number() == 5) ++functions;
    if (r.number() == 6) {
      if (strings == 0) first_string_empty = r.bytes().empty();
      ++strings;
    }
  }
  EXPECT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(samples, 29u);  // one per distinct stack and label set
  EXPECT_GT(locations, 50u);
  EXPECT_GT(functions, 50u);
  EXPECT_GT(strings, 50u);
  EXPECT_TRUE(first_string_empty);
  // Go packs location ids when a sample has more than two.
  EXPECT_TRUE(saw_packed_ids);
}

}  // namespace
}  // namespace gopit::pb
