// Umbrella header of lethe/model/: every public header of the family.
// Generated from the folder's listing; scripts/check-layout.mjs checks it is complete.
#pragma once

#include <lethe/model/bnn_family.hpp>
#include <lethe/model/byte_io.hpp>
#include <lethe/model/checksum.hpp>
#include <lethe/model/class_labels.hpp>
#include <lethe/model/family.hpp>
#include <lethe/model/feature_scaling.hpp>
#include <lethe/model/gp_family.hpp>
#include <lethe/model/linear_family.hpp>
#include <lethe/model/logistic_family.hpp>
#include <lethe/model/membership_audit.hpp>
#include <lethe/model/mixture_family.hpp>
#include <lethe/model/model.hpp>
#include <lethe/model/model_fields.hpp>
#include <lethe/model/model_file.hpp>
#include <lethe/model/posix_volume.hpp>
#include <lethe/model/storage.hpp>
#include <lethe/model/table.hpp>
