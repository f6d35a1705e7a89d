#include "modules/timeline/routes.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "modules/calls/calls.h"
#include "modules/timeline/timeline.h"
#include "view/format.h"
#include "view/svg.h"

int timeline_page(req *r)
{
    int64_t id = req_param_id(r, "id"), city = 0;
    const char *state = call_state(r->db, id, clock_now_us(), &city);
    if (!state || (strcmp(state, "draft") == 0 && city != req_city_for(r, ROLE_OFFICER)))
        return req_error(r, 404, "error.not_found");
    json_t *rows = timeline_of_call(r->db, id);
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
    {
        const char *label = req_t_code(r, "timeline", json_string_value(json_object_get(x, "key")));
        const char *detail = json_string_value(json_object_get(x, "detail"));
        json_object_set_new(
            x, "label",
            json_string(detail ? arena_printf(&r->mem, "%s: %s", label, detail) : label));
    }
    json_t *call = call_get(r->db, id, clock_now_us(), false);
    buf svg;
    buf_init(&svg, 1u << 20);
    int rc = svg_timeline(rows, req_t(r, "timeline.title"), &svg);
    if (!rc) {
        r->view = json_pack("{s:o,s:o,s:s}", "call", call, "milestones", rows, "chart", svg.data);
    } else {
        json_decref(rows);
        json_decref(call);
    }
    buf_free(&svg);
    if (rc) return -1;
    r->template = "timeline/call";
    r->title_key = "timeline.title";
    return 0;
}
