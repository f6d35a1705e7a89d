/* HTTP handlers of the accounts module: login, logout, profile, password, API tokens,
 * the admin's user list. */
#ifndef COPROG_MODULES_ACCOUNTS_ROUTES_H
#define COPROG_MODULES_ACCOUNTS_ROUTES_H

#include "web/request.h"

int accounts_login_form(req *r);
int accounts_login(req *r);
int accounts_logout(req *r);
int accounts_profile(req *r);
int accounts_password(req *r);
int accounts_tokens(req *r);
int accounts_token_create(req *r);
int accounts_token_revoke(req *r);
int accounts_users(req *r);
int accounts_user_add(req *r);
int accounts_user(req *r);
int accounts_user_grant(req *r);
int accounts_user_revoke(req *r);
int accounts_user_active(req *r);

/* The second factor (second_factor_routes.c). */
int second_factor_form(req *r);
int second_factor_submit(req *r);
int second_factor_page(req *r);
int second_factor_enrol(req *r);

#endif
