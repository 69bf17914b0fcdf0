/* The client page (tg-client-page.h).
 *
 * Sections: field tables, helpers, loading, editing, the composer, the
 * GObject.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-client-page.h"

#include "tg-care-plan-section.h"
#include "tg-caseload-row.h"
#include "tg-dates.h"
#include "tg-field-labels.h"
#include "tg-field-row.h"
#include "tg-format.h"
#include "tg-note-row.h"
#include "tg-record-section.h"
#include "tg-release-rules.h"
#include "tg-store-service-records.h"
#include "tg-top-section.h"

/* Field tables */

typedef enum {
  ROW_TEXT,      /* a TgFieldRow */
  ROW_SWITCH,    /* a yes/no field: an action row with a switch */
  ROW_CHOICE,    /* a combo row over the schema's choices */
} RowKind;

typedef struct {
  const char *entity;
  const char *field;
  RowKind     kind;
  gboolean    checklist;    /* shows done / not done */
} FieldSpec;

static const FieldSpec profile_fields[] = {
  { "client", "given_name", ROW_TEXT, FALSE },
  { "client", "family_name", ROW_TEXT, FALSE },
  { "client", "preferred_name", ROW_TEXT, FALSE },
  { "client", "date_of_birth", ROW_TEXT, FALSE },
  { "client", "prison_number", ROW_TEXT, FALSE },
  { "client", "nhs_number", ROW_TEXT, FALSE },
  { "client", "pnc_id", ROW_TEXT, FALSE },
  { "client", "cro_number", ROW_TEXT, FALSE },
  { "client", "crn", ROW_TEXT, FALSE },
};

static const FieldSpec custody_fields[] = {
  { "client", "custody_status", ROW_CHOICE, FALSE },
  { "client", "establishment", ROW_TEXT, FALSE },
  { "client", "team", ROW_TEXT, FALSE },
  { "client", "key_worker", ROW_TEXT, FALSE },
};

/* The release checklist, in the order a worker goes through it. */
static const FieldSpec checklist_fields[] = {
  { "release_plan", "accommodation", ROW_TEXT, TRUE },
  { "release_plan", "gp_registered", ROW_SWITCH, TRUE },
  { "release_plan", "treatment_appointment_at", ROW_TEXT, TRUE },
  { "release_plan", "ost_handover", ROW_TEXT, TRUE },
  { "release_plan", "naloxone_supplied", ROW_SWITCH, TRUE },
  { "release_plan", "id_documents", ROW_TEXT, TRUE },
  { "release_plan", "bank_account", ROW_SWITCH, TRUE },
  { "release_plan", "universal_credit_claim", ROW_SWITCH, TRUE },
  { "release_plan", "probation_appointment_at", ROW_TEXT, TRUE },
  { "release_plan", "licence_conditions", ROW_TEXT, TRUE },
  { "release_plan", "pickup_status", ROW_CHOICE, TRUE },
};

static const FieldSpec date_fields[] = {
  { "release_plan", "confirmed_release_date", ROW_TEXT, FALSE },
  { "release_plan", "release_time", ROW_TEXT, FALSE },
  { "release_plan", "gate", ROW_TEXT, FALSE },
  { "release_plan", "crd", ROW_TEXT, FALSE },
  { "release_plan", "ard", ROW_TEXT, FALSE },
  { "release_plan", "ped", ROW_TEXT, FALSE },
  { "release_plan", "hdced", ROW_TEXT, FALSE },
  { "release_plan", "hdcad", ROW_TEXT, FALSE },
  { "release_plan", "sed", ROW_TEXT, FALSE },
  { "release_plan", "led", ROW_TEXT, FALSE },
  { "release_plan", "tused", ROW_TEXT, FALSE },
};

static const char * const note_kinds[] = {
  "in_reach", "outreach", "gate_pickup", "phone", "other",
};

/* One editable field on the page. */
typedef struct {
  const FieldSpec *spec;
  GtkWidget       *row;
  GtkWidget       *editor;    /* the switch or combo row; the row for text */
  GtkImage        *status;    /* checklist tick, or NULL */
  gboolean         done;      /* the checklist item is done */
  const char * const *choices;
} FieldWidget;

struct _TgClientPage
{
  AdwBin          parent_instance;

  TgStoreService *service;
  GCancellable   *cancellable;    /* loads of the current person */
  GPtrArray      *fields;         /* FieldWidget */
  char           *client_id;
  gboolean        loaded;
  gboolean        filling;        /* values from the store, not the worker */
  gulong          changed_handler;
  gulong          role_handler;

