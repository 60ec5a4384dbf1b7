// Lethe, the library proper: every public header of every method family.
// The experiments (the method report's protocols) are applications built on it and
// have their own umbrella, <lethe/experiments.hpp>.
#pragma once

#include <lethe/base.hpp>
#include <lethe/bif.hpp>
#include <lethe/bnn.hpp>
#include <lethe/exact.hpp>
#include <lethe/model.hpp>
#include <lethe/variational.hpp>
