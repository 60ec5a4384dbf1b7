// Mathematical constants used across the families, written once.
#pragma once

namespace lethe {

constexpr double kPi = 3.14159265358979323846;
// log(2π): the normalising constant of every Gaussian density in the library.
constexpr double kLog2Pi = 1.8378770664093454836;

}  // namespace lethe
