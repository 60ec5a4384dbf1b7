// Umbrella header of lethe/exact/: every public header of the family.
// Generated from the folder's listing; scripts/check-layout.mjs checks it is complete.
#pragma once

#include <lethe/exact/conjugate_regression.hpp>