  /* The field-workflow sections: care plan, TOP, referrals, contacts on
   * the Care tab (clinical), appointments on the release plan. */
  GtkWidget      *care_plan_section;
  GtkWidget      *top_section;
  GtkWidget      *referral_section;
  GtkWidget      *contact_section;
  GtkWidget      *appointment_section;
  /* Says, above the composer, that a note goes with the session. */
  GtkWidget      *session_label;
  GCancellable   *session_cancellable;

  /* The composer's draft: a one-shot timeout restarted by every change. */
  guint           draft_timeout;
  gboolean        draft_saved;
  guint           n_notes;

  /* Template children. */
  GtkStack       *content_stack;
  GtkButton      *back_button;
  GtkLabel       *name_label;
  GtkLabel       *detail_label;
  GtkLabel       *release_badge;
  GtkLabel       *earlier_badge;
  GtkLabel       *conflict_badge;
  GtkStack       *section_stack;
  GtkTextView    *composer_view;
  GtkDropDown    *kind_dropdown;
  GtkLabel       *draft_label;
  GtkLabel       *notes_heading;
  GtkListBox     *notes_list;
  AdwPreferencesGroup *profile_group;
  AdwPreferencesGroup *custody_group;
  AdwPreferencesGroup *checklist_group;
  AdwPreferencesGroup *dates_group;
};

G_DEFINE_FINAL_TYPE (TgClientPage, tg_client_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_DRAFT_SAVED,
  N_PROPS
};

enum {
  BACK,
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void load (TgClientPage *self);
static void add_sections (TgClientPage *self);
static void sections_set_client (TgClientPage *self,
                                 const char   *client_id);
static void apply_role (TgClientPage *self);
static void check_session (TgClientPage *self);

/* Helpers */

static void
toast (TgClientPage *self,
       const char   *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static void
set_draft_saved (TgClientPage *self,
                 gboolean      saved)
{
  if (self->draft_saved == saved)
    return;
  self->draft_saved = saved;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_SAVED]);
}

static gboolean
checklist_done (const FieldSpec *spec,
                const char      *value)
{
  if (value == NULL || *value == '\0')
    return FALSE;
  if (g_strcmp0 (spec->field, "pickup_status") == 0)
    return g_strcmp0 (value, "arranged") == 0 || g_strcmp0 (value, "met") == 0;
  if (spec->kind == ROW_SWITCH)
    return g_strcmp0 (value, "true") == 0;
  return TRUE;
}

static void
set_status (FieldWidget *fw,
            const char  *value)
{
  gboolean done = checklist_done (fw->spec, value);

  fw->done = done;
  if (fw->status == NULL)
    return;
  gtk_image_set_from_icon_name (fw->status, done ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (fw->status), done ? _("Done") : _("Still to do"));
  if (done)
    {
      gtk_widget_add_css_class (GTK_WIDGET (fw->status), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (fw->status), "warning");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (fw->status), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (fw->status), "success");
    }
}

static void
update_checklist_summary (TgClientPage *self)
{
  guint done = 0, total = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldWidget *fw = self->fields->pdata[i];

      if (fw->status == NULL)
        continue;
      total++;
      done += fw->done ? 1 : 0;
    }
  text = g_strdup_printf ("%u of %u done", done, total);
  adw_preferences_group_set_description (self->checklist_group, text);
}

/* Editing */

typedef struct {
  TgClientPage *self;
  FieldWidget  *fw;
  char         *value;
} Commit;

static void
committed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Commit *commit = user_data;
  TgClientPage *self = commit->self;
  g_autoptr(GError) error = NULL;

  if (!tg_store_service_update_finish (TG_STORE_SERVICE (source), result, &error))
    {
      g_autofree char *message = NULL;

      message = tg_field_error_message (commit->fw->spec->entity, commit->fw->spec->field,
                                        error->message);
      toast (self, message);
    }
  else
    {
      set_status (commit->fw, commit->value);
      update_checklist_summary (self);
      if (g_strcmp0 (commit->fw->spec->entity, "release_plan") == 0 ||
          g_strcmp0 (commit->fw->spec->field, "custody_status") == 0)
        {
          /* The header's badges come from these. */
          load (self);
        }
    }
  g_object_unref (commit->self);
  g_free (commit->value);
  g_free (commit);
}

static void
commit_field (TgClientPage *self,
              FieldWidget  *fw,
              const char   *value)
{
  Commit *commit;

  if (self->filling || self->client_id == NULL)
    return;
  commit = g_new0 (Commit, 1);
  commit->self = g_object_ref (self);
  commit->fw = fw;
  commit->value = g_strdup (value);
  tg_store_service_update_async (self->service, fw->spec->entity, self->client_id,
                                 fw->spec->field, value, NULL, committed_cb, commit);
}

