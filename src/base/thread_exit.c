#include "base/thread_exit.h"

#include <pthread.h>

enum { MAX_FNS = 8 };

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static _Thread_local void (*fns[MAX_FNS])(void);
static _Thread_local int nfns;

static void run(void *unused)
{
    (void)unused;
    for (int i = nfns - 1; i >= 0; i--) fns[i]();
    nfns = 0;
}

static void make_key(void)
{
    pthread_key_create(&key, run);
}

void thread_on_exit(void (*fn)(void))
{
    for (int i = 0; i < nfns; i++)
        if (fns[i] == fn) return;
    if (nfns == MAX_FNS) return;
    pthread_once(&once, make_key);
    fns[nfns++] = fn;
    pthread_setspecific(key, &key); /* any non-NULL value: the destructor runs */
}
