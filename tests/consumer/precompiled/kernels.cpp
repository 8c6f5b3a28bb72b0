// The one file of the program that compiles tensr's precompiled kernels.
#define TENSR_INSTANTIATE_TEMPLATES
#include <tensr/tensr.hpp>
