// The IDX format of LeCun's MNIST files, which Fashion-MNIST keeps: a big-endian header
// (two zero bytes, a type code, the number of dimensions k, then k sizes as u32) and
// the values, row-major. Only unsigned bytes (type 0x08) occur in (Fashion-)MNIST and
// only they are read; any other type, a short file or trailing bytes is a FormatError
// naming the source.
//
// Debian's `dataset-fashion-mnist` (scripts/setup.sh installs it) puts the four files,
// gzip-compressed, in kFashionMnistDirectory. read_idx_file inflates them with zlib
// (Debian's zlib1g-dev); it is native only: Emscripten's zlib port downloads at build
// time, which this project's builds never do, and a browser has
// DecompressionStream('gzip') and parse_idx instead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace lethe {

inline constexpr const char* kFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

struct IdxArray {
  std::vector<std::uint32_t> shape;  // e.g. {60000, 28, 28}
  std::vector<unsigned char> values;
  // The product of the sizes after the first: values per item (784 for an image).
  std::size_t item_size() const;
};

// The IDX bytes (already inflated) as an array; `source` names them in errors.
IdxArray parse_idx(const std::vector<unsigned char>& bytes, const std::string& source);

// A file of IDX bytes, gzip-compressed (by its magic 1f 8b) or not. Native builds only.
IdxArray read_idx_file(const std::string& path);

// Images with their labels: one row per image, the pixels divided by 255.
struct LabelledImages {
  Eigen::MatrixXd x;
  Eigen::VectorXi labels;
};

// An images array (n × ...) and a labels array (n) of the same n as rows and labels.
LabelledImages labelled_images(const IdxArray& images, const IdxArray& labels, const std::string& source);

// Fashion-MNIST's training ("train") or test ("t10k") part from `directory`.
LabelledImages read_fashion_mnist(const std::string& directory, const std::string& part);

}  // namespace lethe
