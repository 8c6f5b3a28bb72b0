// The NumPy differential runner's shared pieces: a case read from the manifest that
// gen_cases.py writes, the loading of its inputs (.npy arrays in one data file, read with
// tensr's load_npy) as views of a chosen layout, the comparison of tensr's results with
// NumPy's, and the registry that maps an op family, its input dtypes and ranks to the
// compiled function that runs it.
//
// Instantiations are the cost here (the rank is a template parameter): each family's .cpp
// registers only the dtype x rank combinations listed in it, and the generator draws its
// cases from that list (`runner --list`), so the two never disagree.
#pragma once

// The parts of tensr under test, not the umbrella header: the runner's files then skip
// parsing the GEMM kernels and the nn layers, which keeps each of them quick to compile.
// (CMakeLists.txt defines TENSR_ALLOW_INTERNAL_HEADERS for them.)
#include <tensr/core/tensor.hpp>
#include <tensr/core/views.hpp>
#include <tensr/io/npy.hpp>
#include <tensr/ops/elementwise.hpp>
#include <tensr/ops/reduce.hpp>
#include <tensr/ops/scan.hpp>
#include <tensr/ops/softmax.hpp>
#include <tensr/ops/statistics.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace diff {

using tensr::index_t;

/// NumPy's dtype code of T ("f4", "i8", "b1", ...).
template <class T>
std::string code() {
  const char kind = std::is_same_v<T, bool>       ? 'b'
                    : std::is_floating_point_v<T> ? 'f'
                    : std::is_signed_v<T>         ? 'i'
                                                  : 'u';
  return std::string{kind, static_cast<char>('0' + sizeof(T))};
}

template <class T>
concept scalar = std::is_arithmetic_v<T>;

/// An input of a registered function: a tensor of rank R, seen through the case's layout.
template <class T, std::size_t R>
struct tensor_in {
  using type = tensr::TensorView<const T, R>;
  static std::string spec() { return code<T>() + ":" + std::to_string(R); }
};
/// An input that is a C++ scalar (stored as a 0-d array).
template <class T>
struct scalar_in {
  using type = T;
  static std::string spec() { return code<T>() + ":s"; }
};

/// The largest error seen, in units in the last place of the expected value.
struct error_stats {
  double max_ulp = 0;
};

/// One case: the manifest line, its parameters, and the data it reads.
class Case {
 public:
  Case(std::string line, std::istream& data, std::string dir);

  /// The data file, at the case's next array.
  std::istream& data() { return *data_; }
  /// The directory of the case files.
  const std::string& dir() const { return dir_; }

  const std::string& line() const { return line_; }
  const std::string& family() const { return family_; }
  const std::string& op() const { return op_; }
  /// family and input specs without layouts: the registry key.
  std::string key() const;

  bool has(const std::string& name) const { return params_.count(name) != 0; }
  const std::string& param(const std::string& name) const;
  index_t int_param(const std::string& name) const { return std::stoll(param(name)); }
  /// "a,b,c" as integers.
  std::vector<index_t> ints_param(const std::string& name) const;

  /// The next input: read from the data file (flat; its shape is in the manifest, which
  /// keeps load_npy to one instantiation per type here), seen through the case's layout.
  template <class In>
  typename In::type input() {
    const std::size_t i = next_input_++;
    if constexpr (requires { typename In::type::value_type; }) {
      using T = typename In::type::value_type;
      constexpr std::size_t R = In::type::rank;
      auto t = std::make_shared<tensr::Tensor<T, 1>>(tensr::load_npy<T, 1>(*data_));
      held_.push_back(t);
      return with_layout(tensr::TensorView<const T, R>(t->data(), shape_of<R>(shapes_.at(i))),
                         layouts_.at(i));
    } else {
      return tensr::load_npy<typename In::type, 1>(*data_)(0);
    }
  }

  /// Compares a result with the next expected array: NumPy's shape (from the manifest's
  /// `out`, shapes separated by | when a case has several results), and its values (the
  /// next array in the data file, flat), which must have the same dtype. A float result of a
  /// case with `bound` (sums of products) is instead compared with a float64 reference and
  /// a float64 error bound per element, the next two arrays (see check_bounded).
  template <class T, std::size_t R>
  void check(const tensr::Tensor<T, R>& got) {
    std::istringstream outs(param("out"));
    std::string text;
    for (std::size_t i = 0; i <= next_output_; ++i) std::getline(outs, text, '|');
    ++next_output_;
    if (std::vector<index_t>(got.shape().begin(), got.shape().end()) != parse_shape(text)) {
      fail("shape " + tensr::detail::shape_str(got.shape()) + ", NumPy " + text);
      return;
    }
    if constexpr (std::is_floating_point_v<T>) {
      if (has("bound")) return check_bounded(got.data(), got.size());
    }
    tensr::Tensor<T, 1> want;
    try {
      want = tensr::load_npy<T, 1>(*data_);
    } catch (const tensr::io_error& e) {
      std::string what = "result type differs from NumPy's: tensr gives ";
      what += code<T>();
      what += std::string("; ") + e.what();
      fail(what);
      return;
    }
    compare(got.data(), want.data(), got.size());
  }
  /// A reduction over every element gives a value: compared with a 0-d expected array.
  template <scalar T>
  void check(T got) {
    check(tensr::Tensor<T, 0>(got));
  }

