// Mathematical constants used across the families, written once.
#pragma once

namespace lethe {

constexpr double kPi = 3.14159265358979323846;
// log(2π): the normalising constant of every Gaussian density in the library.
constexpr double kLog2Pi = 1.8378770664093454836;

// The largest integer a double (and so a JavaScript number) holds exactly, 2⁵³ − 1:
// the bound of seeds.
constexpr double kLargestExactInteger = 9007199254740991.0;

// Labels 0..C−1 beyond which a target column is taken for a mistake (an id or a
// measurement column picked as the target), not a class.
constexpr int kMaxClassLabels = 1000000;

}  // namespace lethe
