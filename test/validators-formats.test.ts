// The package's own date and date-time checks (src/validation/formats.ts)
// must give exactly ajv-formats' "full" answers: they replace those for speed.
import { fullFormats } from "ajv-formats/dist/formats.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDate, isDateTime } from "../src/validation/formats.js";

const reference = (name: "date" | "date-time") => (fullFormats[name] as { validate: (s: string) => boolean }).validate;
const RUNS = 20_000;

const digits = (n: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: n, maxLength: n });
const twoDigits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
// Dates near and past every edge: month 00-13, day 00-32, leap and non-leap years.
const dateLike = fc.oneof(
  fc.tuple(fc.constantFrom("2000", "1900", "2024", "2023", "0000", "9999", "2100"), twoDigits(13), twoDigits(32)).map(([y, m, d]) => `${y}-${m}-${d}`),
  fc.tuple(digits(4), twoDigits(13), twoDigits(32)).map(([y, m, d]) => `${y}-${m}-${d}`),
);
const timeLike = fc
  .tuple(
    twoDigits(25),
    twoDigits(61),
    twoDigits(61),
    fc.constantFrom("", ".5", ".123456", ".", ".x"),
    fc.oneof(
      fc.constantFrom("Z", "z", "", "Q", "+", "-"),
      fc.tuple(fc.constantFrom("+", "-"), twoDigits(25), fc.constantFrom(":", "", ";"), fc.constantFrom("", "00", "30", "59", "60", "99")).map((p) => p.join("")),
    ),
  )
  .map(([h, m, s, fraction, zone]) => `${h}:${m}:${s}${fraction}${zone}`);
const dateTimeLike = fc.oneof(
  fc.tuple(dateLike, fc.constantFrom("T", "t", " ", "\u2003", "\n", "x", "TT", ""), timeLike).map((p) => p.join("")),
  // Leap seconds, in UTC and at offsets that do and do not make them 23:59:60 UTC.
  fc.tuple(dateLike, fc.constantFrom("23:59:60", "00:59:60", "22:59:60", "23:58:60", "23:59:61"), fc.constantFrom("Z", "+01:00", "-01:00", "+00:01", "-00:01", "+0100"))
    .map(([d, t, z]) => `${d}T${t}${z}`),
  fc.string({ unit: fc.constantFrom(..."0123456789-:tTzZ+. "), maxLength: 32 }),
);

function agreeOn(name: "date" | "date-time", ours: (s: string) => boolean, inputs: fc.Arbitrary<string>) {
  const theirs = reference(name);
  const seen = { true: 0, false: 0 };
  fc.assert(
    fc.property(inputs, (text) => {
      const answer = ours(text);
      seen[`${answer}`]++;
      expect(answer, JSON.stringify(text)).toBe(theirs(text));
    }),
    { numRuns: RUNS },
  );
  return seen;
}

describe("the faster date formats", () => {
  it("answer like ajv-formats' full date on edge-heavy input", () => {
    const seen = agreeOn("date", isDate, fc.oneof(dateLike, fc.string({ maxLength: 12 })));
    // Both answers must have come up often, or agreement proves little.
    expect(seen.true).toBeGreaterThan(RUNS / 10);
    expect(seen.false).toBeGreaterThan(RUNS / 10);
  });

  it("answer like ajv-formats' full date-time on edge-heavy input", () => {
    const seen = agreeOn("date-time", isDateTime, dateTimeLike);
    expect(seen.true).toBeGreaterThan(RUNS / 20);
    expect(seen.false).toBeGreaterThan(RUNS / 10);
  });

  it.each([
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["1900-02-29", false],
    ["2000-02-29", true],
    ["2022-04-31", false],
    ["2022-00-10", false],
    ["22-01-01", false],
    ["2022-01-01T00:00:00Z", false],
  ])("date %s → %s", (text, expected) => {
    expect(isDate(text)).toBe(expected);
  });

  it.each([
    ["2022-08-30T06:32:07.380Z", true],
    ["2022-08-30 06:32:07+02:00", true],
    ["2022-08-30t06:32:07.1z", true],
    ["2016-12-31T23:59:60Z", true],
    ["2016-12-31T22:59:60-01:00", true],
    ["2016-12-31T23:59:60+01:00", false],
    ["2022-08-30T06:32:07", false],
    ["2022-08-30T24:00:00Z", false],
    ["2022-02-30T06:32:07Z", false],
    ["2022-08-30T06:32:07+24:00", false],
  ])("date-time %s → %s", (text, expected) => {
    expect(isDateTime(text)).toBe(expected);
  });
});
