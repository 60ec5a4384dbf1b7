#include <lethe/model/byte_io.hpp>

#include <cstring>
#include <utility>

#include <lethe/base/errors.hpp>

namespace lethe {

void store_u64(unsigned char* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}
std::uint64_t load_u64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
void store_f64(unsigned char* p, double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  store_u64(p, bits);
}
double load_f64(const unsigned char* p) {
  const std::uint64_t bits = load_u64(p);
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

namespace {
// The file's doubles are little-endian: on such a host (x86, wasm) an array of them is
// its own encoding, so it crosses in one copy.
bool host_is_little_endian() {
  const std::uint64_t one = 1;
  unsigned char first = 0;
  std::memcpy(&first, &one, 1);
  return first == 1;
}
const bool kLittleEndian = host_is_little_endian();
}  // namespace

void ByteWriter::u32(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<unsigned char>(v >> (8 * i)));
}
void ByteWriter::u64(std::uint64_t v) {
  unsigned char b[8];
  store_u64(b, v);
  raw(b, 8);
}
void ByteWriter::f64(double v) {
  unsigned char b[8];
  store_f64(b, v);
  raw(b, 8);
}
void ByteWriter::f64s(const double* values, std::size_t n) {
  if (kLittleEndian) {
    raw(values, 8 * n);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) f64(values[i]);
}
void ByteWriter::text(const std::string& v) {
  u64(v.size());
  raw(v.data(), v.size());
}
void ByteWriter::vector(const Eigen::VectorXd& v) {
  u64(static_cast<std::uint64_t>(v.size()));
  f64s(v.data(), static_cast<std::size_t>(v.size()));
}
void ByteWriter::matrix(const Eigen::MatrixXd& m) {
  u64(static_cast<std::uint64_t>(m.rows()));
  u64(static_cast<std::uint64_t>(m.cols()));
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) f64(m(i, j));
}
void ByteWriter::ids(const std::vector<std::int64_t>& v) {
  u64(v.size());
  for (std::int64_t id : v) i64(id);
}
void ByteWriter::raw(const void* data, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  bytes_.insert(bytes_.end(), p, p + size);
}

ByteReader::ByteReader(const unsigned char* data, std::size_t size, std::string what)
    : data_(data), size_(size), what_(std::move(what)) {}

void ByteReader::fail(const std::string& field, const std::string& problem) const {
  throw FormatError(what_ + ": " + field + " at byte " + std::to_string(position_) + ": " + problem);
}

const unsigned char* ByteReader::take(const char* field, std::size_t n) {
  if (n > remaining())
    fail(field, "needs " + std::to_string(n) + " bytes, " + std::to_string(remaining()) + " left (truncated?)");
  const unsigned char* p = data_ + position_;
  position_ += n;
  return p;
}

std::uint8_t ByteReader::u8(const char* field) { return *take(field, 1); }
std::uint32_t ByteReader::u32(const char* field) {
  const unsigned char* p = take(field, 4);
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
std::uint64_t ByteReader::u64(const char* field) { return load_u64(take(field, 8)); }
double ByteReader::f64(const char* field) { return load_f64(take(field, 8)); }
void ByteReader::raw(const char* field, unsigned char* out, std::size_t n) {
  const unsigned char* p = take(field, n);
  if (n > 0) std::memcpy(out, p, n);
}
void ByteReader::f64s(const char* field, double* out, std::size_t n) {
  if (n > remaining() / 8)
    fail(field, "needs " + std::to_string(n) + " doubles, " + std::to_string(remaining()) + " bytes left (truncated?)");
  const unsigned char* p = take(field, 8 * n);
  if (kLittleEndian) {
    if (n > 0) std::memcpy(out, p, 8 * n);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) out[i] = load_f64(p + 8 * i);
}

std::uint64_t ByteReader::count(const char* field, std::size_t element_bytes) {
  const std::uint64_t n = u64(field);
  if (element_bytes > 0 && n > remaining() / element_bytes)
    fail(field, "claims " + std::to_string(n) + " elements, more than the " + std::to_string(remaining()) +
                    " bytes left hold");
  return n;
}

std::string ByteReader::text(const char* field) {
  const std::uint64_t n = count(field, 1);
  const unsigned char* p = take(field, static_cast<std::size_t>(n));
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
}

Eigen::VectorXd ByteReader::vector(const char* field) {
  const std::uint64_t n = count(field, 8);
  Eigen::VectorXd v(static_cast<Eigen::Index>(n));
  f64s(field, v.data(), static_cast<std::size_t>(n));
  return v;
}

Eigen::MatrixXd ByteReader::matrix(const char* field) {
  const std::uint64_t rows = u64(field);
  const std::uint64_t cols = count(field, 8);
  if (rows != 0 && cols > remaining() / 8 / rows) fail(field, "claims a matrix larger than the bytes left");
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = f64(field);
  return m;
}

std::vector<std::int64_t> ByteReader::ids(const char* field) {
  const std::uint64_t n = count(field, 8);
  std::vector<std::int64_t> out(static_cast<std::size_t>(n));
  for (std::int64_t& id : out) id = i64(field);
  return out;
}

void ByteReader::expect_end() const {
  if (remaining() != 0) fail("end", std::to_string(remaining()) + " unexpected trailing bytes");
}

}  // namespace lethe