static void
text_commit_cb (TgFieldRow  *row,
                const char  *value,
                FieldWidget *fw)
{
  TgClientPage *self = g_object_get_data (G_OBJECT (row), "tg-page");

  commit_field (self, fw, value);
}

static void
switch_active_cb (GtkSwitch   *widget,
                  GParamSpec  *pspec,
                  FieldWidget *fw)
{
  TgClientPage *self = g_object_get_data (G_OBJECT (widget), "tg-page");

  commit_field (self, fw, gtk_switch_get_active (widget) ? "true" : "false");
}

static void
combo_selected_cb (AdwComboRow *row,
                   GParamSpec  *pspec,
                   FieldWidget *fw)
{
  TgClientPage *self = g_object_get_data (G_OBJECT (row), "tg-page");
  guint selected = adw_combo_row_get_selected (row);

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  commit_field (self, fw, fw->choices[selected]);
}

static void
add_field_rows (TgClientPage        *self,
                AdwPreferencesGroup *group,
                const FieldSpec     *specs,
                guint                n_specs)
{
  for (guint i = 0; i < n_specs; i++)
    {
      const FieldSpec *spec = &specs[i];
      FieldWidget *fw = g_new0 (FieldWidget, 1);
      const char *label = tg_field_label (spec->entity, spec->field);

      fw->spec = spec;
      switch (spec->kind)
        {
        case ROW_TEXT:
          fw->row = tg_field_row_new (spec->entity, spec->field);
          fw->editor = fw->row;
          g_signal_connect (fw->row, "commit", G_CALLBACK (text_commit_cb), fw);
          break;
        case ROW_SWITCH:
          fw->row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fw->row), label);
          fw->editor = gtk_switch_new ();
          gtk_widget_set_valign (fw->editor, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (fw->row), fw->editor);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (fw->row), fw->editor);
          g_signal_connect (fw->editor, "notify::active", G_CALLBACK (switch_active_cb), fw);
          break;
        case ROW_CHOICE:
          {
            const TgEntityDef *entity = tg_schema_lookup_entity (spec->entity);
            const TgFieldDef *def = tg_schema_lookup_field (entity, spec->field);
            g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

            fw->choices = def->choices;
            for (guint c = 0; def->choices[c] != NULL; c++)
              {
                const char *choice = def->choices[c];

                gtk_string_list_append (labels, g_strcmp0 (spec->field, "custody_status") == 0
                                                  ? tg_custody_status_label (choice)
                                                  : tg_choice_label (choice));
              }
            fw->row = adw_combo_row_new ();
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fw->row), label);
            adw_combo_row_set_model (ADW_COMBO_ROW (fw->row), G_LIST_MODEL (labels));
            fw->editor = fw->row;
            g_signal_connect (fw->row, "notify::selected", G_CALLBACK (combo_selected_cb), fw);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      g_object_set_data (G_OBJECT (fw->editor), "tg-page", self);
      if (spec->checklist)
        {
          fw->status = GTK_IMAGE (gtk_image_new ());
          if (ADW_IS_ENTRY_ROW (fw->row))
            adw_entry_row_add_prefix (ADW_ENTRY_ROW (fw->row), GTK_WIDGET (fw->status));
          else
            adw_action_row_add_prefix (ADW_ACTION_ROW (fw->row), GTK_WIDGET (fw->status));
          set_status (fw, NULL);
        }
      adw_preferences_group_add (group, fw->row);
      g_ptr_array_add (self->fields, fw);
    }
}

static void
fill_field (TgClientPage *self,
            FieldWidget  *fw,
            const char   *value)
{
  switch (fw->spec->kind)
    {
    case ROW_TEXT:
      tg_field_row_set_value (TG_FIELD_ROW (fw->row), value);
      break;
    case ROW_SWITCH:
      gtk_switch_set_active (GTK_SWITCH (fw->editor), g_strcmp0 (value, "true") == 0);
      break;
    case ROW_CHOICE:
      {
        guint selected = GTK_INVALID_LIST_POSITION;

        for (guint c = 0; fw->choices[c] != NULL; c++)
          if (g_strcmp0 (fw->choices[c], value) == 0)
            selected = c;
        /* No value yet: show the first choice without writing it. */
        adw_combo_row_set_selected (ADW_COMBO_ROW (fw->row),
                                    selected != GTK_INVALID_LIST_POSITION ? selected : 0);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  set_status (fw, value);
}

/* Loading */

static void
sign_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TgClientPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tg_store_service_sign_note_finish (TG_STORE_SERVICE (source), result, &error))
    toast (self, error->message);
  else
    toast (self, _("Note signed: it can no longer change"));
}

