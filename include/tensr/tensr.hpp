// tensr: NumPy's semantics in a header-only C++20 tensor library.
// The umbrella header: include this one; the internal paths are not an interface.
#pragma once

// The parts below are internal: each checks that it is included from here (core/internal.hpp).
#define TENSR_UMBRELLA_INCLUDED 1

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/slice.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/core/cpu.hpp"
#include "tensr/core/threads.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/views.hpp"
#include "tensr/core/creation.hpp"
#include "tensr/core/random.hpp"
#include "tensr/core/print.hpp"

#include "tensr/ops/loop.hpp"
#include "tensr/ops/vmath.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/reduce_kernel.hpp"
#include "tensr/ops/reduce.hpp"
#include "tensr/ops/statistics.hpp"
#include "tensr/ops/scan.hpp"
#include "tensr/ops/softmax.hpp"
#include "tensr/ops/join.hpp"
#include "tensr/ops/logic.hpp"
#include "tensr/ops/triangle.hpp"
#include "tensr/ops/sorting.hpp"
#include "tensr/ops/setops.hpp"
#include "tensr/ops/histogram.hpp"
#include "tensr/ops/nanfunctions.hpp"
#include "tensr/ops/quantile.hpp"
#include "tensr/ops/convolve.hpp"

#include "tensr/linalg/gemm_kernels.hpp"
#include "tensr/linalg/gemm_pack.hpp"
#include "tensr/linalg/gemm_engine.hpp"
#include "tensr/linalg/gemm_dispatch.hpp"
#include "tensr/linalg/gemm.hpp"
#include "tensr/linalg/matmul.hpp"
#include "tensr/linalg/einsum_parse.hpp"
#include "tensr/linalg/einsum_plan.hpp"
#include "tensr/linalg/einsum_exec.hpp"
#include "tensr/linalg/einsum.hpp"
#include "tensr/linalg/tensordot.hpp"
#include "tensr/linalg/covariance.hpp"

#include "tensr/nn/init.hpp"
#include "tensr/nn/module.hpp"
#include "tensr/nn/activation.hpp"
#include "tensr/nn/linear.hpp"
#include "tensr/nn/sequential.hpp"
#include "tensr/nn/loss.hpp"
#include "tensr/nn/optim.hpp"

#include "tensr/io/npy.hpp"

#include "tensr/precompiled.hpp"

#include "tensr/core/macro_unscope.hpp"
