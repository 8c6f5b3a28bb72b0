// Tensor<T, Rank>: owning, row-major, 64-byte-aligned storage plus the view of it.
// Copy is deep, move is cheap. Everything a view can do, a Tensor does by handing out
// its view -- but only when it is an lvalue: a view of a temporary Tensor would dangle,
// so view-returning members stop the compilation on rvalues (`make().t()` does not
// compile, and the error says why: detail::view_of_temporary).
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"

TENSR_NAMESPACE_BEGIN

namespace detail {

/// initializer_list nested Rank deep: the type of `{{1, 2}, {3, 4}}` for Rank 2.
template <class T, std::size_t Rank>
struct nested_list {
  using type = std::initializer_list<typename nested_list<T, Rank - 1>::type>;
};
template <class T>
struct nested_list<T, 1> {
  using type = std::initializer_list<T>;
};
template <class T>
struct nested_list<T, 0> {  // unused: rank 0 has no nested form
  struct type {};
};

template <class T, std::size_t Rank, std::size_t D = 0, class L>
void nested_shape(const L& list, shape_t<Rank>& shape) {
  shape[D] = static_cast<index_t>(list.size());
  if constexpr (D + 1 < Rank) {
    if (list.size() > 0) nested_shape<T, Rank, D + 1>(*list.begin(), shape);
  }
}

template <class T, std::size_t Rank, std::size_t D = 0, class L>
void nested_copy(const L& list, const shape_t<Rank>& shape, T*& out) {
  if (static_cast<index_t>(list.size()) != shape[D])
    throw shape_error("ragged nested initializer list: axis " + std::to_string(D) + " has sizes " +
                      std::to_string(shape[D]) + " and " + std::to_string(list.size()));
  for (const auto& item : list) {
    if constexpr (D + 1 < Rank)
      nested_copy<T, Rank, D + 1>(item, shape, out);
    else
      *out++ = static_cast<T>(item);
  }
}

}  // namespace detail

/// An owning tensor: Rank axes of row-major, 64-byte-aligned elements of type T (NumPy's
/// ndarray with its dtype and ndim in the type). Copy is deep, move is cheap; on an lvalue,
/// every view member of TensorView is here too, returning a view of this tensor.
template <class T, std::size_t Rank>
class Tensor {
  static_assert(element<T> && !std::is_const_v<T>,
                "tensr: Tensor<T, Rank> needs a non-const arithmetic or bool element type");

 public:
  using element_type = T;
  using value_type = T;
  static constexpr std::size_t rank = Rank;

  /// All sizes 0 (rank 0: one zero element).
  Tensor() : Tensor(shape_t<Rank>{}) {}

  /// Zeros of the given shape: `Tensor<float, 2> a({2, 3});`
  explicit Tensor(const shape_t<Rank>& shape) : Tensor(shape, Storage<T>::uninitialized) {
    view_.fill(T{});
  }
  /// The same for a braced shape. Binding `{5}` to an array is a standard conversion, so
  /// `Tensor<float, 1>({5})` is five zeros, not ambiguous with a Tensor made from the value 5.
  explicit Tensor(const index_t (&shape)[Rank > 0 ? Rank : 1]) requires(Rank > 0)
      : Tensor(std::to_array(shape)) {}
  /// `shape` filled with `value`.
  Tensor(const shape_t<Rank>& shape, T value) : Tensor(shape, Storage<T>::uninitialized) {
    view_.fill(value);
  }
  /// Uninitialized elements of the given shape (for results about to be overwritten).
  Tensor(const shape_t<Rank>& shape, typename Storage<T>::uninitialized_t)
      : storage_(detail::checked_size(shape), Storage<T>::uninitialized),
        view_(storage_.data(), shape, detail::row_major_strides(shape), detail::trusted) {}

  /// Nested braces give the data, rank 2 and up: `Tensor<float, 2>{{1, 2, 3}, {4, 5, 6}}`.
  Tensor(typename detail::nested_list<T, Rank>::type values) requires(Rank >= 2) {
    shape_t<Rank> shape{};
    detail::nested_shape<T, Rank>(values, shape);
    *this = Tensor(shape, Storage<T>::uninitialized);
    T* out = storage_.data();
    detail::nested_copy<T, Rank>(values, shape, out);
  }
  /// Rank 1 from values: `Tensor<float, 1>{1, 2, 3}`. (A shape is always braced:
  /// `Tensor<float, 1>({5})` is five zeros, `Tensor<float, 1>{5}` is the value 5.)
  template <element... V>
  requires(Rank == 1 && sizeof...(V) >= 1) explicit(sizeof...(V) == 1) Tensor(V... values)
      : Tensor(shape_t<1>{static_cast<index_t>(sizeof...(V))}, Storage<T>::uninitialized) {
    T* out = storage_.data();
    ((*out++ = static_cast<T>(values)), ...);
  }
  /// Rank 0 from its value.
  Tensor(T value) requires(Rank == 0) : Tensor(shape_t<0>{}, value) {}