static void
note_sign_cb (TgNoteRow    *row,
              TgClientPage *self)
{
  tg_store_service_sign_note_async (self->service, tg_note_row_get_id (row), NULL,
                                    sign_cb, g_object_ref (self));
}


/* The earlier-release badge follows the whole rule (release type, days
 * served), as the gate list does, not the date alone. */
static gboolean
plan_earlier_release (const TgRecord *plan,
                      const GDate    *today)
{
  TgReleaseStatus status;

  tg_release_status (plan, today, &status);
  return status.earlier.likely;
}

static void
fill_header (TgClientPage    *self,
             TgClientDetails *details)
{
  const TgRecord *client = details->client;
  const char *preferred = tg_record_get (client, "preferred_name");
  const char *release = NULL;
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *badge = NULL;
  g_autofree char *born = tg_format_iso_date_no_weekday (tg_record_get (client, "date_of_birth"));
  gboolean earlier = FALSE;
  GDate date;

  name = g_strdup_printf ("%s %s%s%s%s", tg_record_get (client, "given_name") ?: "",
                          tg_record_get (client, "family_name") ?: "",
                          preferred ? " (" : "", preferred ? preferred : "", preferred ? ")" : "");
  gtk_label_set_text (self->name_label, name);
  /* Translators: prison number · custody status · born (date of birth). */
  detail = g_strdup_printf (_("%s · %s · born %s"),
                            tg_record_get (client, "prison_number") ?: _("No prison number"),
                            tg_custody_status_label (tg_record_get (client, "custody_status")),
                            born ?: "?");
  gtk_label_set_text (self->detail_label, detail);

  if (details->release_plan != NULL)
    {
      release = tg_record_get (details->release_plan, "confirmed_release_date");
      if (release == NULL)
        release = tg_record_get (details->release_plan, "ard");
      if (release == NULL)
        release = tg_record_get (details->release_plan, "crd");
    }
  if (release != NULL && tg_date_parse_iso (release, &date) &&
      g_strcmp0 (tg_record_get (client, "custody_status"), "released") != 0)
    {
      GDate today;
      int days;

      tg_format_today (&today);
      days = g_date_days_between (&today, &date);
      if (days >= 0)
        {
          g_autofree char *text = tg_release_badge_text (days);
          g_autofree char *when = tg_format_date (&date);

          /* Translators: “Release in 3 days (Wed 25 Nov 2026)”. */
          badge = g_strdup_printf (_("%s (%s)"), text, when);
          earlier = plan_earlier_release (details->release_plan, &today);
        }
    }
  gtk_label_set_text (self->release_badge, badge);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->release_badge)), badge != NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->earlier_badge)), earlier);
  if (details->open_conflicts > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "%u conflict to review",
                                                            "%u conflicts to review",
                                                            details->open_conflicts),
                                               details->open_conflicts);

      gtk_label_set_text (self->conflict_badge, text);
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->conflict_badge)),
                          details->open_conflicts > 0);
}

static void
fill_notes (TgClientPage    *self,
            TgClientDetails *details)
{
  GtkWidget *child;
  g_autofree char *heading = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_list))) != NULL)
    gtk_list_box_remove (self->notes_list, child);

  self->n_notes = details->notes->len;
  heading = details->notes->len == 0
              ? g_strdup (_("No notes yet"))
              : g_strdup_printf (g_dngettext (NULL, "%u note, newest first",
                                              "%u notes, newest first", details->notes->len),
                                 details->notes->len);
  gtk_label_set_text (self->notes_heading, heading);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_list), details->notes->len > 0);
  for (guint i = 0; i < details->notes->len; i++)
    {
      GtkWidget *row = tg_note_row_new (details->notes->pdata[i]);
      const char *session_id = tg_record_get (details->notes->pdata[i], "session_id");

      if (session_id != NULL && details->session_places != NULL)
        tg_note_row_set_session_place (TG_NOTE_ROW (row),
                                       g_hash_table_lookup (details->session_places, session_id));
      g_signal_connect_object (row, "sign", G_CALLBACK (note_sign_cb), self, 0);
      gtk_list_box_append (self->notes_list, row);
    }
}

static void
fill_draft (TgClientPage *self,
            const char   *draft)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);

  self->filling = TRUE;
  gtk_text_buffer_set_text (buffer, draft != NULL ? draft : "", -1);
  self->filling = FALSE;
  gtk_label_set_text (self->draft_label, draft != NULL ? _("Draft restored") : "");
  set_draft_saved (self, TRUE);
}

