// Umbrella header of lethe/variational/: every public header of the family.
// Generated from the folder's listing; scripts/check-layout.mjs checks it is complete.
#pragma once

#include <lethe/variational/adjusted_likelihood.hpp>
#include <lethe/variational/covariance_form.hpp>
#include <lethe/variational/eubo.hpp>
#include <lethe/variational/gaussian_linear_likelihood.hpp>
#include <lethe/variational/learning.hpp>
#include <lethe/variational/likelihood_model.hpp>
#include <lethe/variational/natural_gradient_learning.hpp>
#include <lethe/variational/options.hpp>
#include <lethe/variational/predictive_kl.hpp>
#include <lethe/variational/reverse_kl.hpp>
#include <lethe/variational/sparse_gp_classifier.hpp>
#include <lethe/variational/variational_family.hpp>