  void fail(const std::string& what);
  /// "[2,3]" as a vector.
  static std::vector<index_t> parse_shape(const std::string& text);
  bool failed() const { return !failure_.empty(); }
  const std::string& failure() const { return failure_; }
  double max_ulp() const { return max_ulp_; }
  /// The largest |tensr - reference| / bound seen in a bounded comparison (0 when none).
  double max_bound_use() const { return max_bound_use_; }

 private:
  template <class T, std::size_t R>
  static tensr::TensorView<const T, R> with_layout(tensr::TensorView<const T, R> v,
                                                   const std::string& layout) {
    // The generator stored the array so that this view of it is the case's input.
    if (layout == "t") return v.t();
    if (layout == "f") return v.flip();
    if constexpr (R > 0) {
      if (layout == "s") return v(tensr::ellipsis, tensr::range(tensr::none, tensr::none, 2));
    }
    if (layout != "c") throw std::invalid_argument("unknown layout " + layout);
    return v;
  }

  template <std::size_t R>
  static tensr::shape_t<R> shape_of(const std::vector<index_t>& s) {
    if (s.size() != R) throw std::invalid_argument("manifest: a shape of the wrong rank");
    tensr::shape_t<R> r{};
    for (std::size_t i = 0; i < R; ++i) r[i] = s[i];
    return r;
  }

  template <class T>
  void compare(const T* got, const T* want, index_t n) {
    for (index_t i = 0; i < n; ++i) {
      if (!close(got[i], want[i])) {
        std::ostringstream os;
        os.precision(std::is_same_v<T, float> ? 9 : 17);
        os << "element " << i << " (flat, C order) of " << n << ": tensr " << +got[i] << ", NumPy "
           << +want[i];
        fail(os.str());
        return;
      }
    }
  }
  /// |got - ref| <= bound elementwise, ref and bound as gen_cases.py wrote them (float64;
  /// the bound's derivation is in gen_cases.py, "Sums of products"). The difference is taken
  /// in long double, so that it adds no rounding of its own worth mentioning to a float64
  /// result's.
  template <class T>
  void check_bounded(const T* got, index_t n) {
    const tensr::Tensor<double, 1> ref = tensr::load_npy<double, 1>(*data_);
    const tensr::Tensor<double, 1> bound = tensr::load_npy<double, 1>(*data_);
    if (ref.size() != n || bound.size() != n) {
      fail("the data file has " + std::to_string(ref.size()) + " reference values and " +
           std::to_string(bound.size()) + " bounds for " + std::to_string(n) + " elements");
      return;
    }
    for (index_t i = 0; i < n; ++i) {
      const long double d =
          std::fabs(static_cast<long double>(got[i]) - static_cast<long double>(ref(i)));
      if (!(d <= bound(i))) {  // (NaN fails)
        std::ostringstream os;
        os.precision(17);
        os << "element " << i << " (flat, C order) of " << n << ": tensr " << +got[i]
           << ", reference " << ref(i) << ", error " << static_cast<double>(d) << " > bound "
           << bound(i);
        fail(os.str());
        return;
      }
      if (bound(i) > 0)
        max_bound_use_ = std::max(max_bound_use_, static_cast<double>(d) / bound(i));
    }
  }

  template <class T>
  bool close(T got, T want) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(want) || std::isnan(got)) return std::isnan(want) && std::isnan(got);
      if (std::isinf(want) || std::isinf(got)) return got == want;
      const double d = std::fabs(static_cast<double>(got) - static_cast<double>(want));
      // Errors in ulp are measured where the tolerance is relative (elementwise ops); a
      // reduction's absolute tolerance allows results near 0 that are many ulp off.
      if (d > 0 && atol_ < 1e-30) {
        const T aw = std::fabs(want);
        const double ulp =
            static_cast<double>(std::nextafter(aw, std::numeric_limits<T>::infinity()) - aw);
        max_ulp_ = std::max(max_ulp_, d / ulp);
      }
      return d <= atol_ + rtol_ * std::fabs(static_cast<double>(want));
    } else {
      return got == want;
    }
  }

  std::string line_, dir_, family_, op_;
  std::vector<std::string> specs_, layouts_;
  std::vector<std::vector<index_t>> shapes_;
  std::map<std::string, std::string> params_;
  std::istream* data_;
  std::size_t next_input_ = 0, next_output_ = 0;
  std::vector<std::shared_ptr<void>> held_;
  double rtol_ = 0, atol_ = 0, max_ulp_ = 0, max_bound_use_ = 0;
  std::string failure_;
};

using case_fn = void (*)(Case&);

/// Op family + input specs -> the function that runs such cases, and the ops it knows when
/// that is not every op of the family (printed by `--list` for the generator).
class Registry {
 public:
  struct entry {
    case_fn fn;
    std::string ops;
  };
  template <class... In>
  void add(const std::string& family, case_fn fn, std::string ops = "") {
    std::string key = family;
    ((key += ' ', key += In::spec()), ...);
    fns_[key] = entry{fn, std::move(ops)};
  }
  case_fn find(const std::string& key) const {
    const auto it = fns_.find(key);
    return it == fns_.end() ? nullptr : it->second.fn;
  }
  const std::map<std::string, entry>& all() const { return fns_; }

 private:
  std::map<std::string, entry> fns_;
};

/// Calls add<tensor_in<T, R>>(family, &F<T, R>) for each R in Rs.
template <class T, template <class, std::size_t> class Fn, std::size_t... Rs>
void add_ranks(Registry& reg, const std::string& family) {
  (reg.add<tensor_in<T, Rs>>(family, &Fn<T, Rs>::run), ...);
}

/// Thrown by a case function when the op is not one its family knows for these types.
struct unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace diff
