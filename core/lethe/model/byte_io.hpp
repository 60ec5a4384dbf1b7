// The model file's encoding: little-endian fixed-width integers, IEEE-754 doubles
// by their bit patterns, length-prefixed strings and arrays. Explicit byte order so
// that a file written natively loads in WebAssembly and back, byte for byte.
// A reader never reads past its end: a short or malformed region is a FormatError
// naming what was being read, never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace lethe {

class ByteWriter {
 public:
  void u8(std::uint8_t v) { bytes_.push_back(v); }
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void f64(double v);
  // n doubles in order, as n calls of f64 write them (one copy on a little-endian host).
  void f64s(const double* values, std::size_t n);
  void text(const std::string& v);
  void vector(const Eigen::VectorXd& v);
  void matrix(const Eigen::MatrixXd& m);  // rows, cols, then row-major values
  void ids(const std::vector<std::int64_t>& v);
  void raw(const void* data, std::size_t size);

  const std::vector<unsigned char>& bytes() const { return bytes_; }
  std::vector<unsigned char>& bytes() { return bytes_; }
  std::size_t size() const { return bytes_.size(); }

 private:
  std::vector<unsigned char> bytes_;
};

class ByteReader {
 public:
  // `what` names the region in errors, e.g. "model.lethe: metadata".
  ByteReader(const unsigned char* data, std::size_t size, std::string what);
  explicit ByteReader(const std::vector<unsigned char>& bytes, std::string what)
      : ByteReader(bytes.data(), bytes.size(), std::move(what)) {}

  std::uint8_t u8(const char* field);
  std::uint32_t u32(const char* field);
  std::uint64_t u64(const char* field);
  std::int64_t i64(const char* field) { return static_cast<std::int64_t>(u64(field)); }
  double f64(const char* field);
  // n doubles into out, as n calls of f64 read them (one copy on a little-endian host).
  void f64s(const char* field, double* out, std::size_t n);
  // n bytes into out, as they are.
  void raw(const char* field, unsigned char* out, std::size_t n);
  std::string text(const char* field);
  Eigen::VectorXd vector(const char* field);
  Eigen::MatrixXd matrix(const char* field);
  std::vector<std::int64_t> ids(const char* field);
  // A count that must fit in what is left, `element_bytes` each (guards allocations).
  std::uint64_t count(const char* field, std::size_t element_bytes);

  std::size_t remaining() const { return size_ - position_; }
  std::size_t position() const { return position_; }
  // Fails unless every byte was read: trailing bytes mean a different layout.
  void expect_end() const;
  [[noreturn]] void fail(const std::string& field, const std::string& problem) const;

 private:
  const unsigned char* take(const char* field, std::size_t n);

  const unsigned char* data_;
  std::size_t size_;
  std::size_t position_ = 0;
  std::string what_;
};

// Little-endian helpers for fixed layouts (the header, the row slots).
void store_u64(unsigned char* p, std::uint64_t v);
std::uint64_t load_u64(const unsigned char* p);
void store_f64(unsigned char* p, double v);
double load_f64(const unsigned char* p);

}  // namespace lethe
