/* ta-wikidata.c: twinnings (P190) from the Wikidata SPARQL endpoint
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Wikidata Query Service asks clients for a User-Agent that names them
 * and a way to reach their authors, answers HTTP 429 with Retry-After when
 * a client asks too much, and may send very large answers: the answer is
 * streamed and refused past max-size bytes, the whole exchange is bounded
 * by the timeout (libsoup's own timeout only bounds each read), and every
 * error names the endpoint.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ta-wikidata.h"

#define READ_SIZE (64 * 1024)

struct _TaWikidata
{
  GObject      parent_instance;

  SoupSession *session;
  char        *endpoint;
  guint        timeout;
  gsize        max_size;
};

G_DEFINE_FINAL_TYPE (TaWikidata, ta_wikidata, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-wikidata-error-quark, ta_wikidata_error)

enum
{
  PROP_0,
  PROP_ENDPOINT,
  PROP_TIMEOUT,
  PROP_MAX_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One fetch. */
typedef struct
{
  SoupMessage        *message;
  GInputStream       *stream;
  GByteArray         *body;
  GCancellable       *cancellable;   /* ours: the deadline and the caller's cancel it */
  GCancellable       *external;
  gulong              external_id;
  GSource            *deadline;
  gboolean            timed_out;
  TaWikidataProgress  progress;
  gpointer            progress_data;
  char               *endpoint;
  guint               timeout;
  gsize               max_size;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  if (fetch->external != NULL)
    g_cancellable_disconnect (fetch->external, fetch->external_id);
  if (fetch->deadline != NULL)
    {
      g_source_destroy (fetch->deadline);
      g_source_unref (fetch->deadline);
    }
  g_clear_object (&fetch->external);
  g_clear_object (&fetch->cancellable);
  g_clear_object (&fetch->stream);
  g_clear_object (&fetch->message);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_free (fetch->endpoint);
  g_free (fetch);
}

static void
ta_wikidata_finalize (GObject *object)
{
  TaWikidata *self = (TaWikidata *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->endpoint, g_free);

  G_OBJECT_CLASS (ta_wikidata_parent_class)->finalize (object);
}