typedef struct {
  TgClientPage *self;
  gboolean      first;     /* a person just opened: fill everything */
} Load;

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Load *load_data = user_data;
  g_autoptr(TgClientPage) self = load_data->self;
  gboolean first = load_data->first;
  g_autoptr(TgClientDetails) details = NULL;
  g_autoptr(GError) error = NULL;

  g_free (load_data);
  details = tg_store_service_load_client_finish (TG_STORE_SERVICE (source), result, &error);
  if (details == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND))
        toast (self, error->message);
      return;
    }

  fill_header (self, details);
  fill_notes (self, details);
  if (first)
    {
      self->filling = TRUE;
      for (guint i = 0; i < self->fields->len; i++)
        {
          FieldWidget *fw = self->fields->pdata[i];
          const TgRecord *record = g_strcmp0 (fw->spec->entity, "client") == 0
                                     ? details->client : details->release_plan;

          fill_field (self, fw, record != NULL ? tg_record_get (record, fw->spec->field) : NULL);
        }
      self->filling = FALSE;
      fill_draft (self, details->draft);
    }
  else
    {
      /* Only the checklist ticks: rows being edited keep their text. */
      for (guint i = 0; i < self->fields->len; i++)
        {
          FieldWidget *fw = self->fields->pdata[i];
          const TgRecord *record = g_strcmp0 (fw->spec->entity, "client") == 0
                                     ? details->client : details->release_plan;

          set_status (fw, record != NULL ? tg_record_get (record, fw->spec->field) : NULL);
        }
    }
  update_checklist_summary (self);
  self->loaded = TRUE;
  gtk_stack_set_visible_child_name (self->content_stack, "client");
}

static void
load_full (TgClientPage *self,
           gboolean      first)
{
  Load *load_data = g_new0 (Load, 1);

  load_data->self = g_object_ref (self);
  load_data->first = first;
  tg_store_service_load_client_async (self->service, self->client_id, self->cancellable,
                                      loaded_cb, load_data);
}

static void
load (TgClientPage *self)
{
  if (self->client_id != NULL)
    load_full (self, FALSE);
}

static void
record_changed_cb (TgClientPage   *self,
                   const char     *entity,
                   const char     *id,
                   TgStoreService *service)
{
  if (self->client_id == NULL)
    return;
  if (g_strcmp0 (entity, "note") == 0 && g_strcmp0 (id, self->client_id) == 0)
    load (self);
  else if (g_strcmp0 (entity, "session_attendance") == 0 || g_strcmp0 (entity, "session") == 0)
    check_session (self);
  else if (g_strcmp0 (entity, "sync") == 0 || g_strcmp0 (entity, "conflict") == 0)
    load (self);
}

/* The composer */

static char *
draft_key (TgClientPage *self)
{
  return g_strdup_printf ("note:%s", self->client_id);
}

static char *
composer_text (TgClientPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef struct {
  TgClientPage *self;
  char         *client_id;
} DraftSave;

static void
draft_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DraftSave *save = user_data;
  TgClientPage *self = save->self;
  g_autoptr(GError) error = NULL;

  if (!tg_store_service_save_draft_finish (TG_STORE_SERVICE (source), result, &error))
    {
      if (g_strcmp0 (save->client_id, self->client_id) == 0)
        gtk_label_set_text (self->draft_label, _("Draft not saved"));
      g_warning ("Could not save the draft: %s", error->message);
    }
  else if (g_strcmp0 (save->client_id, self->client_id) == 0 && self->draft_timeout == 0)
    {
      gtk_label_set_text (self->draft_label, _("Draft saved on this device"));
      set_draft_saved (self, TRUE);
    }
  g_object_unref (save->self);
  g_free (save->client_id);
  g_free (save);
}

static void
save_draft_now (TgClientPage *self)
{
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  DraftSave *save;

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  if (self->client_id == NULL)
    return;
  key = draft_key (self);
  text = composer_text (self);
  save = g_new0 (DraftSave, 1);
  save->self = g_object_ref (self);
  save->client_id = g_strdup (self->client_id);
  /* No cancellable: a draft is saved even when the page goes away. */
  tg_store_service_save_draft_async (self->service, key, text, NULL, draft_saved_cb, save);
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  TgClientPage *self = user_data;

  self->draft_timeout = 0;
  save_draft_now (self);
  return G_SOURCE_REMOVE;
}

static void
composer_changed_cb (TgClientPage  *self,
                     GtkTextBuffer *buffer)
{
  if (self->filling)
    return;
  set_draft_saved (self, FALSE);
  gtk_label_set_text (self->draft_label, "");
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_timeout = g_timeout_add (TG_DRAFT_SAVE_DELAY_MS, draft_timeout_cb, self);
}

