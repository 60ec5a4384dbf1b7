#include <lethe/experiments/idx_reader.hpp>

#include <lethe/base/errors.hpp>

namespace lethe {

std::size_t IdxArray::item_size() const {
  std::size_t size = 1;
  for (std::size_t i = 1; i < shape.size(); ++i) size *= shape[i];
  return size;
}

IdxArray parse_idx(const std::vector<unsigned char>& bytes, const std::string& source) {
  const auto fail = [&](const std::string& what) { throw FormatError(source + ": " + what); };
  if (bytes.size() < 4) fail("not an IDX file (" + std::to_string(bytes.size()) + " bytes)");
  if (bytes[0] != 0 || bytes[1] != 0) fail("not an IDX file (the first two bytes are not zero)");
  if (bytes[2] != 0x08) fail("IDX type " + std::to_string(bytes[2]) + " is not unsigned bytes (8)");
  const std::size_t dimensions = bytes[3];
  if (dimensions == 0) fail("IDX file with no dimensions");
  const std::size_t header = 4 + 4 * dimensions;
  if (bytes.size() < header) fail("IDX header cut short");
  IdxArray out;
  std::size_t count = 1;
  for (std::size_t d = 0; d < dimensions; ++d) {
    const unsigned char* p = bytes.data() + 4 + 4 * d;
    const std::uint32_t size =
        (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
    out.shape.push_back(size);
    count *= size;
  }
  if (bytes.size() - header != count)
    fail("IDX data has " + std::to_string(bytes.size() - header) + " bytes, its header says " + std::to_string(count));
  out.values.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return out;
}

LabelledImages labelled_images(const IdxArray& images, const IdxArray& labels, const std::string& source) {
  if (images.shape.size() < 2) throw FormatError(source + ": the images array needs at least 2 dimensions");
  if (labels.shape.size() != 1) throw FormatError(source + ": the labels array needs exactly 1 dimension");
  if (images.shape[0] != labels.shape[0])
    throw FormatError(source + ": " + std::to_string(images.shape[0]) + " images but " +
                      std::to_string(labels.shape[0]) + " labels");
  const auto n = static_cast<Eigen::Index>(images.shape[0]);
  const auto k = static_cast<Eigen::Index>(images.item_size());
  LabelledImages out;
  out.x.resize(n, k);
  out.labels.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < k; ++j) out.x(i, j) = images.values[static_cast<std::size_t>(i * k + j)] / 255.0;
    out.labels(i) = labels.values[static_cast<std::size_t>(i)];
  }
  return out;
}

}  // namespace lethe
