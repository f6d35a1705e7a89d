#include "base/clock.h"

#include <stdatomic.h>
#include <time.h>

static _Atomic int64_t offset_us;

int64_t clock_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 + atomic_load(&offset_us);
}

int64_t clock_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void clock_set_offset(int64_t off)
{
    atomic_store(&offset_us, off);
}

int64_t clock_offset(void)
{
    return atomic_load(&offset_us);
}
