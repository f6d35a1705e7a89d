/* The route table: every URL of coprog, its handler and who may use it. Tests walk this
 * table with every role (the authorisation matrix), so a route added here is covered. */
#include "app/app.h"
#include "modules/accounts/routes.h"
#include "modules/home/routes.h"

const route app_routes[] = {
    {"GET", "/", home_index, PERM_PUBLIC},
    {"GET", "/healthz", home_healthz, PERM_PUBLIC},
    {"GET", "/login", accounts_login_form, PERM_PUBLIC},
    {"POST", "/login", accounts_login, PERM_PUBLIC},
    {"POST", "/logout", accounts_logout, PERM_USER},
    {"GET", "/account", accounts_profile, PERM_USER},
    {"POST", "/account/password", accounts_password, PERM_USER},
    {"GET", "/account/tokens", accounts_tokens, PERM_USER},
    {"POST", "/account/tokens", accounts_token_create, PERM_USER},
    {"POST", "/account/tokens/{id}/revoke", accounts_token_revoke, PERM_USER},
    {"GET", "/admin/users", accounts_users, ROLE_ADMIN},
    {"GET", "/audit", home_audit, ROLE_AUDITOR | ROLE_ADMIN},
};

const size_t app_nroutes = sizeof app_routes / sizeof app_routes[0];

limits app_default_limits(void)
{
    return (limits){
        .body_max = 25u << 20,
        .header_max = 64u << 10,
        .connections = 1024,
        .per_ip = 256,
        .timeout_s = 30,
        .threads = 8,
        .login_per_account = 5,
        .login_per_ip = 50,
        .login_window_s = 900,
    };
}
