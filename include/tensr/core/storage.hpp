// Storage<T>: an owning, 64-byte-aligned buffer of n elements. It is the only thing a
// Tensor owns beyond its layout; copying it is deep, moving it is a pointer swap. A
// shared_buffer keeps a buffer alive after its Storage is gone (a count of owners, made when
// the buffer is first shared): nn's modules keep the tensors of their last forward this way,
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

inline void free_buffer(void* p) noexcept {
  if (p) ::operator delete (p, std::align_val_t{storage_alignment});
}

/// The owners of a buffer that has been shared: the Storage (while it lives) and each
/// shared_buffer. Made when a buffer is first shared, so that a buffer nobody shares costs no
/// count and no atomic operation.
struct shared_block {
  void* data;
  std::atomic<std::ptrdiff_t> owners;
};

/// Drops one owner of a shared buffer; the last frees it.
inline void release_block(shared_block* b) noexcept {
  if (b->owners.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    free_buffer(b->data);
    delete b;
  }
}

/// A read-only owner of a Storage's buffer: the elements stay valid while it exists, whatever
/// happens to the Storage (a move, its destruction). Copying it adds an owner.
template <class T>
class shared_buffer {
 public:
  shared_buffer() noexcept = default;
  shared_buffer(shared_block* b, const T* data) noexcept : block_(b), data_(data) {
    if (block_) block_->owners.fetch_add(1, std::memory_order_relaxed);
  }
  shared_buffer(const shared_buffer& o) noexcept : shared_buffer(o.block_, o.data_) {}
  shared_buffer(shared_buffer&& o) noexcept
      : block_(std::exchange(o.block_, nullptr)), data_(std::exchange(o.data_, nullptr)) {}
  shared_buffer& operator=(shared_buffer o) noexcept {
    std::swap(block_, o.block_);
    std::swap(data_, o.data_);
    return *this;
  }
  ~shared_buffer() {
    if (block_) release_block(block_);
  }
  const T* data() const noexcept { return data_; }

 private:
  shared_block* block_ = nullptr;
  const T* data_ = nullptr;
};

}  // namespace detail

/// An owning, 64-byte-aligned buffer of n elements: what a Tensor owns besides its layout.
/// Copies are deep, moves swap pointers.
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
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        shared_(std::exchange(other.shared_, nullptr)) {}

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
    std::swap(shared_, other.shared_);
  }

  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  index_t size() const noexcept { return size_; }

  /// Another owner of these elements (empty for an empty Storage). Not to be called on one
  /// Storage from two threads at once.
  detail::shared_buffer<T> share() const {
    if (!data_) return {};
    if (!shared_) shared_ = new detail::shared_block{data_, 1};
    return {shared_, data_};
  }

 private:
  void release() noexcept {
    if (shared_)
      detail::release_block(shared_);
    else
      detail::free_buffer(data_);
    data_ = nullptr;
    size_ = 0;
    shared_ = nullptr;
  }

  T* data_ = nullptr;
  index_t size_ = 0;
  mutable detail::shared_block* shared_ = nullptr;  // set once the buffer is shared
};

TENSR_NAMESPACE_END
