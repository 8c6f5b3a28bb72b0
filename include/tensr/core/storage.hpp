// Storage<T>: an owning, 64-byte-aligned buffer of n elements. It is the only thing a
// Tensor owns beyond its layout; copying it is deep, moving it is a pointer swap. A
// shared_buffer keeps a buffer alive after its Storage is gone (a reference count in a
// header before the elements): nn's modules keep the tensors of their last forward this way,
// as PyTorch's autograd saves tensors, instead of copying them.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <atomic>
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

namespace detail {

/// The header before every allocated buffer: how many owners it has (a Storage and the
/// shared_buffers made from it). One alignment unit, so the elements stay aligned.
struct alignas(storage_alignment) storage_header {
  std::atomic<std::ptrdiff_t> owners{1};
};

inline storage_header* header_of(const void* data) noexcept {
  return reinterpret_cast<storage_header*>(const_cast<char*>(static_cast<const char*>(data)) -
                                           sizeof(storage_header));
}

/// Drops one owner of the buffer whose elements start at data; the last frees it.
inline void release_buffer(const void* data) noexcept {
  if (!data) return;
  storage_header* h = header_of(data);
  if (h->owners.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    h->~storage_header();
    ::operator delete (h, std::align_val_t{storage_alignment});
  }
}

/// A read-only owner of a Storage's buffer: the elements stay valid while it exists, whatever
/// happens to the Storage (a move, its destruction). Copying it adds an owner.
template <class T>
class shared_buffer {
 public:
  shared_buffer() noexcept = default;
  explicit shared_buffer(const T* data) noexcept : data_(data) {
    if (data_) header_of(data_)->owners.fetch_add(1, std::memory_order_relaxed);
  }
  shared_buffer(const shared_buffer& o) noexcept : shared_buffer(o.data_) {}
  shared_buffer(shared_buffer&& o) noexcept : data_(std::exchange(o.data_, nullptr)) {}
  shared_buffer& operator=(shared_buffer o) noexcept {
    std::swap(data_, o.data_);
    return *this;
  }
  ~shared_buffer() { release_buffer(data_); }
  const T* data() const noexcept { return data_; }

 private:
  const T* data_ = nullptr;
};

}  // namespace detail

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
    constexpr std::size_t head = sizeof(detail::storage_header);
    if (static_cast<std::size_t>(n) > (std::numeric_limits<std::size_t>::max() - head) / sizeof(T))
      throw shape_error("tensor of " + std::to_string(n) + " elements is too large to allocate");
    void* raw = ::operator new (head + static_cast<std::size_t>(n) * sizeof(T),
                                std::align_val_t{storage_alignment});
    ::new (raw) detail::storage_header();
    data_ = reinterpret_cast<T*>(static_cast<char*>(raw) + head);
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

  /// Another owner of these elements (empty for an empty Storage).
  detail::shared_buffer<T> share() const noexcept { return detail::shared_buffer<T>(data_); }

 private:
  void release() noexcept {
    detail::release_buffer(data_);
    data_ = nullptr;
    size_ = 0;
  }

  T* data_ = nullptr;
  index_t size_ = 0;
};

TENSR_NAMESPACE_END
