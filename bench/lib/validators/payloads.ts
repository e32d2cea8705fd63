// The payloads the validator benchmark times: the spec's own examples as the
// valid ones, and copies with typical mistakes as the invalid ones.
import { CustomerCreateRequestSeed, CustomerSeed } from "../../../generated/examples.js";
import { checkCustomer, checkCustomerCreateRequest } from "./hand-written-checks.js";
import { validateCustomer, validateCustomerCreateRequest, type ValidationResult } from "../../../generated/validators.js";

export type Subject = "customer" | "create";
export type Path = "valid" | "invalid";

const copy = <T>(value: T): T => structuredClone(value) as T;

const invalidCustomer = () => {
  const customer: Record<string, unknown> = { ...copy(CustomerSeed), email: "bob.smith(at)email.com", referrals: { total: "3", campaigns: [] } };
  delete customer.created_at;
  return customer;
};

const invalidCreate = () => ({ ...copy(CustomerCreateRequestSeed), adress: { city: "NY" }, email: "bob.smith(at)email.com", name: 42 });

export interface Contestants {
  /** The generated validator. */
  generated: (data: unknown) => ValidationResult<unknown>;
  /** The same rules written by hand. */
  handWritten: (data: unknown) => ValidationResult<unknown>;
}

export const contestants: Record<Subject, Contestants> = {
  customer: { generated: validateCustomer, handWritten: checkCustomer },
  create: { generated: validateCustomerCreateRequest, handWritten: checkCustomerCreateRequest },
};

export function payload(subject: Subject, path: Path): unknown {
  if (subject === "customer") return path === "valid" ? copy(CustomerSeed) : invalidCustomer();
  return path === "valid" ? copy(CustomerCreateRequestSeed) : invalidCreate();
}

/** The schema each subject stands for, by its component name. */
export const schemaName: Record<Subject, "Customer" | "CustomerCreateRequest"> = { customer: "Customer", create: "CustomerCreateRequest" };