static void
ta_wikidata_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TaWikidata *self = TA_WIKIDATA (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_MAX_SIZE:
      g_value_set_uint64 (value, self->max_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_wikidata_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TaWikidata *self = TA_WIKIDATA (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      ta_wikidata_set_endpoint (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT:
      ta_wikidata_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_MAX_SIZE:
      ta_wikidata_set_max_size (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_wikidata_class_init (TaWikidataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_wikidata_finalize;
  object_class->get_property = ta_wikidata_get_property;
  object_class->set_property = ta_wikidata_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, TA_WIKIDATA_DEFAULT_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT, TA_WIKIDATA_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_SIZE] =
    g_param_spec_uint64 ("max-size", NULL, NULL, 1, G_MAXSIZE, TA_WIKIDATA_DEFAULT_MAX_SIZE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ta_wikidata_init (TaWikidata *self)
{
  self->endpoint = g_strdup (TA_WIKIDATA_DEFAULT_ENDPOINT);
  self->timeout = TA_WIKIDATA_DEFAULT_TIMEOUT;
  self->max_size = TA_WIKIDATA_DEFAULT_MAX_SIZE;
  self->session = soup_session_new_with_options ("user-agent", ta_wikidata_get_user_agent (),
                                                 "timeout", self->timeout,
                                                 NULL);
}

const char *
ta_wikidata_get_user_agent (void)
{
  return "TwinAtlas/" PACKAGE_VERSION " (https://github.com/twinatlas/twin-atlas)";
}

TaWikidata *
ta_wikidata_new (void)
{
  return g_object_new (TA_TYPE_WIKIDATA, NULL);
}

void
ta_wikidata_set_endpoint (TaWikidata *self,
                          const char *endpoint)
{
  g_return_if_fail (TA_IS_WIKIDATA (self));

  if (endpoint == NULL)
    endpoint = TA_WIKIDATA_DEFAULT_ENDPOINT;
  if (g_strcmp0 (self->endpoint, endpoint) == 0)
    return;

  g_free (self->endpoint);
  self->endpoint = g_strdup (endpoint);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}

const char *
ta_wikidata_get_endpoint (TaWikidata *self)
{
  g_return_val_if_fail (TA_IS_WIKIDATA (self), NULL);

  return self->endpoint;
}

void
ta_wikidata_set_timeout (TaWikidata *self,
                         guint       seconds)
{
  g_return_if_fail (TA_IS_WIKIDATA (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

void
ta_wikidata_set_max_size (TaWikidata *self,
                          gsize       max_size)
{
  g_return_if_fail (TA_IS_WIKIDATA (self));
  g_return_if_fail (max_size > 0);

  if (self->max_size == max_size)
    return;

  self->max_size = max_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SIZE]);
}

/* The query */

static gboolean
valid_country (const char *code)
{
  return code != NULL && strlen (code) == 2 && g_ascii_isalpha (code[0]) && g_ascii_isalpha (code[1]);
}

static gboolean
valid_qid (const char *qid)
{
  if (qid == NULL || qid[0] != 'Q' || qid[1] < '1' || qid[1] > '9' || strlen (qid) > 12)
    return FALSE;
  for (const char *p = qid + 2; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

static void
append_end (GString    *query,
            const char *end)
{
  static const char * const langs[] = { "en", "pl", "de" };

  g_string_append_printf (query,
                          "  OPTIONAL { ?%s wdt:P625 ?%sCoord . }\n"
                          "  OPTIONAL { ?%s wdt:P1082 ?%sPop . }\n",
                          end, end, end, end);
  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    g_string_append_printf (query,
                            "  OPTIONAL { ?%s rdfs:label ?%sLabel_%s . FILTER (lang (?%sLabel_%s) = \"%s\") }\n",
                            end, end, langs[i], end, langs[i], langs[i]);
}

/**
 * ta_wikidata_build_query:
 *
 * One result per P190 statement of the towns asked for, with the
 * statement's start and end (P580, P582), both towns' point (P625),
 * population (P1082), country code (P17 → P297) and labels in English,
 * Polish and German: the variables ta-sparql-import.c reads.
 */
char *
ta_wikidata_build_query (const char  *country_code,
                         const char  *town_qid,
                         GError     **error)
{
  g_autofree char *country = NULL;
  GString *query;

  if (country_code != NULL && !valid_country (country_code))
    {
      g_set_error (error, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_INVALID_QUERY,
                   _("“%s” is not a two-letter country code (ISO 3166-1 alpha-2, such as PL)"), country_code);
      return NULL;
    }
  if (town_qid != NULL && !valid_qid (town_qid))
    {
      g_set_error (error, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_INVALID_QUERY,
                   _("“%s” is not a Wikidata item id (Q followed by digits)"), town_qid);
      return NULL;
    }
  if (country_code == NULL && town_qid == NULL)
    {
      g_set_error (error, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_INVALID_QUERY,
                   _("Ask Wikidata for a country or a town"));
      return NULL;
    }

  country = country_code != NULL ? g_ascii_strup (country_code, -1) : NULL;
  query = g_string_new ("PREFIX wd: <http://www.wikidata.org/entity/>\n"
                        "PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
                        "PREFIX p: <http://www.wikidata.org/prop/>\n"
                        "PREFIX ps: <http://www.wikidata.org/prop/statement/>\n"
                        "PREFIX pq: <http://www.wikidata.org/prop/qualifier/>\n"
                        "PREFIX wikibase: <http://wikiba.se/ontology#>\n"
                        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                        "SELECT ?town ?townLabel_en ?townLabel_pl ?townLabel_de ?townCountry ?townCoord ?townPop\n"
                        "       ?partner ?partnerLabel_en ?partnerLabel_pl ?partnerLabel_de ?partnerCountry\n"
                        "       ?partnerCoord ?partnerPop ?start ?end\n"
                        "WHERE {\n");
  if (town_qid != NULL)
    g_string_append_printf (query, "  VALUES ?town { wd:%s }\n", town_qid);
  if (country != NULL)
    g_string_append_printf (query,
                            "  ?countryItem wdt:P297 \"%s\" .\n"
                            "  ?town wdt:P17 ?countryItem .\n"
                            "  BIND (\"%s\" AS ?townCountry)\n",
                            country, country);
  else
    g_string_append (query, "  OPTIONAL { ?town wdt:P17/wdt:P297 ?townCountry . }\n");

  g_string_append (query,
                   "  ?town p:P190 ?statement .\n"
                   "  ?statement ps:P190 ?partner ; wikibase:rank ?rank .\n"
                   "  FILTER (?rank != wikibase:DeprecatedRank)\n"
                   "  OPTIONAL { ?statement pq:P580 ?start . }\n"
                   "  OPTIONAL { ?statement pq:P582 ?end . }\n"
                   "  OPTIONAL { ?partner wdt:P17/wdt:P297 ?partnerCountry . }\n");
  append_end (query, "town");
  append_end (query, "partner");
  g_string_append (query, "}\n");

  return g_string_free (query, FALSE);
}

char *
ta_wikidata_describe_query (const char *country_code,
                            const char *town_qid)
{
  if (country_code != NULL && town_qid != NULL)
    return g_strdup_printf ("P190 twinnings of %s (%s)", town_qid, country_code);
  if (town_qid != NULL)
    return g_strdup_printf ("P190 twinnings of %s", town_qid);

  return g_strdup_printf ("P190 twinnings of towns in %s", country_code);
}

/* The fetch */

static void read_next (GTask *task);

static void
return_error (GTask  *task,
              GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);

  /* The deadline cancels our cancellable: say so, not "cancelled". */
  if (fetch->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_task_return_new_error (task, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_TIMED_OUT,
                               g_dngettext (GETTEXT_PACKAGE, "“%s” did not answer within %u second",
                                            "“%s” did not answer within %u seconds", fetch->timeout),
                               fetch->endpoint, fetch->timeout);
      g_error_free (error);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  if (error->domain == TA_WIKIDATA_ERROR)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_new_error (task, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_NETWORK,
                           _("Could not reach “%s”: %s"), fetch->endpoint, error->message);
  g_error_free (error);
}

static gboolean
on_deadline_cb (gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->timed_out = TRUE;
  g_cancellable_cancel (fetch->cancellable);

  g_clear_pointer (&fetch->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_external_cancelled_cb (GCancellable *external,
                          GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&fetch->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (fetch->body->len + g_bytes_get_size (chunk) > fetch->max_size)
    {
      g_cancellable_cancel (fetch->cancellable);
      g_task_return_new_error (task, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_TOO_LARGE,
                               _("The answer of “%s” is larger than %zu bytes, the most Twin Atlas reads; "
                                 "ask for one town or a smaller country"),
                               fetch->endpoint, fetch->max_size);
      return;
    }

  g_byte_array_append (fetch->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (fetch->progress != NULL)
    fetch->progress (fetch->body->len, fetch->progress_data);

  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (fetch->stream, READ_SIZE, G_PRIORITY_DEFAULT, fetch->cancellable,
                                   on_read_cb, task);
}

static gboolean
check_response (Fetch   *fetch,
                GError **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->message);
  guint status = soup_message_get_status (fetch->message);
  const char *content_type;
  goffset length;

  if (status == 429 /* Too Many Requests: libsoup 3.2 has no name for it */)
    {
      const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");

      if (retry_after != NULL)
        g_set_error (error, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_RATE_LIMITED,
                     _("“%s” answered HTTP 429 Too Many Requests: try again after %s%s"),
                     fetch->endpoint, retry_after,
                     g_ascii_isdigit (retry_after[0]) ? _(" seconds") : "");
      else
        g_set_error (error, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_RATE_LIMITED,
                     _("“%s” answered HTTP 429 Too Many Requests: try again later"), fetch->endpoint);
      return FALSE;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *reason = soup_message_get_reason_phrase (fetch->message);

      g_set_error (error, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_HTTP,
                   _("“%s” answered HTTP %u %s"), fetch->endpoint, status,
                   reason != NULL && *reason != '\0' ? reason : soup_status_get_phrase (status));
      return FALSE;
    }

  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (g_strcmp0 (content_type, "application/sparql-results+json") != 0 &&
      g_strcmp0 (content_type, "application/json") != 0)
    {
      g_set_error (error, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_NOT_SPARQL,
                   _("“%s” answered with %s instead of SPARQL results in JSON (an error page?)"),
                   fetch->endpoint, content_type != NULL ? content_type : _("no content type"));
      return FALSE;
    }

  length = soup_message_headers_get_content_length (headers);
  if (length > 0 && (guint64) length > fetch->max_size)
    {
      g_set_error (error, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_TOO_LARGE,
                   _("The answer of “%s” is larger than %zu bytes, the most Twin Atlas reads; "
                     "ask for one town or a smaller country"),
                   fetch->endpoint, fetch->max_size);
      return FALSE;
    }

  return TRUE;
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (fetch->stream == NULL)
    {
      return_error (task, error);
      return;
    }

  if (!check_response (fetch, &error))
    {
      g_cancellable_cancel (fetch->cancellable);
      g_task_return_error (task, error);
      return;
    }

  fetch->body = g_byte_array_new ();
  read_next (g_steal_pointer (&task));
}

void
ta_wikidata_fetch_async (TaWikidata          *self,
                         const char          *country_code,
                         const char          *town_qid,
                         GCancellable        *cancellable,
                         TaWikidataProgress   progress,
                         gpointer             progress_data,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *query = NULL;
  GError *error = NULL;
  Fetch *fetch;

  g_return_if_fail (TA_IS_WIKIDATA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ta_wikidata_fetch_async);

  fetch = g_new0 (Fetch, 1);
  fetch->endpoint = g_strdup (self->endpoint);
  fetch->timeout = self->timeout;
  fetch->max_size = self->max_size;
  fetch->progress = progress;
  fetch->progress_data = progress_data;
  fetch->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  query = ta_wikidata_build_query (country_code, town_qid, &error);
  if (query == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  fetch->message = soup_message_new_from_encoded_form ("POST", self->endpoint,
                                                       soup_form_encode ("query", query, NULL));
  if (fetch->message == NULL)
    {
      g_task_return_new_error (task, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_NETWORK,
                               _("“%s” is not an http or https address"), self->endpoint);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (fetch->message),
                                "Accept", "application/sparql-results+json");

  if (cancellable != NULL)
    {
      fetch->external = g_object_ref (cancellable);
      fetch->external_id = g_cancellable_connect (cancellable, G_CALLBACK (on_external_cancelled_cb),
                                                  fetch->cancellable, NULL);
    }

  fetch->deadline = g_timeout_source_new_seconds (fetch->timeout);
  g_source_set_callback (fetch->deadline, on_deadline_cb, fetch, NULL);
  g_source_set_name (fetch->deadline, "[twin-atlas] wikidata deadline");
  g_source_attach (fetch->deadline, g_main_context_get_thread_default ());

  soup_session_send_async (self->session, fetch->message, G_PRIORITY_DEFAULT, fetch->cancellable,
                           on_sent_cb, g_steal_pointer (&task));
}

GBytes *
ta_wikidata_fetch_finish (TaWikidata    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (TA_IS_WIKIDATA (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