  /// A row-major copy of any tensor or view of the same rank (converting elements).
  template <tensor_like Src>
  requires(rank_of<Src> == Rank) explicit(!std::is_same_v<value_type_of<Src>, T>)
      Tensor(const Src& src)
      : Tensor(src.shape(), Storage<T>::uninitialized) {
    const auto v = as_view(src);
    detail::strided_copy(storage_.data(), v.shape(), view_.strides(), v.data(), v.strides());
  }

  Tensor(const Tensor& other) : storage_(other.storage_), view_(rebound(other.view_)) {}
  Tensor(Tensor&& other) noexcept
      : storage_(std::move(other.storage_)), view_(rebound(other.view_)) {
    other.reset_empty();
  }
  Tensor& operator=(const Tensor& other) {
    if (this != &other) *this = Tensor(other);
    return *this;
  }
  Tensor& operator=(Tensor&& other) noexcept {
    storage_ = std::move(other.storage_);
    set_view(other.view_);
    other.reset_empty();
    return *this;
  }
  /// Replaces the contents (and shape) by a copy of src.
  template <tensor_like Src>
  requires(rank_of<Src> == Rank) Tensor& operator=(const Src& src) {
    return *this = Tensor(as_view(src));
  }
  ~Tensor() = default;

  // ---- views of this tensor (lvalues only) ----------------------------------------------
  // On rvalues (const&& catches const and non-const ones) these stop with tensr's sentence;
  // they are templates so that only a use instantiates them. A deleted overload would say
  // only "use of deleted function".
  TensorView<T, Rank> view() & noexcept { return view_; }
  TensorView<const T, Rank> view() const& noexcept { return view_; }
  template <class Self = Tensor>
  auto view() const&& {
    (void)detail::view_of_temporary<const Self&&>{};
    return cview();
  }
  operator TensorView<T, Rank>() & noexcept { return view_; }
  operator TensorView<const T, Rank>() const& noexcept { return view_; }
  template <class Self = Tensor>
  operator TensorView<T, Rank>() && {
    (void)detail::view_of_temporary<Self&&>{};
    return view_;
  }
  template <class Self = Tensor>
  operator TensorView<const T, Rank>() const&& {
    (void)detail::view_of_temporary<const Self&&>{};
    return view_;
  }

  // ---- layout ----------------------------------------------------------------------------
  T* data() noexcept { return storage_.data(); }
  const T* data() const noexcept { return storage_.data(); }
  const shape_t<Rank>& shape() const noexcept { return view_.shape(); }
  index_t shape(index_t axis) const { return view_.shape(axis); }
  const shape_t<Rank>& strides() const noexcept { return view_.strides(); }
  index_t strides(index_t axis) const { return view_.strides(axis); }
  index_t size() const noexcept { return storage_.size(); }
  bool empty() const noexcept { return size() == 0; }
  constexpr bool is_contiguous() const noexcept { return true; }

  // ---- elements --------------------------------------------------------------------------
  /// a(i, j, ...): the element (unchecked) or, with slice arguments, a view.
  template <slice_arg... I>
  decltype(auto) operator()(I... idx) & {
    return view_(idx...);
  }
  template <slice_arg... I>
  decltype(auto) operator()(I... idx) const& {
    return cview()(idx...);
  }
  /// On a temporary only element reads are allowed (they return a value); a slice of a
  /// temporary would dangle.
  template <slice_arg... I>
  requires(!detail::is_element_access<Rank, I...>) auto operator()(I... idx) const&& {
    (void)detail::view_of_temporary<const Tensor&&>{};
    return cview()(idx...);
  }
  template <int_index... I>
  requires(sizeof...(I) == Rank) T operator()(I... idx) && { return view_(idx...); }

  template <class... I>
  T& at(I... idx) & {
    return view_.at(idx...);
  }
  template <class... I>
  const T& at(I... idx) const& {
    return cview().at(idx...);
  }
  template <class... I>
  T at(I... idx) && {
    return view_.at(idx...);
  }

  T& item() & requires(Rank == 0) { return *storage_.data(); }
  T item() const& requires(Rank == 0) { return *storage_.data(); }
  T item() && requires(Rank == 0) { return *storage_.data(); }
  operator T() const requires(Rank == 0) { return *storage_.data(); }

  void fill(T value) noexcept { std::fill_n(storage_.data(), size(), value); }

  /// Internal: an owner of this tensor's elements that keeps them alive after the tensor is
  /// gone or moved (nn's modules keep the tensors of their last forward this way).
  detail::shared_buffer<T> share_storage() const noexcept { return storage_.share(); }

  /// Elements converted to U (NumPy's astype).
  template <class U>
  Tensor<U, Rank> astype() const {
    return Tensor<U, Rank>(cview());
  }

