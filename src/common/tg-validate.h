/* tg-validate.h: validators for the identifiers and values Throughgate stores.
 *
 * Each validator takes the field name (used in the error message), the raw
 * input, and returns the canonical form as a new string, or NULL with an
 * error in TG_VALIDATION_ERROR whose message starts with "FIELD: ".
 * Canonical forms: upper case identifiers without spaces, NHS numbers as ten
 * digits, ISO 8601 dates.
 */
#pragma once

#include <glib.h>

#include "tg-error.h"

G_BEGIN_DECLS

/* Prison number: one letter, four digits, two letters (A1234BC). */
char *tg_validate_prison_number (const char  *field,
                                 const char  *input,
                                 GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* PNC ID: YYYY/NNNNNNNC, or the short form YY/N…C with a serial of up to
 * seven digits. The check letter is (two-digit year followed by the serial
 * padded to seven digits) mod 23, indexed into "ZABCDEFGHJKLMNPQRTUVWXY". */
char *tg_validate_pnc_id (const char  *field,
                          const char  *input,
                          GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* CRO number: NNNNNN/YYC or SF YY/NNNNNNC, checked with the PNC table on the
 * two-digit year followed by the serial padded to seven digits. */
char *tg_validate_cro_number (const char  *field,
                              const char  *input,
                              GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* NHS number: ten digits (spaces and hyphens allowed on input) whose last
 * digit is the modulus 11 check digit; a check value of 10 is never valid. */
char *tg_validate_nhs_number (const char  *field,
                              const char  *input,
                              GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Probation case reference number: one letter and six digits (A123456). */
char *tg_validate_crn (const char  *field,
                       const char  *input,
                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* ISO 8601 calendar date, YYYY-MM-DD, a real day of the Gregorian calendar. */
char *tg_validate_date (const char  *field,
                        const char  *input,
                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* ISO 8601 date and time; without a zone it is read as local time. The
 * canonical form is UTC: 2026-11-27T09:30:00Z. */
char *tg_validate_date_time (const char  *field,
                             const char  *input,
                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Time of day, HH:MM in 24 hours. */
char *tg_validate_time (const char  *field,
                        const char  *input,
                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Check letter of the PNC/CRO table for a two-digit year and a serial. */
char tg_pnc_check_letter (guint year2,
                          guint serial);

/* Check digit of an NHS number from its first nine digits; -1 when the
 * remainder makes the number invalid. */
int tg_nhs_check_digit (const char *nine_digits);

G_END_DECLS
