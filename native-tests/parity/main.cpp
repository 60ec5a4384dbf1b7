// `lethe_parity exact|variational|bif`: prints one area's fixed-seed results as JSON.
#include <iostream>
#include <string>

#include "parity.hpp"

int main(int argc, char** argv) {
  const std::string area = argc > 1 ? argv[1] : "exact";
  if (area == "exact")
    std::cout << lethe::parity::exact_json() << "\n";
  else if (area == "variational")
    std::cout << lethe::parity::variational_json() << "\n";
  else if (area == "bif")
    std::cout << lethe::parity::bif_json() << "\n";
  else {
    std::cerr << "usage: lethe_parity exact|variational|bif (got '" << area << "')\n";
    return 2;
  }
  return 0;
}
