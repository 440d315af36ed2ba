#ifndef CALLOCATOR_SHIM_H
#define CALLOCATOR_SHIM_H
// glibc's malloc tuning (mallopt), which Swift's Glibc module does not expose. Elsewhere: nothing.
#if defined(__linux__) && __has_include(<malloc.h>)
#include <malloc.h>
#endif
#endif
