// read_idx_file and read_fashion_mnist: the native half of idx_reader.hpp (zlib).
#include <zlib.h>

#include <cstdio>
#include <memory>

#include <lethe/base/errors.hpp>
#include <lethe/experiments/idx_reader.hpp>

namespace lethe {

IdxArray read_idx_file(const std::string& path) {
  // gzread reads a file without the gzip magic as it is, so one path serves both.
  const std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), gzclose);
  if (!file) throw FormatError(path + ": cannot open (is dataset-fashion-mnist installed? scripts/setup.sh)");
  std::vector<unsigned char> bytes;
  unsigned char buffer[1 << 16];
  for (;;) {
    const int got = gzread(file.get(), buffer, sizeof buffer);
    if (got < 0) {
      int code = 0;
      throw FormatError(path + ": " + gzerror(file.get(), &code));
    }
    if (got == 0) break;
    bytes.insert(bytes.end(), buffer, buffer + got);
  }
  return parse_idx(bytes, path);
}

LabelledImages read_fashion_mnist(const std::string& directory, const std::string& part) {
  if (part != "train" && part != "t10k")
    fail_argument("read_fashion_mnist", "part", "must be 'train' or 't10k' (got '" + part + "')");
  const std::string images = directory + "/" + part + "-images-idx3-ubyte.gz";
  const std::string labels = directory + "/" + part + "-labels-idx1-ubyte.gz";
  return labelled_images(read_idx_file(images), read_idx_file(labels), images);
}

}  // namespace lethe
