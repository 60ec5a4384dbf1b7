// Umbrella header of lethe/bnn/: every public header of the family.
// Generated from the folder's listing; scripts/check-layout.mjs checks it is complete.
#pragma once

#include <lethe/bnn/bnn_energy.hpp>
#include <lethe/bnn/chain.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/bnn/influence.hpp>
#include <lethe/bnn/mean_field.hpp>
#include <lethe/bnn/measures.hpp>
#include <lethe/bnn/membership.hpp>
#include <lethe/bnn/mlp.hpp>
#include <lethe/bnn/variational_forgetting.hpp>
