// Included first by every header under tensr/: those headers are parts of the library, not
// an interface, and including one on its own stops here with tensr's own sentence. The
// umbrella header defines TENSR_UMBRELLA_INCLUDED before it includes them; tensr's own tests
// that compile only some parts (to build faster) define TENSR_ALLOW_INTERNAL_HEADERS.
#if !defined(TENSR_UMBRELLA_INCLUDED) && !defined(TENSR_ALLOW_INTERNAL_HEADERS)
#error \
    "tensr: include <tensr/tensr.hpp>; the headers under tensr/core, ops, linalg, nn and io are internal parts of it"
#endif