static void
note_added_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TgClientPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *note_id = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.save-note", TRUE);
  note_id = tg_store_service_add_note_finish (TG_STORE_SERVICE (source), result, &error);
  if (note_id == NULL)
    {
      g_autofree char *message = tg_field_error_message ("note", "body", error->message);

      /* The text stays in the composer and its draft. */
      toast (self, message);
      return;
    }
  self->filling = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer_view), "", -1);
  self->filling = FALSE;
  gtk_label_set_text (self->draft_label, _("Note saved"));
  set_draft_saved (self, TRUE);
}

static void
save_note_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TgClientPage *self = TG_CLIENT_PAGE (widget);
  g_autofree char *text = composer_text (self);
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  if (self->client_id == NULL || *stripped == '\0')
    {
      gtk_widget_error_bell (widget);
      return;
    }
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  gtk_widget_action_set_enabled (widget, "client.save-note", FALSE);
  /* Linked to the session being run when the person was seen at it. */
  tg_store_service_add_note_async (self->service, self->client_id,
                                           note_kinds[MIN (kind, G_N_ELEMENTS (note_kinds) - 1)],
                                           text, NULL, note_added_cb, g_object_ref (self));
}

static void
back_clicked_cb (TgClientPage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

/* The field-workflow sections */

typedef struct {
  TgClientPage *self;
  char         *client_id;
} SessionCheck;

static void
session_check_free (SessionCheck *check)
{
  g_object_unref (check->self);
  g_free (check->client_id);
  g_free (check);
}

static void
session_place_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SessionCheck *check = user_data;
  TgClientPage *self = check->self;
  g_autoptr(TgRecord) session = tg_store_service_get_record_finish (TG_STORE_SERVICE (source), result, NULL);

  if (session != NULL && g_strcmp0 (check->client_id, self->client_id) == 0)
    {
      g_autofree char *place = tg_session_place_label (tg_record_get (session, "place"),
                                                       tg_record_get (session, "place_detail"));
      /* Translators: %s is where the session is held. */
      g_autofree char *text = g_strdup_printf (_("Notes written now go with the session at %s."), place);

      gtk_label_set_text (GTK_LABEL (self->session_label), text);
      gtk_widget_set_visible (self->session_label, TRUE);
    }
  session_check_free (check);
}

static void
session_seen_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SessionCheck *check = user_data;
  TgClientPage *self = check->self;
  g_autoptr(GPtrArray) seen = tg_store_service_list_records_finish (TG_STORE_SERVICE (source), result, NULL);
  const char *session_id;

  if (seen == NULL)    /* cancelled: another person, or the page went */
    {
      session_check_free (check);
      return;
    }
  session_id = tg_store_service_get_active_session (self->service);
  for (guint i = 0; seen != NULL && session_id != NULL && i < seen->len; i++)
    if (g_strcmp0 (tg_record_get (seen->pdata[i], "client_id"), check->client_id) == 0)
      {
        tg_store_service_get_record_async (self->service, "session", session_id,
                                           self->session_cancellable, session_place_cb, check);
        return;
      }
  session_check_free (check);
}

/* The same rule as the store service's: a note goes with the session being
 * run when its person was seen there. */
static void
check_session (TgClientPage *self)
{
  const char *session_id = tg_store_service_get_active_session (self->service);
  SessionCheck *check;

  g_cancellable_cancel (self->session_cancellable);
  g_clear_object (&self->session_cancellable);
  self->session_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->session_label, FALSE);
  if (session_id == NULL || self->client_id == NULL)
    return;
  check = g_new0 (SessionCheck, 1);
  check->self = g_object_ref (self);
  check->client_id = g_strdup (self->client_id);
  tg_store_service_list_records_async (self->service, "session_attendance", "session_id", session_id,
                                       self->session_cancellable, session_seen_cb, check);
}

static void
section_toast_cb (TgClientPage *self,
                  const char   *message)
{
  toast (self, message);
}

static GtkWidget *
scrolled_page (GtkWidget *content)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 860);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_widget_set_margin_bottom (clamp, 24);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  return scrolled;
}

