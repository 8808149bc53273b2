/* test-csv.c: tests of the CSV reader
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ta-csv.h"

static TaCsvReader *
reader_for (const char *text,
            gssize      len)
{
  g_autoptr(GInputStream) stream = NULL;

  if (len < 0)
    len = strlen (text);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (text, len), len, g_free);

  return ta_csv_reader_new (stream, "test.csv");
}

/* Reads the next record and checks it against a "|"-joined expectation. */
static void
assert_record (TaCsvReader *reader,
               const char  *expected,
               guint        line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  GStrv fields = NULL;

  g_assert_true (ta_csv_reader_next (reader, &fields, &error));
  g_assert_no_error (error);
  joined = g_strjoinv ("|", fields);
  g_assert_cmpstr (joined, ==, expected);
  g_assert_cmpuint (ta_csv_reader_get_n_fields (reader), ==, g_strv_length (fields));
  g_assert_cmpuint (ta_csv_reader_get_line (reader), ==, line);
}

static void
assert_end (TaCsvReader *reader)
{
  g_autoptr(GError) error = NULL;
  GStrv fields = NULL;

  g_assert_false (ta_csv_reader_next (reader, &fields, &error));
  g_assert_no_error (error);
  g_assert_null (fields);
}

static void
test_header (void)
{
  g_autoptr(TaCsvReader) reader = reader_for ("city1,country1, lat1 ,lng1\n"
                                              "Berat,Albania,40.7022,19.9583\n", -1);
  g_autoptr(GError) error = NULL;
  static const char * const wanted[] = { "lng1", "city1", NULL };
  static const char * const missing[] = { "city1", "city3", NULL };
  int indices[3];

  g_assert_true (ta_csv_reader_read_header (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ta_csv_reader_get_delimiter (reader), ==, ',');
  g_assert_cmpuint (g_strv_length ((GStrv) ta_csv_reader_get_header (reader)), ==, 4);
  g_assert_cmpint (ta_csv_reader_get_column_index (reader, "city1"), ==, 0);
  g_assert_cmpint (ta_csv_reader_get_column_index (reader, "lat1"), ==, 2);
  g_assert_cmpint (ta_csv_reader_get_column_index (reader, "city2"), ==, -1);

  g_assert_true (ta_csv_reader_require_columns (reader, wanted, indices, &error));
  g_assert_no_error (error);
  g_assert_cmpint (indices[0], ==, 3);
  g_assert_cmpint (indices[1], ==, 0);

  g_assert_false (ta_csv_reader_require_columns (reader, missing, indices, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_MISSING_COLUMN);
  g_assert_nonnull (strstr (error->message, "city3"));
  g_assert_nonnull (strstr (error->message, "test.csv"));

  assert_record (reader, "Berat|Albania|40.7022|19.9583", 2);
  g_assert_cmpstr (ta_csv_reader_get_field (reader, 1), ==, "Albania");
  g_assert_cmpstr (ta_csv_reader_get_field (reader, 9), ==, "");
  g_assert_cmpstr (ta_csv_reader_get_field (reader, -1), ==, "");
  assert_end (reader);
}

static void
test_bom (void)
{
  g_autoptr(TaCsvReader) reader = reader_for ("\xef\xbb\xbfname;kind\nŁódź;city\n", -1);
  g_autoptr(GError) error = NULL;

  g_assert_true (ta_csv_reader_read_header (reader, &error));
  g_assert_no_error (error);
  /* The byte order mark must not stick to the first column name. */
  g_assert_cmpint (ta_csv_reader_get_column_index (reader, "name"), ==, 0);
  g_assert_cmpint (ta_csv_reader_get_delimiter (reader), ==, ';');
  assert_record (reader, "Łódź|city", 2);
  assert_end (reader);
}

static void
test_semicolons (void)
{
  /* Spreadsheets in Polish or German locales write semicolons and decimal
   * commas; the commas must stay inside the fields. */
  g_autoptr(TaCsvReader) reader = reader_for ("miasto;lat;lon\n"
                                              "Kraków;50,06;19,94\n"
                                              "\"Gmina Chrzanów; Lesser Poland\";50,13;19,4\n", -1);
  g_autoptr(GError) error = NULL;

  g_assert_true (ta_csv_reader_read_header (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ta_csv_reader_get_delimiter (reader), ==, ';');
  assert_record (reader, "Kraków|50,06|19,94", 2);
  assert_record (reader, "Gmina Chrzanów; Lesser Poland|50,13|19,4", 3);
  assert_end (reader);
}

static void
test_tabs (void)
{
  g_autoptr(TaCsvReader) reader = reader_for ("Q393\tStettin\nQ270\tWarschau, Hauptstadt\n", -1);

  /* No header: detection uses the first record. */
  assert_record (reader, "Q393|Stettin", 1);
  g_assert_cmpint (ta_csv_reader_get_delimiter (reader), ==, '\t');
  assert_record (reader, "Q270|Warschau, Hauptstadt", 2);
  assert_end (reader);
}

static void
test_forced_delimiter (void)
{
  g_autoptr(TaCsvReader) reader = reader_for ("a,b;c\td\n", -1);

  ta_csv_reader_set_delimiter (reader, ';');
  assert_record (reader, "a,b|c\td", 1);
  assert_end (reader);
}

static void
test_quotes (void)
{
  g_autoptr(TaCsvReader) reader = reader_for ("name,note\n"
                                              "\"Córdoba, Bolívar\",\"said \"\"hello\"\"\"\n"
                                              "\"\",\"\"\"\"\n"
                                              "plain \"quoted\" text,x\n", -1);
  g_autoptr(GError) error = NULL;

  g_assert_true (ta_csv_reader_read_header (reader, &error));
  assert_record (reader, "Córdoba, Bolívar|said \"hello\"", 2);
  assert_record (reader, "|\"", 3);
  assert_record (reader, "plain \"quoted\" text|x", 4);
  assert_end (reader);
}

static void
test_embedded_newlines (void)
{
  g_autoptr(TaCsvReader) reader = reader_for ("id,text\n"
                                              "1,\"first\nsecond\nthird\"\n"
                                              "2,\"crlf\r\ninside\"\r\n"
                                              "3,after\n", -1);
  g_autoptr(GError) error = NULL;

  g_assert_true (ta_csv_reader_read_header (reader, &error));
  assert_record (reader, "1|first\nsecond\nthird", 2);
  /* The record after a three-line field starts on line 5. */
  assert_record (reader, "2|crlf\r\ninside", 5);
  assert_record (reader, "3|after", 7);
  assert_end (reader);
}

static void
test_crlf (void)
{
  g_autoptr(TaCsvReader) reader = reader_for ("a,b\r\n1,2\r\n\r\n3,\r\n,4", -1);
  g_autoptr(GError) error = NULL;

  g_assert_true (ta_csv_reader_read_header (reader, &error));
  assert_record (reader, "1|2", 2);
  /* Line 3 is blank and skipped; the last line has no line end. */
  assert_record (reader, "3|", 4);
  assert_record (reader, "|4", 5);
  assert_end (reader);
}

static void
test_crlf_across_blocks (void)
{
  /* Put the CR of a CRLF as the last byte of the first 64 KiB block. */
  const gsize block = 64 * 1024;
  g_autoptr(GString) text = g_string_new ("x\n");
  g_autoptr(TaCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint records = 0;
  GStrv fields;

  while (text->len < block - 1)
    g_string_append_c (text, 'y');
  g_string_append (text, "\r\nlast\r\n");
  g_assert_cmpuint (text->str[block - 1], ==, '\r');

  reader = reader_for (text->str, text->len);
  while (ta_csv_reader_next (reader, &fields, &error))
    {
      records++;
      if (records == 3)
        {
          g_assert_cmpstr (fields[0], ==, "last");
          g_assert_cmpuint (ta_csv_reader_get_line (reader), ==, 3);
        }
    }
  g_assert_no_error (error);
  g_assert_cmpuint (records, ==, 3);
}

static void
test_unbalanced_quote (void)
{
  g_autoptr(TaCsvReader) reader = reader_for ("a,b\n1,2\n3,\"open\nstill open\n", -1);
  g_autoptr(GError) error = NULL;
  GStrv fields;

  g_assert_true (ta_csv_reader_read_header (reader, &error));
  assert_record (reader, "1|2", 2);
  g_assert_false (ta_csv_reader_next (reader, &fields, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_SYNTAX);
  /* The message names the file, the line where the field opened and its column. */
  g_assert_nonnull (strstr (error->message, "test.csv"));
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_nonnull (strstr (error->message, "column 2 (“b”)"));
  g_clear_error (&error);

  /* The reader stays failed rather than resync at a random point. */
  g_assert_false (ta_csv_reader_next (reader, &fields, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_SYNTAX);
}

static void
test_text_after_quote (void)
{
  g_autoptr(TaCsvReader) reader = reader_for ("\"a\"b,c\n", -1);
  g_autoptr(GError) error = NULL;
  GStrv fields;

  g_assert_false (ta_csv_reader_next (reader, &fields, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 1, column 1"));
}

static void
test_invalid_utf8 (void)
{
  /* Latin-1 "Kraków" on line 4, in the second column of the third record. */
  g_autoptr(TaCsvReader) reader = reader_for ("name,place\nx,y\nz,\"multi\nline Krak\xf3w\"\n", -1);
  g_autoptr(GError) error = NULL;
  GStrv fields;

  g_assert_true (ta_csv_reader_read_header (reader, &error));
  assert_record (reader, "x|y", 2);
  g_assert_false (ta_csv_reader_next (reader, &fields, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "line 4, column 2"));
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

static void
test_utf16 (void)
{
  static const char utf16[] = "\xff\xfe" "a\0,\0b\0\n\0";
  g_autoptr(TaCsvReader) reader = reader_for (utf16, sizeof utf16 - 1);
  g_autoptr(GError) error = NULL;

  g_assert_false (ta_csv_reader_read_header (reader, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "UTF-16"));
}

static void
test_nul_byte (void)
{
  static const char text[] = "a,b\n1,x\0y\n";
  g_autoptr(TaCsvReader) reader = reader_for (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  GStrv fields;

  g_assert_true (ta_csv_reader_read_header (reader, &error));
  g_assert_false (ta_csv_reader_next (reader, &fields, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "line 2, column 2"));
}

static void
test_huge_field (void)
{
  /* A 10 MB quoted field that never ends must fail at the limit, not eat
   * memory until the end of the input. */
  g_autoptr(GString) text = g_string_new ("name,blob\nok,1\nbad,\"");
  g_autoptr(TaCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  GStrv fields;

  for (guint i = 0; i < 10 * 1000 * 1000 / 64; i++)
    g_string_append (text, "0123456789012345678901234567890123456789012345678901234567890\n\n\n");

  reader = reader_for (text->str, text->len);
  g_assert_true (ta_csv_reader_read_header (reader, &error));
  assert_record (reader, "ok|1", 2);
  g_assert_false (ta_csv_reader_next (reader, &fields, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "line 3, column 2 (“blob”)"));
  g_assert_nonnull (strstr (error->message, "65536"));
}

static void
test_limits (void)
{
  g_autoptr(TaCsvReader) columns = reader_for ("a,b,c,d\n", -1);
  g_autoptr(TaCsvReader) record = reader_for ("short,fields\n12345,67890,abcde\n", -1);
  g_autoptr(TaCsvReader) field = reader_for ("abc,abcdefg\n", -1);
  g_autoptr(GError) error = NULL;
  GStrv fields;

  ta_csv_reader_set_limits (columns, 100, 100, 3);
  g_assert_false (ta_csv_reader_next (columns, &fields, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "more than 3 columns"));
  g_clear_error (&error);

  ta_csv_reader_set_limits (record, 100, 16, 10);
  assert_record (record, "short|fields", 1);
  g_assert_false (ta_csv_reader_next (record, &fields, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "line 2, column 3"));
  g_clear_error (&error);

  ta_csv_reader_set_limits (field, 5, 100, 10);
  g_assert_false (ta_csv_reader_next (field, &fields, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "line 1, column 2"));
}

static void
test_empty (void)
{
  g_autoptr(TaCsvReader) reader = reader_for ("", 0);
  g_autoptr(TaCsvReader) blank = reader_for ("\n\r\n\n", -1);
  g_autoptr(GError) error = NULL;

  g_assert_false (ta_csv_reader_read_header (reader, &error));
  g_assert_error (error, TA_CSV_ERROR, TA_CSV_ERROR_NO_HEADER);
  g_assert_nonnull (strstr (error->message, "test.csv"));

  assert_end (blank);
}

static void
test_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ta-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "towns.tsv", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  g_autoptr(TaCsvReader) reader = NULL;
  g_autoptr(TaCsvReader) none = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "city\tcountry\nBrody\tPoland\n", -1, &error));

  reader = ta_csv_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ta_csv_reader_get_name (reader), ==, path);
  g_assert_true (ta_csv_reader_read_header (reader, &error));
  assert_record (reader, "Brody|Poland", 2);
  assert_end (reader);

  none = ta_csv_reader_new_for_path (missing, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ta/csv/header", test_header);
  g_test_add_func ("/ta/csv/bom", test_bom);
  g_test_add_func ("/ta/csv/semicolons", test_semicolons);
  g_test_add_func ("/ta/csv/tabs", test_tabs);
  g_test_add_func ("/ta/csv/forced-delimiter", test_forced_delimiter);
  g_test_add_func ("/ta/csv/quotes", test_quotes);
  g_test_add_func ("/ta/csv/embedded-newlines", test_embedded_newlines);
  g_test_add_func ("/ta/csv/crlf", test_crlf);
  g_test_add_func ("/ta/csv/crlf-across-blocks", test_crlf_across_blocks);
  g_test_add_func ("/ta/csv/unbalanced-quote", test_unbalanced_quote);
  g_test_add_func ("/ta/csv/text-after-quote", test_text_after_quote);
  g_test_add_func ("/ta/csv/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/ta/csv/utf16", test_utf16);
  g_test_add_func ("/ta/csv/nul-byte", test_nul_byte);
  g_test_add_func ("/ta/csv/huge-field", test_huge_field);
  g_test_add_func ("/ta/csv/limits", test_limits);
  g_test_add_func ("/ta/csv/empty", test_empty);
  g_test_add_func ("/ta/csv/path", test_path);

  return g_test_run ();
}
