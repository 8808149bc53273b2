/* fuzz-common.h: one import per fuzzer input, into a synthetic atlas in memory
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include "ta-importer.h"

/* Reads @data as @format into a fresh in-memory atlas, previews it,
 * decides every ambiguity and commits what can be committed. */
void fuzz_import (const uint8_t  *data,
                  size_t          size,
                  TaImportFormat  format,
                  const char     *name);

int  LLVMFuzzerInitialize   (int            *argc,
                             char         ***argv);
int  LLVMFuzzerTestOneInput (const uint8_t  *data,
                             size_t          size);
