// Storage<T>: an owning, 64-byte-aligned buffer of n elements. It is the only thing a
// Tensor owns beyond its layout; copying it is deep, moving it is a pointer swap.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <new>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"

TENSR_NAMESPACE_BEGIN

/// Alignment of every owned buffer: one cache line, and one AVX-512 register.
inline constexpr std::size_t storage_alignment = 64;

template <class T>
class Storage {
  static_assert(std::is_trivially_copyable_v<T>, "tensr: element types must be trivially copyable");

 public:
  Storage() noexcept = default;

  /// n value-initialized (zero) elements.
  explicit Storage(index_t n) : Storage(n, uninitialized) { std::fill_n(data_, size_, T{}); }

  struct uninitialized_t {};
  static constexpr uninitialized_t uninitialized{};

  /// n elements left uninitialized (for `empty` and for results about to be overwritten).
  Storage(index_t n, uninitialized_t) : size_(n) {
    if (n < 0) throw shape_error("negative storage size " + std::to_string(n));
    if (n == 0) return;
    if (static_cast<std::size_t>(n) > std::numeric_limits<std::size_t>::max() / sizeof(T))
      throw shape_error("tensor of " + std::to_string(n) + " elements is too large to allocate");
    data_ = static_cast<T*>(::operator new (static_cast<std::size_t>(n) * sizeof(T),
                                            std::align_val_t{storage_alignment}));
  }

  Storage(const Storage& other) : Storage(other.size_, uninitialized) {
    std::copy_n(other.data_, size_, data_);
  }
  Storage(Storage&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

  Storage& operator=(const Storage& other) {
    if (this != &other) {
      Storage tmp(other);
      swap(tmp);
    }
    return *this;
  }
  Storage& operator=(Storage&& other) noexcept {
    Storage tmp(std::move(other));
    swap(tmp);
    return *this;
  }
  ~Storage() { release(); }

  void swap(Storage& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
  }

  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  index_t size() const noexcept { return size_; }

 private:
  void release() noexcept {
    if (data_) ::operator delete (data_, std::align_val_t{storage_alignment});
    data_ = nullptr;
    size_ = 0;
  }

  T* data_ = nullptr;
  index_t size_ = 0;
};

TENSR_NAMESPACE_END
