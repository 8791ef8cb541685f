#ifndef PODWATCH_CLIBPQ_SHIM_H
#define PODWATCH_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
