// The guard on alternatives (anyOf/oneOf): open enums, alternatives added or
// removed anywhere in the list, and discriminators. Each case sets up both
// specs from the small fixture, then changes the new one in one place.
import { describe, expect, it } from "vitest";
import type { Change } from "../scripts/lib/breaking/change.js";
import { diffBetween } from "./support/spec-diff.js";

const schemas = (spec: any) => spec.components.schemas;
const GET = "GET /items/{itemId}";
const RESPONSE = "response 200 (application/json)";
const CREATE_BODY = "request body (application/json)";

const breakingOnes = (changes: Change[]) => changes.filter((c) => c.class === "breaking");

/** An open enum as this project's spec writes one: the known values, then any string. */
const openEnum = (values: string[], nullable = false) => ({
  anyOf: [{ type: "string", enum: values }, { type: "string" }, ...(nullable ? [{ type: "null" }] : [])],
});

describe("open enums (known values listed, any string allowed)", () => {
  const respColor = (values: string[], nullable = false) => (s: any) => (schemas(s).Item.properties.color = openEnum(values, nullable));
  const reqColor = (values: string[]) => (s: any) => (schemas(s).ItemCreate.properties.color = openEnum(values));

  it("a new known value in a response is not breaking: readers already take any string", () => {
    const changes = diffBetween(respColor(["red", "green"]), respColor(["red", "green", "blue"]));
    expect(breakingOnes(changes)).toEqual([]);
    expect(changes).toContainEqual(
      expect.objectContaining({ class: "non-breaking", bump: "minor", rule: "response.known-values-added", operation: GET, part: RESPONSE, pointer: "/color" }),
    );
  });

  it("the same with null among the alternatives (`anyOf: [{enum}, {type: string}, {type: null}]`)", () => {
    const changes = diffBetween(respColor(["red", "green"], true), respColor(["red", "green", "blue"], true));
    expect(breakingOnes(changes)).toEqual([]);
    expect(changes).toContainEqual(expect.objectContaining({ rule: "response.known-values-added", pointer: "/color" }));
  });

  it("a known value dropped from a request's open enum is not breaking: the value is still accepted", () => {
    const changes = diffBetween(reqColor(["red", "green"]), reqColor(["red"]));
    expect(breakingOnes(changes)).toEqual([]);
    expect(changes).toContainEqual(expect.objectContaining({ class: "non-breaking", rule: "request.known-values-removed", part: CREATE_BODY, pointer: "/color" }));
  });

  it("a closed enum gaining a value is still breaking in a response, and closing an open one still breaks senders", () => {
    const closedResponse = diffBetween(() => {}, (s) => schemas(s).Item.properties.color.enum.push("blue"));
    expect(closedResponse).toContainEqual(expect.objectContaining({ class: "breaking", rule: "response.enum-widened", pointer: "/color" }));
    const closedRequest = diffBetween(reqColor(["red", "green"]), (s) => (schemas(s).ItemCreate.properties.color = { type: "string", enum: ["red", "green"] }));
    expect(closedRequest).toContainEqual(expect.objectContaining({ class: "breaking", rule: "request.enum-narrowed", pointer: "/color" }));
  });
});

describe("alternatives matched by what they are, not by position", () => {
  const sizeIn = (schema: string, alternatives: object[]) => (s: any) => (schemas(s)[schema].properties.size = { anyOf: alternatives });
  const INT = { type: "integer" };
  const STR = { type: "string" };
  const BOOL = { type: "boolean" };

  it("an alternative put first in a request is only an addition", () => {
    const changes = diffBetween(sizeIn("ItemCreate", [INT, STR]), sizeIn("ItemCreate", [BOOL, INT, STR]));
    expect(breakingOnes(changes)).toEqual([]);
    expect(changes).toContainEqual(expect.objectContaining({ class: "non-breaking", rule: "request.variant-added", pointer: "/size" }));
  });

  it("the first alternative removed from a response is only a narrowing", () => {
    const changes = diffBetween(sizeIn("Item", [INT, STR, BOOL]), sizeIn("Item", [STR, BOOL]));
    expect(breakingOnes(changes)).toEqual([]);
    expect(changes).toContainEqual(expect.objectContaining({ class: "non-breaking", rule: "response.variant-removed", operation: GET, pointer: "/size" }));
  });

  it("the same moves keep their class the other way round: breaking for a request's senders and a response's readers", () => {
    const removed = diffBetween(sizeIn("ItemCreate", [INT, STR, BOOL]), sizeIn("ItemCreate", [STR, BOOL]));
    expect(removed).toContainEqual(expect.objectContaining({ class: "breaking", rule: "request.variant-removed", pointer: "/size" }));
    const added = diffBetween(sizeIn("Item", [INT, STR]), sizeIn("Item", [BOOL, INT, STR]));
    expect(added).toContainEqual(expect.objectContaining({ class: "breaking", rule: "response.variant-added", pointer: "/size" }));
  });
});

