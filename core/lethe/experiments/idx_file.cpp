// read_idx_file and read_fashion_mnist: the file half of idx_reader.hpp. With zlib
// (LETHE_HAVE_ZLIB, the native build) gzip files are inflated; without it (the
// WebAssembly build, where Emscripten's zlib port would download at build time) plain
// IDX files are read and a gzip file is a FormatError saying why.
#if LETHE_HAVE_ZLIB
#include <zlib.h>
#endif

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

#include <lethe/base/errors.hpp>
#include <lethe/experiments/idx_reader.hpp>

namespace lethe {

#if LETHE_HAVE_ZLIB
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
#else
IdxArray read_idx_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FormatError(path + ": cannot open");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
    throw FormatError(path + ": gzip-compressed, and this build has no zlib (the native `lethe` reads it)");
  return parse_idx(bytes, path);
}
#endif

LabelledImages read_fashion_mnist(const std::string& directory, const std::string& part) {
  if (part != "train" && part != "t10k")
    fail_argument("read_fashion_mnist", "part", "must be 'train' or 't10k' (got '" + part + "')");
  const std::string images = directory + "/" + part + "-images-idx3-ubyte.gz";
  const std::string labels = directory + "/" + part + "-labels-idx1-ubyte.gz";
  return labelled_images(read_idx_file(images), read_idx_file(labels), images);
}

}  // namespace lethe
