#ifndef LOCKCHECK_PREFETCH_H
#define LOCKCHECK_PREFETCH_H

/// Asks the processor to start loading the cache line at `address` for reading (the state
/// store's hash-table slots, touched a little later): Swift has no prefetch of its own.
static inline void lockcheck_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address, 0, 3);
#endif
}

#endif
