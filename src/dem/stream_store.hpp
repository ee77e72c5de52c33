#pragma once
// Non-temporal ("streaming") stores for the records that one thread writes every step for
// another thread to read (issue 8): the halo copies of the boundary particles (partition.cpp)
// and the result slots of the cross pairs (forces.cpp). Internal header of src/dem.
//
// Why: such a line was read by the other core in the previous step, so an ordinary store must
// first take it back from that core's cache (a read for ownership) and waits for the handoff.
// On this host the two vCPUs sit on one core complex at times and on two at others; the
// handoff then takes ~165 ns instead of ~50 ns (bench/core_latency), and software prefetches,
// PREFETCHW included, did not hide it. A streaming store goes to memory through the
// write-combining buffers without taking the line back (Intel 64 and IA-32 Architectures
// Optimization Reference Manual, "Streaming stores" in the cacheability-control chapter; AMD
// Software Optimization Guide for Family 19h Processors, 56665, "Write-combining"). The reader,
// which prefetches the records before it needs them, then gets them from memory.
// Measured on the mid-compression benchmark state (bench/RESULTS.md, session 23), two threads:
// with the vCPUs far apart, the boundary particles' sums took 35 us per step instead of 8 us and
// the cross pairs 44 us instead of 21 us; with streaming stores 9 and 20 us, as with the vCPUs
// close together.
//
// Streaming stores are weakly ordered: stream_fence() must come between them and the release
// store that tells the reader they are there.
#include <cstddef>
#include <cstring>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace electrodem::dem {

// dst = src, bypassing the cache where the target has streaming stores. T is a record of whole
// 16-byte words aligned to 16 bytes (System::PackGeo, PackDyn, Side).
template <class T>
inline void stream_store(T& dst, const T& src) {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) % 16 == 0 && alignof(T) >= 16);
#if defined(__SSE2__)
  const auto* s = reinterpret_cast<const __m128i*>(&src);
  auto* d = reinterpret_cast<__m128i*>(&dst);
  for (std::size_t k = 0; k < sizeof(T) / 16; ++k) _mm_stream_si128(d + k, _mm_load_si128(s + k));
#else
  std::memcpy(&dst, &src, sizeof(T));
#endif
}

// Orders the streaming stores before the stores that follow (a release store of a flag).
inline void stream_fence() {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

}  // namespace electrodem::dem
