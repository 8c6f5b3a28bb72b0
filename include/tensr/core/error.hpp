// The exceptions tensr throws. Shape problems name the shapes involved, index
// problems name the axis, the index and the size (see SPEC §11).
#pragma once

#include "tensr/core/internal.hpp"

#include <stdexcept>
#include <string>

#include "tensr/core/config.hpp"

TENSR_NAMESPACE_BEGIN

/// Shapes, broadcasting, axes or ranks that do not fit together.
class shape_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// A malformed einsum specification; the message points at the bad position.
class einsum_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// A file that cannot be read or written, or whose contents are malformed.
class io_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

TENSR_NAMESPACE_END
