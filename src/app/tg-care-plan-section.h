/* tg-care-plan-section.h: a person's care plan on the client page.
 *
 * The open plan (start, end, review interval), whether a review is due
 * (tg_care_plan_review), its SMART goals; forms to start a plan, add a
 * goal, record a review, ask for one after a key event, and close the
 * plan with its outcome. Clinical: never shown on a mentor's device.
 */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_CARE_PLAN_SECTION (tg_care_plan_section_get_type ())
G_DECLARE_FINAL_TYPE (TgCarePlanSection, tg_care_plan_section, TG, CARE_PLAN_SECTION, AdwBin)

GtkWidget  *tg_care_plan_section_new        (TgStoreService    *service);
/* Shows @client_id's plan; NULL forgets the person. */
void        tg_care_plan_section_set_client (TgCarePlanSection *self,
                                             const char        *client_id);
/* For tests: the open plan's id once loaded, else NULL. */
const char *tg_care_plan_section_get_plan_id (TgCarePlanSection *self);
guint       tg_care_plan_section_get_n_goals (TgCarePlanSection *self);

G_END_DECLS
