/* The server clock, as UTC microseconds since the epoch. Tests can move it:
 * clock_set_offset() shifts every reading, so deadlines can be crossed without waiting. */
#ifndef COPROG_BASE_CLOCK_H
#define COPROG_BASE_CLOCK_H

#include <stdint.h>

int64_t clock_now_us(void);
/* Monotonic microseconds, for measuring durations only. */
int64_t clock_mono_us(void);
void clock_set_offset(int64_t offset_us);
int64_t clock_offset(void);

#endif
