// Umbrella header of lethe/base/: every public header of the family.
// Generated from the folder's listing; scripts/check-layout.mjs checks it is complete.
#pragma once

#include <lethe/base/active_rows.hpp>
#include <lethe/base/adam.hpp>
#include <lethe/base/constants.hpp>
#include <lethe/base/csv.hpp>
#include <lethe/base/datasets.hpp>
#include <lethe/base/dense_product.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/fields.hpp>
#include <lethe/base/format.hpp>
#include <lethe/base/gauss_hermite.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/base/importance_weights.hpp>
#include <lethe/base/json.hpp>
#include <lethe/base/lbfgs.hpp>
#include <lethe/base/logistic.hpp>
#include <lethe/base/names.hpp>
#include <lethe/base/option_spec.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/base/row_selection.hpp>
#include <lethe/base/version.hpp>
