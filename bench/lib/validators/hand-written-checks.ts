// The yardstick for the validator benchmark: `Customer` and
// `CustomerCreateRequest` checked by plain JavaScript, written the way a
// careful engineer would write them for speed, with the same rules as the spec
// (types, nulls, required fields, closed request objects, email/date/date-time
// formats with ajv-formats' "full" semantics) and the same result shape as the
// generated validators: a branch-only predicate first, and the issues (paths
// and messages) collected only for a value it rejects.
// bench/lib/validators/parity.ts keeps it honest: the benchmark refuses to run
// when this and the generated validator disagree.
import type { ValidationIssue, ValidationResult } from "../../../generated/validators.js";
import { formats, isDate, isDateTime } from "../../../src/validation/formats.js";

type Issues = ValidationIssue[];

// The format checks are the very functions the generated validators call
// (ajv-formats' email rule; the package's date and date-time), so the
// comparison measures how the checks are put together, not which regex wins.
const EMAIL = formats.email as RegExp;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isInteger = (v: unknown) => Number.isInteger(v);
const add = (issues: Issues, path: string, keyword: string, message: string) => issues.push({ path, keyword, message });

function stringOrNull(issues: Issues, path: string, value: unknown, format?: (s: string) => boolean, formatMessage = "") {
  if (value === undefined || value === null) return;
  if (typeof value !== "string") add(issues, path, "type", "must be a string or null");
  else if (format && !format(value)) add(issues, path, "format", formatMessage);
}

function integerOrNull(issues: Issues, path: string, value: unknown) {
  if (value !== null && !isInteger(value)) add(issues, path, "type", "must be an integer or null");
}

function requiredInteger(issues: Issues, path: string, value: unknown, minimum?: number) {
  if (value === undefined) add(issues, path, "required", "is required");
  else if (!isInteger(value)) add(issues, path, "type", "must be an integer");
  else if (minimum !== undefined && (value as number) < minimum) add(issues, path, "minimum", `must be at least ${minimum}`);
}

function optionalString(issues: Issues, path: string, value: unknown) {
  if (value !== undefined && typeof value !== "string") add(issues, path, "type", "must be a string");
}

function checkAddress(issues: Issues, path: string, a: Record<string, unknown>) {
  stringOrNull(issues, `${path}/city`, a.city);
  stringOrNull(issues, `${path}/state`, a.state);
  stringOrNull(issues, `${path}/line_1`, a.line_1);
  stringOrNull(issues, `${path}/line_2`, a.line_2);
  stringOrNull(issues, `${path}/country`, a.country);
  stringOrNull(issues, `${path}/postal_code`, a.postal_code);
}

function checkSummary(issues: Issues, path: string, s: Record<string, unknown>) {
  const r = s.redemptions;
  if (r === undefined) add(issues, `${path}/redemptions`, "required", "is required");
  else if (!isObject(r)) add(issues, `${path}/redemptions`, "type", "must be an object");
  else {
    const p = `${path}/redemptions`;
    requiredInteger(issues, `${p}/total_redeemed`, r.total_redeemed);
    requiredInteger(issues, `${p}/total_failed`, r.total_failed);
    requiredInteger(issues, `${p}/total_succeeded`, r.total_succeeded);
    requiredInteger(issues, `${p}/total_rolled_back`, r.total_rolled_back);
    requiredInteger(issues, `${p}/total_rollback_failed`, r.total_rollback_failed);
    requiredInteger(issues, `${p}/total_rollback_succeeded`, r.total_rollback_succeeded);
    const gift = r.gift;
    if (gift === undefined) add(issues, `${p}/gift`, "required", "is required");
    else if (!isObject(gift)) add(issues, `${p}/gift`, "type", "must be an object");
    else {
      requiredInteger(issues, `${p}/gift/redeemed_amount`, gift.redeemed_amount);
      requiredInteger(issues, `${p}/gift/amount_to_go`, gift.amount_to_go);
    }
    const card = r.loyalty_card;
    if (card === undefined) add(issues, `${p}/loyalty_card`, "required", "is required");
    else if (!isObject(card)) add(issues, `${p}/loyalty_card`, "type", "must be an object");
    else {
      requiredInteger(issues, `${p}/loyalty_card/redeemed_points`, card.redeemed_points);
      requiredInteger(issues, `${p}/loyalty_card/points_to_go`, card.points_to_go);
    }
  }
  const o = s.orders;
  if (o === undefined) add(issues, `${path}/orders`, "required", "is required");
  else if (!isObject(o)) add(issues, `${path}/orders`, "type", "must be an object");
  else {
    const p = `${path}/orders`;
    for (const key of ["total_amount", "total_count", "average_amount", "last_order_amount"] as const) {
      if (o[key] === undefined) add(issues, `${p}/${key}`, "required", "is required");
      else integerOrNull(issues, `${p}/${key}`, o[key]);
    }
    stringOrNull(issues, `${p}/last_order_date`, o.last_order_date, isDateTime, "must be a valid ISO 8601 date-time");
  }
}

function checkLoyalty(issues: Issues, path: string, l: Record<string, unknown>) {
  requiredInteger(issues, `${path}/points`, l.points);
  requiredInteger(issues, `${path}/referred_customers`, l.referred_customers);
  const campaigns = l.campaigns;
  if (campaigns === undefined) add(issues, `${path}/campaigns`, "required", "is required");
  else if (!isObject(campaigns)) add(issues, `${path}/campaigns`, "type", "must be an object");
  else {
    for (const name in campaigns) {
      const c = campaigns[name];
      const p = `${path}/campaigns/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (!isObject(c)) add(issues, p, "type", "must be an object");
      else {
        if (c.points !== undefined && !isInteger(c.points)) add(issues, `${p}/points`, "type", "must be an integer");
        optionalString(issues, `${p}/loyalty_tier`, c.loyalty_tier);
        if (c.referred_customers !== undefined && !isInteger(c.referred_customers)) add(issues, `${p}/referred_customers`, "type", "must be an integer");
      }
    }
  }
}

function checkReferrals(issues: Issues, path: string, r: Record<string, unknown>) {
  requiredInteger(issues, `${path}/total`, r.total);
  const campaigns = r.campaigns;
  if (campaigns === undefined) add(issues, `${path}/campaigns`, "required", "is required");
  else if (!Array.isArray(campaigns)) add(issues, `${path}/campaigns`, "type", "must be an array");
  else {
    for (let i = 0; i < campaigns.length; i++) {
      const c = campaigns[i];
      const p = `${path}/campaigns/${i}`;
      if (!isObject(c)) {
        add(issues, p, "type", "must be an object");
        continue;
      }
      for (const key of ["campaign_id", "referrer_id", "related_object_id", "related_object_type"] as const) {
        if (c[key] === undefined) add(issues, `${p}/${key}`, "required", "is required");
        else optionalString(issues, `${p}/${key}`, c[key]);
      }
      if (c.date === undefined) add(issues, `${p}/date`, "required", "is required");
      else if (typeof c.date !== "string") add(issues, `${p}/date`, "type", "must be a string");
      else if (!isDateTime(c.date)) add(issues, `${p}/date`, "format", "must be a valid ISO 8601 date-time");
    }
  }
}

function nullableObject(issues: Issues, path: string, value: unknown, check: (issues: Issues, path: string, o: Record<string, unknown>) => void) {
  if (value === null || value === undefined) return;
  if (isObject(value)) check(issues, path, value);
  else add(issues, path, "type", "must be an object or null");
}


// ---- the fast predicates: branches only, no allocation ----

const strOrNull = (v: unknown) => v === undefined || v === null || typeof v === "string";
const optStr = (v: unknown) => v === undefined || typeof v === "string";
const optInt = (v: unknown) => v === undefined || isInteger(v);
const email = (v: unknown) => v === undefined || v === null || (typeof v === "string" && EMAIL.test(v));
const date = (v: unknown) => v === undefined || v === null || (typeof v === "string" && isDate(v));
const dateTimeOrNull = (v: unknown) => v === undefined || v === null || (typeof v === "string" && isDateTime(v));
const count = (v: unknown) => isInteger(v); // no bounds on returned numbers (issue 10)
const intOrNull = (v: unknown) => v === null || isInteger(v);

function isAddress(a: Record<string, unknown>): boolean {
  return strOrNull(a.city) && strOrNull(a.state) && strOrNull(a.line_1) && strOrNull(a.line_2) && strOrNull(a.country) && strOrNull(a.postal_code);
}

function isSummary(s: Record<string, unknown>): boolean {
  const r = s.redemptions;
  const o = s.orders;
  if (!isObject(r) || !isObject(o)) return false;
  const gift = r.gift;
  const card = r.loyalty_card;
  return (
    count(r.total_redeemed) && count(r.total_failed) && count(r.total_succeeded) && count(r.total_rolled_back) &&
    count(r.total_rollback_failed) && count(r.total_rollback_succeeded) &&
    isObject(gift) && isInteger(gift.redeemed_amount) && isInteger(gift.amount_to_go) &&
    isObject(card) && isInteger(card.redeemed_points) && isInteger(card.points_to_go) &&
    intOrNull(o.total_amount) && intOrNull(o.total_count) && intOrNull(o.average_amount) && intOrNull(o.last_order_amount) &&
    dateTimeOrNull(o.last_order_date)
  );
}

function isLoyalty(l: Record<string, unknown>): boolean {
  const campaigns = l.campaigns;
  if (!isInteger(l.points) || !isInteger(l.referred_customers) || !isObject(campaigns)) return false;
  for (const name in campaigns) {
    const c = campaigns[name];
    if (!isObject(c) || !optInt(c.points) || !optStr(c.loyalty_tier) || !optInt(c.referred_customers)) return false;
  }
  return true;
}

function isReferrals(r: Record<string, unknown>): boolean {
  const campaigns = r.campaigns;
  if (!isInteger(r.total) || !Array.isArray(campaigns)) return false;
  for (let i = 0; i < campaigns.length; i++) {
    const c = campaigns[i];
    if (
      !isObject(c) || typeof c.campaign_id !== "string" || typeof c.referrer_id !== "string" ||
      typeof c.related_object_id !== "string" || typeof c.related_object_type !== "string" ||
      typeof c.date !== "string" || !isDateTime(c.date)
    ) return false;
  }
  return true;
}

function isCustomer(d: Record<string, unknown>): boolean {
  const { address, summary, loyalty, referrals, metadata, system_metadata: system, assets } = d;
  return (
    typeof d.id === "string" && d.object === "customer" && typeof d.created_at === "string" && isDateTime(d.created_at) &&
    summary !== undefined && loyalty !== undefined && referrals !== undefined &&
    // A returned email is any string (issue 10: formats only on requests).
    strOrNull(d.source_id) && strOrNull(d.name) && strOrNull(d.description) && strOrNull(d.email) && strOrNull(d.phone) &&
    date(d.birthday) && date(d.birthdate) &&
    (address === undefined || address === null || (isObject(address) && isAddress(address))) &&
    (summary === null || (isObject(summary) && isSummary(summary))) &&
    (loyalty === null || (isObject(loyalty) && isLoyalty(loyalty))) &&
    (referrals === null || (isObject(referrals) && isReferrals(referrals))) &&
    (metadata === undefined || isObject(metadata)) && (system === undefined || isObject(system)) &&
    dateTimeOrNull(d.updated_at) &&
    (assets === undefined || (isObject(assets) && optStr(assets.cockpit_url) && optStr(assets.cockpit_preference_center_url)))
  );
}

function isCreateRequest(d: Record<string, unknown>): boolean {
  for (const key in d) if (!isCreateKey(key)) return false;
  const address = d.address;
  if (address !== undefined && address !== null) {
    if (!isObject(address)) return false;
    for (const key in address) if (!isAddressKey(key)) return false;
    if (!isAddress(address)) return false;
  }
  const metadata = d.metadata;
  return (
    optStr(d.id) && optStr(d.source_id) && strOrNull(d.name) && strOrNull(d.description) && email(d.email) && strOrNull(d.phone) &&
    date(d.birthday) && date(d.birthdate) && (metadata === undefined || metadata === null || isObject(metadata))
  );
}


function customerIssues(data: Record<string, unknown>): Issues {
  const issues: Issues = [];
  for (const key of ["id", "object", "created_at", "summary", "loyalty", "referrals"] as const) {
    if (data[key] === undefined) add(issues, `/${key}`, "required", "is required");
  }
  optionalString(issues, "/id", data.id);
  stringOrNull(issues, "/source_id", data.source_id);
  stringOrNull(issues, "/name", data.name);
  stringOrNull(issues, "/description", data.description);
  stringOrNull(issues, "/email", data.email);
  stringOrNull(issues, "/phone", data.phone);
  stringOrNull(issues, "/birthday", data.birthday, isDate, "must be a valid calendar date");
  stringOrNull(issues, "/birthdate", data.birthdate, isDate, "must be a valid calendar date");
  nullableObject(issues, "/address", data.address, checkAddress);
  nullableObject(issues, "/summary", data.summary, checkSummary);
  nullableObject(issues, "/loyalty", data.loyalty, checkLoyalty);
  nullableObject(issues, "/referrals", data.referrals, checkReferrals);
  if (data.metadata !== undefined && !isObject(data.metadata)) add(issues, "/metadata", "type", "must be an object");
  if (data.system_metadata !== undefined && !isObject(data.system_metadata)) add(issues, "/system_metadata", "type", "must be an object");
  if (typeof data.created_at === "string") {
    if (!isDateTime(data.created_at)) add(issues, "/created_at", "format", "must be a valid ISO 8601 date-time");
  } else if (data.created_at !== undefined) add(issues, "/created_at", "type", "must be a string");
  stringOrNull(issues, "/updated_at", data.updated_at, isDateTime, "must be a valid ISO 8601 date-time");
  if (data.assets !== undefined) {
    if (!isObject(data.assets)) add(issues, "/assets", "type", "must be an object");
    else {
      optionalString(issues, "/assets/cockpit_url", data.assets.cockpit_url);
      optionalString(issues, "/assets/cockpit_preference_center_url", data.assets.cockpit_preference_center_url);
    }
  }
  if (data.object !== undefined && data.object !== "customer") add(issues, "/object", "const", 'must be "customer"');
  return issues;
}

function isCreateKey(key: string): boolean {
  switch (key) {
    case "id": case "source_id": case "name": case "description": case "email":
    case "phone": case "birthday": case "birthdate": case "address": case "metadata":
      return true;
    default:
      return false;
  }
}

function isAddressKey(key: string): boolean {
  switch (key) {
    case "city": case "state": case "line_1": case "line_2": case "country": case "postal_code":
      return true;
    default:
      return false;
  }
}

function createRequestIssues(data: Record<string, unknown>): Issues {
  const issues: Issues = [];
  for (const key in data) if (!isCreateKey(key)) add(issues, `/${key}`, "additionalProperties", "is not an allowed property");
  optionalString(issues, "/id", data.id);
  optionalString(issues, "/source_id", data.source_id);
  stringOrNull(issues, "/name", data.name);
  stringOrNull(issues, "/description", data.description);
  stringOrNull(issues, "/email", data.email, (s) => EMAIL.test(s), "must be a valid email address");
  stringOrNull(issues, "/phone", data.phone);
  stringOrNull(issues, "/birthday", data.birthday, isDate, "must be a valid calendar date");
  stringOrNull(issues, "/birthdate", data.birthdate, isDate, "must be a valid calendar date");
  const address = data.address;
  if (address !== undefined && address !== null) {
    if (!isObject(address)) add(issues, "/address", "type", "must be an object or null");
    else {
      for (const key in address) if (!isAddressKey(key)) add(issues, `/address/${key}`, "additionalProperties", "is not an allowed property");
      checkAddress(issues, "/address", address);
    }
  }
  if (data.metadata !== undefined && data.metadata !== null && !isObject(data.metadata)) add(issues, "/metadata", "type", "must be an object or null");
  return issues;
}

// ---- the public checks: the predicate, then issues only when it says no ----

const NOT_AN_OBJECT: ValidationResult<unknown> = { ok: false, errors: [{ path: "", keyword: "type", message: "must be an object" }] };

export function checkCustomer(data: unknown): ValidationResult<unknown> {
  if (!isObject(data)) return NOT_AN_OBJECT;
  return isCustomer(data) ? { ok: true, value: data } : { ok: false, errors: customerIssues(data) };
}

export function checkCustomerCreateRequest(data: unknown): ValidationResult<unknown> {
  if (!isObject(data)) return NOT_AN_OBJECT;
  return isCreateRequest(data) ? { ok: true, value: data } : { ok: false, errors: createRequestIssues(data) };
}