  /// numpy's a @ b (tensr::matmul) and a.dot(b) (tensr::dot); the results own their data,
  /// so these work on temporaries too.
  template <tensor_like B>
  auto matmul(const B& b) const {
    return detail::adl_matmul(cview(), b);
  }
  template <tensor_like B>
  auto dot(const B& b) const {
    return detail::adl_dot(cview(), b);
  }

  Tensor copy() const { return *this; }
  Tensor contiguous() const& { return *this; }
  Tensor contiguous() && { return std::move(*this); }

  // ---- view-returning members: the view's, on lvalues; an error on rvalues -----------------
  // (On a temporary the compiler stops with "tensr: a view of a temporary Tensor would
  // dangle; bind it to a variable first".)
#define TENSR_FORWARD_VIEW(decl, call)               \
  auto decl& { return view_.call; }                  \
  auto decl const& { return cview().call; }          \
  template <class Self = Tensor>                     \
  auto decl const&& {                                \
    (void)detail::view_of_temporary<const Self&&>{}; \
    return cview().call;                             \
  }

  TENSR_FORWARD_VIEW(t(), t())
  TENSR_FORWARD_VIEW(transpose(), transpose())
  TENSR_FORWARD_VIEW(transpose(const shape_t<Rank>& axes), transpose(axes))
  TENSR_FORWARD_VIEW(permute(const shape_t<Rank>& axes), permute(axes))
  TENSR_FORWARD_VIEW(swapaxes(index_t axis1, index_t axis2), swapaxes(axis1, axis2))
  TENSR_FORWARD_VIEW(moveaxis(index_t source, index_t destination), moveaxis(source, destination))
  TENSR_FORWARD_VIEW(flip(), flip())
  TENSR_FORWARD_VIEW(flip(index_t axis), flip(axis))
  TENSR_FORWARD_VIEW(expand_dims(index_t axis), expand_dims(axis))
  TENSR_FORWARD_VIEW(squeeze(index_t axis), squeeze(axis))
  TENSR_FORWARD_VIEW(diagonal(index_t offset = 0, index_t axis1 = 0, index_t axis2 = 1),
                     diagonal(offset, axis1, axis2))
#undef TENSR_FORWARD_VIEW

  template <std::size_t NewRank>
  TensorView<T, NewRank> squeeze() & {
    return view_.template squeeze<NewRank>();
  }
  template <std::size_t NewRank>
  TensorView<const T, NewRank> squeeze() const& {
    return cview().template squeeze<NewRank>();
  }
  template <std::size_t NewRank>
  auto squeeze() const&& {
    (void)detail::view_of_temporary<const Tensor&&>{};
    return cview().template squeeze<NewRank>();
  }

  template <std::size_t NewRank>
  TensorView<T, NewRank> reshape(const shape_t<NewRank>& shape) & {
    return view_.reshape(shape);
  }
  template <std::size_t NewRank>
  TensorView<const T, NewRank> reshape(const shape_t<NewRank>& shape) const& {
    return cview().reshape(shape);
  }
  /// The wrong number of braced sizes: a compile error stating both counts.
  template <std::size_t NewRank, std::size_t K>
  requires(K != NewRank) auto reshape(const index_t (&shape)[K]) const {
    return cview().template reshape<NewRank>(shape);
  }
  /// On a temporary, reshape keeps the storage and returns a Tensor (no copy, no dangling).
  template <std::size_t NewRank>
  Tensor<T, NewRank> reshape(const shape_t<NewRank>& shape) && {
    const auto v = view_.reshape(shape);
    return Tensor<T, NewRank>(std::move(storage_), v.shape());
  }

 private:
  template <class, std::size_t>
  friend class Tensor;

  /// Adopts storage already holding product(shape) elements.
  Tensor(Storage<T>&& storage, const shape_t<Rank>& shape)
      : storage_(std::move(storage)),
        view_(storage_.data(), shape, detail::row_major_strides(shape), detail::trusted) {}

  TensorView<const T, Rank> cview() const noexcept { return view_; }

  TensorView<T, Rank> rebound(const TensorView<T, Rank>& v) noexcept {
    return {storage_.data(), v.shape(), v.strides(), detail::trusted};
  }
  void set_view(const TensorView<T, Rank>& v) noexcept {
    // Views assign elements, so a Tensor re-seats its own view by reconstruction.
    std::destroy_at(&view_);
    std::construct_at(&view_, rebound(v));
  }
  void reset_empty() noexcept {
    Storage<T> none;
    storage_.swap(none);
    shape_t<Rank> zero{};
    // Moved-from: empty storage (for rank 0 too: assign before reading it again).
    std::destroy_at(&view_);
    std::construct_at(&view_, storage_.data(), zero, zero, detail::trusted);
  }

  Storage<T> storage_;
  TensorView<T, Rank> view_;
};

TENSR_NAMESPACE_END
