/* The clock's own work: a thread that, every second, makes durable the transitions that time
 * alone causes (a call reaching its deadline becomes closed), with no user acting. Running it
 * on several instances at once is safe: each transition happens in one conditional UPDATE. */
#ifndef COPROG_APP_TICKER_H
#define COPROG_APP_TICKER_H

#include "app/app.h"

int ticker_start(app *a);
void ticker_stop(void);

#endif
