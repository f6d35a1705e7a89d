/* Work a thread leaves behind when it ends: the thread-local caches of the server's workers
 * (pages kept for a person, the menus) are freed when their thread exits, at shutdown. */
#ifndef COPROG_BASE_THREAD_EXIT_H
#define COPROG_BASE_THREAD_EXIT_H

/* Runs fn when the calling thread exits (once per thread and fn; up to 8 per thread), while its
 * thread-local variables are still there. */
void thread_on_exit(void (*fn)(void));

#endif
