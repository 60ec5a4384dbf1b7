// Umbrella header of lethe/experiments/: every public header of the family.
// Generated from the folder's listing; scripts/check-layout.mjs checks it is complete.
#pragma once

#include <lethe/experiments/bnn_fields.hpp>
#include <lethe/experiments/bnn_forgetting.hpp>
#include <lethe/experiments/forgetting_fields.hpp>
#include <lethe/experiments/forgetting_rate.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include <lethe/experiments/gmm_retrain_policy.hpp>
#include <lethe/experiments/idx_reader.hpp>
#include <lethe/experiments/moons_fields.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include <lethe/experiments/option_sets.hpp>
#include <lethe/experiments/page_settings.hpp>
#include <lethe/experiments/scale_fields.hpp>
#include <lethe/experiments/scale_requests.hpp>
#include <lethe/experiments/scale_sweep.hpp>
#include <lethe/experiments/stopwatch.hpp>