describe("object alternatives and discriminators", () => {
  const kinds = (where: string, discriminator = false) => (s: any) => {
    const shape = (kind: string, field: string) => ({ type: "object", required: ["kind", field], properties: { kind: { const: kind }, [field]: { type: "number" } } });
    schemas(s).Circle = shape("circle", "r");
    schemas(s).Square = shape("square", "side");
    schemas(s).Triangle = shape("triangle", "a");
    schemas(s)[where].properties.shape = { oneOf: [{ $ref: "#/components/schemas/Circle" }, { $ref: "#/components/schemas/Square" }] };
    if (discriminator) {
      schemas(s)[where].properties.shape.discriminator = {
        propertyName: "kind",
        mapping: { circle: "#/components/schemas/Circle", square: "#/components/schemas/Square" },
      };
    }
  };
  const shapeOf = (s: any, where: string) => schemas(s)[where].properties.shape;

  it("a kind put first in a request body is an addition, not every kind changing", () => {
    const changes = diffBetween(kinds("ItemCreate"), (s) => shapeOf(s, "ItemCreate").oneOf.unshift({ $ref: "#/components/schemas/Triangle" }));
    expect(breakingOnes(changes)).toEqual([]);
    expect(changes).toContainEqual(expect.objectContaining({ class: "non-breaking", rule: "request.variant-added", part: CREATE_BODY, pointer: "/shape" }));
  });

  it("a kind removed from a response is a narrowing: its fields going with it are not 'removed'", () => {
    const changes = diffBetween(kinds("Item"), (s) => shapeOf(s, "Item").oneOf.shift());
    expect(breakingOnes(changes)).toEqual([]);
    expect(changes).toContainEqual(expect.objectContaining({ class: "non-breaking", rule: "response.variant-removed", operation: GET, pointer: "/shape" }));
  });

  it("a field removed from a kind that stays is still breaking in a response", () => {
    const changes = diffBetween(kinds("Item"), (s) => {
      delete schemas(s).Circle.properties.r;
      schemas(s).Circle.required = ["kind"];
    });
    expect(changes).toContainEqual(expect.objectContaining({ class: "breaking", rule: "response.property-removed", operation: GET, pointer: "/shape/r" }));
  });

  it("a discriminator value that selects another schema is compared as that schema", () => {
    const retarget = (where: string) => (s: any) => (shapeOf(s, where).discriminator.mapping.circle = "#/components/schemas/Square");
    const response = diffBetween(kinds("Item", true), retarget("Item"));
    expect(response).toContainEqual(expect.objectContaining({ class: "breaking", rule: "response.property-removed", operation: GET, pointer: "/shape/r" }));
    const request = diffBetween(kinds("ItemCreate", true), retarget("ItemCreate"));
    expect(request).toContainEqual(expect.objectContaining({ class: "breaking", rule: "request.property-required", pointer: "/shape/side" }));
  });

  it("a value mapped to a schema of the same shape under another name changes nothing a client sees", () => {
    const changes = diffBetween(kinds("Item", true), (s) => {
      schemas(s).Round = structuredClone(schemas(s).Circle);
      shapeOf(s, "Item").discriminator.mapping.circle = "#/components/schemas/Round";
      shapeOf(s, "Item").oneOf[0].$ref = "#/components/schemas/Round";
    });
    expect(changes).toEqual([expect.objectContaining({ rule: "spec.documentation", bump: "patch" })]);
  });

  it("a renamed discriminator property is breaking on both sides", () => {
    const rename = (where: string) => (s: any) => (shapeOf(s, where).discriminator.propertyName = "type");
    expect(diffBetween(kinds("Item", true), rename("Item"))).toContainEqual(
      expect.objectContaining({ class: "breaking", rule: "response.discriminator-changed", operation: GET, pointer: "/shape" }),
    );
    expect(diffBetween(kinds("ItemCreate", true), rename("ItemCreate"))).toContainEqual(
      expect.objectContaining({ class: "breaking", rule: "request.discriminator-changed", pointer: "/shape" }),
    );
  });

  it("a discriminator value dropped breaks senders, one added breaks readers", () => {
    const drop = (where: string) => (s: any) => delete shapeOf(s, where).discriminator.mapping.square;
    expect(diffBetween(kinds("ItemCreate", true), drop("ItemCreate"))).toContainEqual(
      expect.objectContaining({ class: "breaking", rule: "request.discriminator-value-removed", message: 'discriminator value "square" is no longer mapped' }),
    );
    const add = (where: string) => (s: any) => {
      shapeOf(s, where).oneOf.push({ $ref: "#/components/schemas/Triangle" });
      shapeOf(s, where).discriminator.mapping.triangle = "#/components/schemas/Triangle";
    };
    expect(diffBetween(kinds("Item", true), add("Item"))).toContainEqual(
      expect.objectContaining({ class: "breaking", rule: "response.discriminator-value-added", operation: GET }),
    );
    const request = diffBetween(kinds("ItemCreate", true), add("ItemCreate"));
    expect(breakingOnes(request)).toEqual([]);
    expect(request).toContainEqual(expect.objectContaining({ class: "non-breaking", rule: "request.discriminator-value-added" }));
  });
});
