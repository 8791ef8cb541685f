#ifndef PODWATCH_CZLIB_SHIM_H
#define PODWATCH_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit and inflateInit are macros (they pass the library version and struct size), which Swift
   cannot call; these wrappers can. */
static inline int CZlib_deflateInit(z_streamp stream, int level) { return deflateInit(stream, level); }
static inline int CZlib_inflateInit(z_streamp stream) { return inflateInit(stream); }
/* A gzip stream (RFC 1952 header and trailer: windowBits 15 + 16), for HTTP's Content-Encoding: gzip. */
static inline int CZlib_deflateInitGzip(z_streamp stream, int level)
{
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif
