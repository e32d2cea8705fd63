// The string formats the validators check: ajv-formats' "full" set, with
// `date` and `date-time` re-implemented to the same rules. ajv-formats parses
// them with capturing regular expressions and `split`, which allocate on every
// call: its date-time check alone was most of the time spent validating a
// whole Customer. Here one non-capturing test settles the shape and the
// numbers are read digit by digit. test/validators-formats.test.ts checks
// that both give the same answer. Bundled into generated/validators.js.
import type { Format, FormatDefinition } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const DATE_SHAPE = /^\d\d\d\d-\d\d-\d\d$/;
// The date, one "T" or whitespace, the time, and a required offset (RFC 3339).
export const DATE_TIME_SHAPE = /^\d\d\d\d-\d\d-\d\d[t\s]\d\d:\d\d:\d\d(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)$/i;

/** The number written by the two ASCII digits at `at` (the shape is already checked). */
const twoDigits = (text: string, at: number) => (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;

/** Whether text[0..10) (shape checked) names a day that exists, leap years included. */
function isCalendarDay(text: string): boolean {
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month]!);
}

/** `YYYY-MM-DD`, a real calendar day. */
export function isDate(text: string): boolean {
  return DATE_SHAPE.test(text) && isCalendarDay(text);
}

/** RFC 3339 date-time with a required offset; a leap second only at 23:59:60 UTC. */
export function isDateTime(text: string): boolean {
  if (!DATE_TIME_SHAPE.test(text) || !isCalendarDay(text)) return false;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17); // the fraction never changes the comparisons below
  let at = 19;
  if (text.charCodeAt(at) === 46 /* . */) do at++; while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57);
  let sign = 1;
  let offsetHours = 0;
  let offsetMinutes = 0;
  const zone = text[at];
  if (zone === "+" || zone === "-") {
    sign = zone === "-" ? -1 : 1;
    offsetHours = twoDigits(text, at + 1);
    if (text.length > at + 3) offsetMinutes = twoDigits(text, text[at + 3] === ":" ? at + 4 : at + 3);
  }
  if (offsetHours > 23 || offsetMinutes > 59) return false;
  if (hour <= 23 && minute <= 59 && second <= 59) return true;
  const utcMinute = minute - offsetMinutes * sign;
  const utcHour = hour - offsetHours * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second <= 60;
}

/** Every format the validators know, by name, as AJV's `addFormat` takes them. */
export const formats: Record<string, Format> = {
  ...fullFormats,
  // `compare` (for formatMinimum and the like) stays ajv-formats' own.
  date: { ...(fullFormats.date as FormatDefinition<string>), validate: isDate },
  "date-time": { ...(fullFormats["date-time"] as FormatDefinition<string>), validate: isDateTime },
};