static void
add_sections (TgClientPage *self)
{
  GtkWidget *care = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *sections[5];
  GtkStackPage *page;

  self->care_plan_section = sections[0] = tg_care_plan_section_new (self->service);
  self->top_section = sections[1] = tg_top_section_new (self->service);
  self->referral_section = sections[2] = tg_referral_section_new (self->service);
  self->contact_section = sections[3] = tg_contact_section_new (self->service);
  self->appointment_section = sections[4] = tg_appointment_section_new (self->service);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_signal_connect_object (sections[i], "toast", G_CALLBACK (section_toast_cb), self,
                               G_CONNECT_SWAPPED);
      if (sections[i] != self->appointment_section)
        gtk_box_append (GTK_BOX (care), sections[i]);
    }
  page = gtk_stack_add_titled (self->section_stack, scrolled_page (care), "care", _("_Care"));
  gtk_stack_page_set_use_underline (page, TRUE);
  /* Above the composer. */
  self->session_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->session_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->session_label), TRUE);
  gtk_widget_add_css_class (self->session_label, "accent");
  gtk_widget_set_name (self->session_label, "client.session-label");
  gtk_widget_set_visible (self->session_label, FALSE);
  {
    GtkWidget *frame = gtk_widget_get_parent (GTK_WIDGET (self->composer_view));

    gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (frame)), self->session_label,
                                gtk_widget_get_prev_sibling (frame));
  }
  /* Appointments after release belong with the release plan. */
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->dates_group))),
                  self->appointment_section);
}

static void
sections_set_client (TgClientPage *self,
                     const char   *client_id)
{
  gboolean mentor = g_strcmp0 (tg_store_service_get_role (self->service), "mentor") == 0;

  /* A mentor's device holds no clinical record to show. */
  tg_care_plan_section_set_client (TG_CARE_PLAN_SECTION (self->care_plan_section), mentor ? NULL : client_id);
  tg_top_section_set_client (TG_TOP_SECTION (self->top_section), mentor ? NULL : client_id);
  tg_record_section_set_client (TG_RECORD_SECTION (self->referral_section), mentor ? NULL : client_id);
  tg_record_section_set_client (TG_RECORD_SECTION (self->contact_section), mentor ? NULL : client_id);
  tg_record_section_set_client (TG_RECORD_SECTION (self->appointment_section), client_id);
}

/* A mentor holds identity and release fields only: every clinical
 * section and field row is hidden rather than shown empty. */
static void
apply_role (TgClientPage *self)
{
  gboolean mentor = g_strcmp0 (tg_store_service_get_role (self->service), "mentor") == 0;
  GtkStackPage *care = gtk_stack_get_page (self->section_stack,
                                           gtk_stack_get_child_by_name (self->section_stack, "care"));
  GtkStackPage *notes = gtk_stack_get_page (self->section_stack,
                                            gtk_stack_get_child_by_name (self->section_stack, "notes"));

  gtk_stack_page_set_visible (care, !mentor);
  gtk_stack_page_set_visible (notes, !mentor);
  if (mentor && self->client_id != NULL)
    gtk_stack_set_visible_child_name (self->section_stack, "release");
  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldWidget *fw = self->fields->pdata[i];
      const TgFieldDef *def = tg_schema_lookup_field (tg_schema_lookup_entity (fw->spec->entity),
                                                      fw->spec->field);

      gtk_widget_set_visible (fw->row, !(mentor && def->sensitivity == TG_SENSITIVITY_CLINICAL));
    }
  if (self->client_id != NULL)
    sections_set_client (self, self->client_id);
}

/* The GObject */

static void
tg_client_page_constructed (GObject *object)
{
  TgClientPage *self = TG_CLIENT_PAGE (object);

  G_OBJECT_CLASS (tg_client_page_parent_class)->constructed (object);

  add_field_rows (self, self->profile_group, profile_fields, G_N_ELEMENTS (profile_fields));
  add_field_rows (self, self->custody_group, custody_fields, G_N_ELEMENTS (custody_fields));
  add_field_rows (self, self->checklist_group, checklist_fields, G_N_ELEMENTS (checklist_fields));
  add_field_rows (self, self->dates_group, date_fields, G_N_ELEMENTS (date_fields));
  add_sections (self);
  g_signal_connect_object (gtk_text_view_get_buffer (self->composer_view), "changed",
                           G_CALLBACK (composer_changed_cb), self, G_CONNECT_SWAPPED);
  self->changed_handler = g_signal_connect_swapped (self->service, "record-changed",
                                                    G_CALLBACK (record_changed_cb), self);
  self->role_handler = g_signal_connect_swapped (self->service, "notify::role",
                                                 G_CALLBACK (apply_role), self);
  apply_role (self);
}

