// The prefetch is a static inline function in include/LockCheckPrefetch.h; SwiftPM needs one
// source file to build the target.
#include "LockCheckPrefetch.h"
