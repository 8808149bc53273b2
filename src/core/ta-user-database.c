/* ta-user-database.c: the user's own copy of the atlas
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bundled dataset is read-only and replaced by updates; the user's edits
 * live in a copy under $XDG_DATA_HOME.  The copy is made once, on first
 * start, through a temporary file renamed into place, so an interrupted copy
 * never leaves a half-written atlas behind.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "ta-db.h"
#include "ta-user-database.h"

/**
 * ta_user_database_ensure:
 * @bundled_path: the bundled atlas to start from
 * @user_path: where the user's atlas lives
 *
 * Makes sure @user_path exists, copying @bundled_path there if it does not.
 * An existing @user_path is never touched.
 */
gboolean
ta_user_database_ensure (const char  *bundled_path,
                         const char  *user_path,
                         GError     **error)
{
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) temporary = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *temporary_path = NULL;

  g_return_val_if_fail (bundled_path != NULL, FALSE);
  g_return_val_if_fail (user_path != NULL, FALSE);

  if (g_file_test (user_path, G_FILE_TEST_EXISTS))
    return TRUE;

  if (!g_file_test (bundled_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_NOT_FOUND,
                   _("The bundled atlas “%s” is missing; reinstall Twin Atlas"), bundled_path);
      return FALSE;
    }

  dir = g_path_get_dirname (user_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  temporary_path = g_strconcat (user_path, ".partial", NULL);
  source = g_file_new_for_path (bundled_path);
  temporary = g_file_new_for_path (temporary_path);

  if (!g_file_copy (source, temporary, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code,
                   _("Cannot copy the bundled atlas to “%s”: %s"), user_path, local_error->message);
      g_unlink (temporary_path);
      return FALSE;
    }

  if (g_rename (temporary_path, user_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create “%s”: %s"), user_path, g_strerror (saved_errno));
      g_unlink (temporary_path);
      return FALSE;
    }

  g_chmod (user_path, 0600);
  return TRUE;
}