static void
tg_client_page_dispose (GObject *object)
{
  TgClientPage *self = TG_CLIENT_PAGE (object);

  if (self->draft_timeout != 0)
    save_draft_now (self);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->session_cancellable);
  g_clear_object (&self->session_cancellable);
  g_clear_signal_handler (&self->changed_handler, self->service);
  g_clear_signal_handler (&self->role_handler, self->service);
  /* The bin's child is a bound template child: let the bin drop it first,
   * or disposing the template unparents it behind the bin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TG_TYPE_CLIENT_PAGE);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->client_id, g_free);

  G_OBJECT_CLASS (tg_client_page_parent_class)->dispose (object);
}

static void
tg_client_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TgClientPage *self = TG_CLIENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_DRAFT_SAVED:
      g_value_set_boolean (value, self->draft_saved);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_client_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TgClientPage *self = TG_CLIENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_client_page_class_init (TgClientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tg_client_page_constructed;
  object_class->dispose = tg_client_page_dispose;
  object_class->get_property = tg_client_page_get_property;
  object_class->set_property = tg_client_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TG_TYPE_STORE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT_SAVED] =
    g_param_spec_boolean ("draft-saved", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The back button was pressed (a folded window shows the caseload). */
  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Something to tell the worker briefly: the message. */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/throughgate/Throughgate/tg-client-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, release_badge);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, earlier_badge);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, conflict_badge);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, section_stack);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, composer_view);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, draft_label);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, notes_heading);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, notes_list);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, profile_group);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, custody_group);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, checklist_group);
  gtk_widget_class_bind_template_child (widget_class, TgClientPage, dates_group);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "client.save-note", NULL, save_note_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "client.save-note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "client.save-note", NULL);
}

static void
tg_client_page_init (TgClientPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->draft_saved = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tg_client_page_new (TgStoreService *service)
{
  return g_object_new (TG_TYPE_CLIENT_PAGE, "service", service, NULL);
}

void
tg_client_page_show_client (TgClientPage *self,
                            const char   *client_id)
{
  g_return_if_fail (TG_IS_CLIENT_PAGE (self));

  if (g_strcmp0 (client_id, self->client_id) == 0 && self->loaded)
    {
      /* Opened again, perhaps from a session started since. */
      check_session (self);
      return;
    }
  /* The last words typed for the previous person are kept first. */
  if (self->draft_timeout != 0)
    save_draft_now (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->client_id);
  self->client_id = g_strdup (client_id);
  self->loaded = FALSE;
  gtk_stack_set_visible_child_name (self->section_stack,
                                    g_strcmp0 (tg_store_service_get_role (self->service), "mentor") == 0
                                      ? "release" : "notes");
  sections_set_client (self, client_id);
  check_session (self);
  load_full (self, TRUE);
}

const char *
tg_client_page_get_client_id (TgClientPage *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_PAGE (self), NULL);
  return self->client_id;
}

void
tg_client_page_clear (TgClientPage *self)
{
  g_return_if_fail (TG_IS_CLIENT_PAGE (self));

  if (self->draft_timeout != 0)
    save_draft_now (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->client_id, g_free);
  self->loaded = FALSE;
  sections_set_client (self, NULL);
  check_session (self);

  /* Nothing of the person stays on screen or in a widget. */
  self->filling = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer_view), "", -1);
  for (guint i = 0; i < self->fields->len; i++)
    fill_field (self, self->fields->pdata[i], NULL);
  self->filling = FALSE;
  gtk_label_set_text (self->name_label, "");
  gtk_label_set_text (self->detail_label, "");
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_list))) != NULL)
      gtk_list_box_remove (self->notes_list, child);
  }
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

void
tg_client_page_set_show_back (TgClientPage *self,
                              gboolean      show_back)
{
  g_return_if_fail (TG_IS_CLIENT_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), show_back);
}

void
tg_client_page_set_section (TgClientPage *self,
                            const char   *section)
{
  g_return_if_fail (TG_IS_CLIENT_PAGE (self));
  gtk_stack_set_visible_child_name (self->section_stack, section);
}

GtkTextBuffer *
tg_client_page_get_composer (TgClientPage *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_PAGE (self), NULL);
  return gtk_text_view_get_buffer (self->composer_view);
}

gboolean
tg_client_page_is_loaded (TgClientPage *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_PAGE (self), FALSE);
  return self->loaded;
}

gboolean
tg_client_page_get_draft_saved (TgClientPage *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_PAGE (self), FALSE);
  return self->draft_saved;
}

guint
tg_client_page_get_n_notes (TgClientPage *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_PAGE (self), 0);
  return self->n_notes;
}

GtkWidget *
tg_client_page_get_section (TgClientPage *self,
                            const char   *name)
{
  g_return_val_if_fail (TG_IS_CLIENT_PAGE (self), NULL);
  if (g_strcmp0 (name, "care-plan") == 0)
    return self->care_plan_section;
  if (g_strcmp0 (name, "top") == 0)
    return self->top_section;
  if (g_strcmp0 (name, "referral") == 0)
    return self->referral_section;
  if (g_strcmp0 (name, "contact") == 0)
    return self->contact_section;
  if (g_strcmp0 (name, "appointment") == 0)
    return self->appointment_section;
  return NULL;
}
