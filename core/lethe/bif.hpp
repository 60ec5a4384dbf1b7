// Umbrella header of lethe/bif/: every public header of the family.
// Generated from the folder's listing; scripts/check-layout.mjs checks it is complete.
#pragma once

#include <lethe/bif/energy.hpp>
#include <lethe/bif/gaussian_mixture_model.hpp>
#include <lethe/bif/influence_forgetting.hpp>
#include <lethe/bif/logistic_regression.hpp>
#include <lethe/bif/mcmc_forgetting.hpp>
#include <lethe/bif/mean_field_vi.hpp>
#include <lethe/bif/newton_minimiser.hpp>
#include <lethe/bif/sampled_hessian.hpp>
#include <lethe/bif/sg_mcmc.hpp>
