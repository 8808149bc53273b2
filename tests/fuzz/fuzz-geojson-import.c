/* fuzz-geojson-import.c: libFuzzer target for the GeoJSON import
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_import (data, size, TA_IMPORT_FORMAT_GEOJSON, "fuzz.geojson");
  return 0;
}
