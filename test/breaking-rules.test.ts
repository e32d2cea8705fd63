// One test per rule of the breaking-change guard, each fed with the small
// fixture spec and a copy of it changed in one place.
import { describe, expect, it } from "vitest";
import type { Change } from "../scripts/lib/breaking/change.js";
import { diffSpecs } from "../scripts/lib/breaking/diff-specs.js";
import { breakingBase as base, diffAfter, diffBetween } from "./support/spec-diff.js";

const schemas = (spec: any) => spec.components.schemas;
const CREATE = "POST /items";
const CREATE_BODY = "request body (application/json)";
const GET = "GET /items/{itemId}";

function expectChange(changes: Change[], expected: Partial<Change>) {
  expect(changes).toContainEqual(expect.objectContaining(expected));
}

describe("breaking-change guard: the spec against itself", () => {
  it("finds nothing when nothing changed", () => {
    expect(diffAfter(() => {})).toEqual([]);
  });

  it("calls a description-only change documentation, a patch", () => {
    const changes = diffAfter((s) => (schemas(s).Item.description = "An item of the catalogue."));
    expect(changes).toEqual([expect.objectContaining({ class: "non-breaking", bump: "patch", rule: "spec.documentation" })]);
  });

  it("sees an allOf refactoring and an anyOf-null wrapper as no change", () => {
    const changes = diffAfter((s) => {
      const { id, ...rest } = schemas(s).Item.properties;
      schemas(s).ItemBase = { type: "object", required: ["id"], properties: { id } };
      schemas(s).Item = { allOf: [{ $ref: "#/components/schemas/ItemBase" }, { type: "object", required: ["name"], properties: rest }] };
      schemas(s).Item.allOf[1].properties.note = { anyOf: [{ type: "string" }, { type: "null" }] };
    });
    expect(changes.filter((c) => c.rule !== "spec.documentation")).toEqual([]);
  });

  it("compares a recursive schema without looping", () => {
    const changes = diffAfter((s) => delete schemas(s).Item.properties.size);
    expectChange(changes, { rule: "response.property-removed", pointer: "/size" });
    expect(changes.some((c) => c.pointer.startsWith("/parent/parent/parent"))).toBe(false);
  });
});

describe("breaking-change guard: what clients send", () => {
  it("a new required property is breaking", () => {
    const changes = diffAfter((s) => {
      schemas(s).ItemCreate.properties.sku = { type: "string" };
      schemas(s).ItemCreate.required.push("sku");
    });
    expectChange(changes, { class: "breaking", bump: "major", rule: "request.property-required", operation: CREATE, part: CREATE_BODY, pointer: "/sku" });
  });

  it("an optional property becoming required is breaking", () => {
    const changes = diffAfter((s) => schemas(s).ItemCreate.required.push("color"));
    expectChange(changes, { class: "breaking", rule: "request.property-required", pointer: "/color", message: "property `color` is now required" });
  });

  it("a new optional property is not breaking", () => {
    const changes = diffAfter((s) => (schemas(s).ItemCreate.properties.sku = { type: "string" }));
    expect(changes).toEqual([expect.objectContaining({ class: "non-breaking", bump: "minor", rule: "request.property-added", pointer: "/sku" })]);
  });

  it("a removed accepted property is breaking", () => {
    const changes = diffAfter((s) => delete schemas(s).ItemCreate.properties.tags);
    expectChange(changes, { class: "breaking", rule: "request.property-removed", pointer: "/tags" });
  });

  it("no longer accepting null is breaking", () => {
    const changes = diffAfter((s) => (schemas(s).ItemCreate.properties.note.type = "string"));
    expectChange(changes, { class: "breaking", rule: "request.type-narrowed", pointer: "/note", message: "no longer accepts null" });
  });

  it("a changed type is breaking", () => {
    const changes = diffAfter((s) => (schemas(s).ItemCreate.properties.size = { type: "string" }));
    expectChange(changes, { class: "breaking", rule: "request.type-changed", pointer: "/size" });
  });

  it("a widened type is not breaking", () => {
    const changes = diffAfter((s) => (schemas(s).ItemCreate.properties.size = { type: "number" }));
    expect(changes).toEqual([expect.objectContaining({ class: "non-breaking", rule: "request.type-widened", pointer: "/size" })]);
  });

  it("a narrowed enum is breaking", () => {
    const changes = diffAfter((s) => (schemas(s).ItemCreate.properties.color.enum = ["red"]));
    expectChange(changes, { class: "breaking", rule: "request.enum-narrowed", pointer: "/color", message: 'no longer allows "green"' });
  });

  it("a widened enum is not breaking", () => {
    const changes = diffAfter((s) => schemas(s).ItemCreate.properties.color.enum.push("blue"));
    expect(changes).toEqual([expect.objectContaining({ class: "non-breaking", rule: "request.enum-widened", pointer: "/color" })]);
  });

  it("a tighter bound is breaking and a looser one is not", () => {
    const tighter = diffAfter((s) => (schemas(s).ItemCreate.properties.name.maxLength = 10));
    expectChange(tighter, { class: "breaking", rule: "request.constraint-narrowed", pointer: "/name", message: "maxLength added → 10" });
    const looser = diffAfter((s) => delete s.paths["/items/{itemId}"].get.parameters[0].schema.maximum);
    expectChange(looser, { class: "non-breaking", rule: "request.constraint-widened", part: "query parameter limit" });
  });

  it("closing an open object is breaking", () => {
    const changes = diffAfter((s) => (schemas(s).ItemCreate.properties.metadata.additionalProperties = false));
    expectChange(changes, { class: "breaking", rule: "request.closed", pointer: "/metadata" });
  });

  it("a change deep in an array item is found at its pointer", () => {
    const changes = diffAfter((s) => (schemas(s).ItemCreate.properties.tags.items = { type: "string", minLength: 2 }));
    expectChange(changes, { class: "breaking", rule: "request.constraint-narrowed", pointer: "/tags/*" });
  });

  it("a request body becoming required, or removed, is breaking", () => {
    const optional = structuredClone(base);
    optional.paths["/items"].post.requestBody.required = false;
    expectChange(diffSpecs(optional, base), { class: "breaking", rule: "request-body.became-required", operation: CREATE });
    expectChange(diffAfter((s) => delete s.paths["/items"].post.requestBody), { class: "breaking", rule: "request-body.removed" });
  });
});

describe("breaking-change guard: parameters", () => {
  const params = (s: any) => s.paths["/items/{itemId}"].get.parameters;

  it("a new required parameter is breaking", () => {
    const changes = diffAfter((s) => params(s).push({ name: "region", in: "query", required: true, schema: { type: "string" } }));
    expectChange(changes, { class: "breaking", rule: "parameter.required-added", operation: GET, part: "query parameter region" });
  });

  it("a new optional parameter is not breaking", () => {
    const changes = diffAfter((s) => params(s).push({ name: "region", in: "query", schema: { type: "string" } }));
    expect(changes).toEqual([expect.objectContaining({ class: "non-breaking", rule: "parameter.added" })]);
  });

  it("an optional parameter becoming required is breaking", () => {
    const changes = diffAfter((s) => (params(s)[0].required = true));
    expectChange(changes, { class: "breaking", rule: "parameter.became-required", part: "query parameter limit" });
  });

  it("a removed parameter is breaking", () => {
    const changes = diffAfter((s) => params(s).splice(1, 1));
    expectChange(changes, { class: "breaking", rule: "parameter.removed", part: "query parameter filter" });
  });

  it("a narrowed parameter schema is breaking", () => {
    const changes = diffAfter((s) => (params(s)[0].schema.maximum = 50));
    expectChange(changes, { class: "breaking", rule: "request.constraint-narrowed", part: "query parameter limit", message: "maximum 100 → 50" });
  });

  it("a renamed path parameter is breaking, and the path is still the same operation", () => {
    const changes = diffAfter((s) => {
      const item = s.paths["/items/{itemId}"];
      item.parameters[0].name = "id";
      s.paths["/items/{id}"] = item;
      delete s.paths["/items/{itemId}"];
    });
    expectChange(changes, { class: "breaking", rule: "parameter.renamed", part: "path parameter itemId" });
    expect(changes.some((c) => c.rule === "operation.removed")).toBe(false);
  });
});

describe("breaking-change guard: what clients receive", () => {
  const RESPONSE = "response 200 (application/json)";

  it("a removed field is breaking", () => {
    const changes = diffAfter((s) => delete schemas(s).Item.properties.note);
    expectChange(changes, { class: "breaking", rule: "response.property-removed", operation: GET, part: RESPONSE, pointer: "/note" });
  });

  it("a field that became optional is breaking", () => {
    const changes = diffAfter((s) => (schemas(s).Item.required = ["id"]));
    expectChange(changes, { class: "breaking", rule: "response.property-optional", pointer: "/name", message: "property `name` may now be missing" });
  });

  it("a field that became nullable is breaking", () => {
    const changes = diffAfter((s) => (schemas(s).Item.properties.name.type = ["string", "null"]));
    expectChange(changes, { class: "breaking", rule: "response.became-nullable", pointer: "/name", message: "can now be null" });
  });

  it("a field that is no longer nullable is not breaking", () => {
    const changes = diffAfter((s) => (schemas(s).Item.properties.note.type = "string"));
    expect(changes.filter((c) => c.part.startsWith("response"))).toEqual(
      expect.arrayContaining([expect.objectContaining({ class: "non-breaking", rule: "response.type-narrowed", pointer: "/note" })]),
    );
    expect(changes.filter((c) => c.part.startsWith("response") && c.class === "breaking")).toEqual([]);
  });

  it("a widened enum is breaking", () => {
    const changes = diffAfter((s) => schemas(s).Item.properties.color.enum.push("blue"));
    expectChange(changes, { class: "breaking", rule: "response.enum-widened", pointer: "/color", message: 'now allows "blue"' });
  });

  it("a changed type is breaking", () => {
    const changes = diffAfter((s) => (schemas(s).Item.properties.size = { type: "string" }));
    expectChange(changes, { class: "breaking", rule: "response.type-changed", pointer: "/size" });
  });

  it("a new field is not breaking", () => {
    const changes = diffAfter((s) => (schemas(s).Item.properties.weight = { type: "number" }));
    expect(changes.every((c) => c.class === "non-breaking")).toBe(true);
    expectChange(changes, { rule: "response.property-added", pointer: "/weight" });
  });

  it("a removed status code is breaking", () => {
    const changes = diffAfter((s) => delete s.paths["/items/{itemId}"].get.responses["404"]);
    expectChange(changes, { class: "breaking", rule: "response.status-removed", operation: GET, part: "response 404" });
  });

  it("a new success status is breaking and a new error status is not", () => {
    const changes = diffAfter((s) => {
      s.paths["/items"].post.responses["202"] = { description: "Queued." };
      s.paths["/items"].post.responses["429"] = { $ref: "#/components/responses/Error" };
    });
    expectChange(changes, { class: "breaking", rule: "response.success-status-added", part: "response 202" });
    expectChange(changes, { class: "non-breaking", rule: "response.status-added", part: "response 429" });
  });
});

describe("breaking-change guard: alternatives (anyOf/oneOf) read as one union", () => {
  const onlyFor = (changes: Change[], pointer: string) => changes.filter((c) => c.pointer === pointer && c.rule !== "spec.documentation");

  it("an enum opened to any string (known values kept for autocompletion) is reported once, as enum-widened", () => {
    const changes = diffAfter((s) => (schemas(s).Item.properties.color = { anyOf: [{ type: "string", enum: ["red", "green"] }, { type: "string" }] }));
    // In a response, and not again as a removed value, a changed type or an added alternative.
    expect(onlyFor(changes.filter((c) => c.operation === GET), "/color")).toEqual([
      expect.objectContaining({ class: "breaking", rule: "response.enum-widened", message: "is no longer limited to a fixed set of values" }),
    ]);
  });

  it("the same opening in a request is not breaking", () => {
    const changes = diffAfter((s) => (schemas(s).ItemCreate.properties.color = { anyOf: [{ type: "string", enum: ["red", "green"] }, { type: "string" }] }));
    expect(onlyFor(changes.filter((c) => c.part === CREATE_BODY), "/color")).toEqual([
      expect.objectContaining({ class: "non-breaking", rule: "request.enum-widened" }),
    ]);
  });

  it("one shape becoming one of several is variant-added: breaking in a response", () => {
    const changes = diffAfter((s) => {
      const item = schemas(s).Item;
      schemas(s).Item = { anyOf: [item, { type: "object", required: ["id", "name", "kind"], properties: { id: { type: "string" }, name: { type: "string" }, kind: { const: "bundle" } } }] };
    });
    expectChange(changes, { class: "breaking", rule: "response.variant-added", operation: GET, pointer: "", message: "now one of 2 alternatives (anyOf/oneOf)" });
  });

  it("wrapping a shape in anyOf with null is not variant-added", () => {
    const changes = diffAfter((s) => (schemas(s).Item.properties.size = { anyOf: [{ type: "integer" }, { type: "null" }] }));
    expect(changes.filter((c) => c.rule.endsWith("variant-added"))).toEqual([]);
    expectChange(changes, { rule: "response.became-nullable", pointer: "/size" });
  });

  it("reads a union's properties: one declared by a single alternative is still compared", () => {
    const changes = diffAfter((s) => {
      schemas(s).Item = { anyOf: [schemas(s).Item, { type: "object", required: ["id", "name"], properties: { id: { type: "string" }, name: { type: "string" }, size: { type: "string" } } }] };
    });
    // `size` is an integer in one alternative and a string in the other: a client may now get a string.
    expectChange(changes, { class: "breaking", rule: "response.type-changed", pointer: "/size" });
    // `id` and `name`, required by every alternative, are still required: nothing says they may be missing.
    expect(changes.filter((c) => c.rule === "response.property-optional")).toEqual([]);
    // The same `id` and `name` schema in both alternatives reads as that one schema, not as "one of 2".
    expect(changes.filter((c) => c.pointer === "/id" || c.pointer === "/name")).toEqual([]);
  });
});

describe("breaking-change guard: operations and security", () => {
  it("a removed operation is breaking", () => {
    const changes = diffAfter((s) => delete s.paths["/items/{itemId}"].get);
    expectChange(changes, { class: "breaking", rule: "operation.removed", operation: GET });
  });

  it("a renamed operationId is breaking", () => {
    const changes = diffAfter((s) => (s.paths["/items"].post.operationId = "addItem"));
    expectChange(changes, { class: "breaking", rule: "operation.renamed", message: "operationId createItem renamed to addItem" });
  });

  it("an operation moved to another path is breaking, and not also 'added'", () => {
    const changes = diffAfter((s) => {
      s.paths["/catalogue/items"] = s.paths["/items"];
      delete s.paths["/items"];
    });
    expectChange(changes, { class: "breaking", rule: "operation.moved", message: "createItem moved to POST /catalogue/items" });
    expect(changes.some((c) => c.rule === "operation.added")).toBe(false);
  });

  it("a new operation is not breaking", () => {
    const changes = diffAfter((s) => (s.paths["/items/{itemId}"].delete = { operationId: "deleteItem", responses: { "204": { description: "Gone." } } }));
    expect(changes).toEqual([expect.objectContaining({ class: "non-breaking", bump: "minor", rule: "operation.added", operation: "DELETE /items/{itemId}" })]);
  });

  it("requiring another credential is breaking", () => {
    const changes = diffAfter((s) => (s.paths["/items"].post.security = [{ "X-Key": [], "X-Secret": [] }]));
    expectChange(changes, { class: "breaking", rule: "security.requirement-changed", operation: CREATE, part: "security" });
  });

  it("accepting another credential as an alternative is not breaking", () => {
    const changes = diffAfter((s) => (s.paths["/items"].post.security = [{ "X-Key": [] }, { "X-Secret": [] }]));
    expect(changes).toEqual([expect.objectContaining({ class: "non-breaking", rule: "security.alternative-added", operation: CREATE })]);
  });

  it("sending a credential in another header is breaking", () => {
    const changes = diffAfter((s) => (s.components.securitySchemes["X-Key"].name = "X-Api-Key"));
    expectChange(changes, { class: "breaking", rule: "security.scheme-changed", message: "security scheme X-Key: name changed from X-Key to X-Api-Key" });
  });
});

describe("breaking-change guard: items and additionalProperties written on one side only", () => {
  it("a schema for a request's extra properties, where any value went, is breaking", () => {
    const changes = diffAfter((s) => (schemas(s).ItemCreate.properties.metadata.additionalProperties = { type: "string" }));
    expectChange(changes, { class: "breaking", rule: "request.type-narrowed", part: CREATE_BODY, pointer: "/metadata/*" });
  });

  it("dropping a response's schema for extra properties is breaking for readers", () => {
    const changes = diffBetween(
      (s) => (schemas(s).Item.properties.labels = { type: "object", additionalProperties: { type: "string" } }),
      (s) => delete schemas(s).Item.properties.labels.additionalProperties,
    );
    expectChange(changes, { class: "breaking", operation: GET, pointer: "/labels/*" });
  });

  it("an item schema for a request array that had none is breaking, and dropping it is not", () => {
    const untyped = (s: any) => (schemas(s).ItemCreate.properties.codes = { type: "array" });
    const typed = (s: any) => (schemas(s).ItemCreate.properties.codes = { type: "array", items: { type: "string" } });
    expectChange(diffBetween(untyped, typed), { class: "breaking", rule: "request.type-narrowed", pointer: "/codes/*" });
    const looser = diffBetween(typed, untyped);
    expect(looser.filter((c) => c.class === "breaking")).toEqual([]);
    expectChange(looser, { class: "non-breaking", rule: "request.type-widened", pointer: "/codes/*" });
  });
});

describe("breaking-change guard: response headers", () => {
  const ERROR_404 = "response 404 header Retry-After";
  const withRetryAfter = (s: any) => (s.components.responses.Error.headers = { "Retry-After": { required: true, schema: { type: "integer", minimum: 0 } } });
  const retryAfter = (s: any) => s.components.responses.Error.headers["Retry-After"];

  it("a header whose type changed is breaking", () => {
    const changes = diffBetween(withRetryAfter, (s) => (retryAfter(s).schema = { type: "string" }));
    expectChange(changes, { class: "breaking", rule: "response.type-changed", operation: GET, part: ERROR_404 });
  });

  it("a header no longer sent, or that may now be missing, is breaking", () => {
    expectChange(diffBetween(withRetryAfter, (s) => delete s.components.responses.Error.headers["Retry-After"]), {
      class: "breaking",
      rule: "response.header-removed",
      part: ERROR_404,
    });
    expectChange(diffBetween(withRetryAfter, (s) => (retryAfter(s).required = false)), { class: "breaking", rule: "response.header-optional", part: ERROR_404 });
  });

  it("a new header is not breaking, and a header's name is matched without regard to case", () => {
    const added = diffBetween(withRetryAfter, (s) => (s.components.responses.Error.headers["X-Request-Id"] = { schema: { type: "string" } }));
    expect(added.filter((c) => c.class === "breaking")).toEqual([]);
    expectChange(added, { class: "non-breaking", rule: "response.header-added", part: "response 404 header X-Request-Id" });
    const recased = diffBetween(withRetryAfter, (s) => {
      const headers = s.components.responses.Error.headers;
      headers["retry-after"] = headers["Retry-After"];
      delete headers["Retry-After"];
    });
    expect(recased.filter((c) => c.rule !== "spec.documentation")).toEqual([]);
  });
});

describe("breaking-change guard: media types, operationIds and schemes by what goes on the wire", () => {
  it("a charset parameter on a media type is the same body", () => {
    const changes = diffAfter((s) => {
      const ok = s.paths["/items/{itemId}"].get.responses["200"];
      ok.content = { "application/json; charset=utf-8": ok.content["application/json"] };
    });
    expect(changes.filter((c) => c.rule !== "spec.documentation")).toEqual([]);
  });

  it("an operationId given to an operation that had none is not breaking; removing one is", () => {
    const unnamed = (s: any) => delete s.paths["/items"].post.operationId;
    const named = diffBetween(unnamed, (s) => (s.paths["/items"].post.operationId = "createItem"));
    expect(named).toEqual([expect.objectContaining({ class: "non-breaking", rule: "operation.named", operation: CREATE })]);
    expectChange(diffAfter(unnamed), { class: "breaking", rule: "operation.renamed", operation: CREATE });
  });

  it("a security scheme renamed in components, sent the same way, is not breaking", () => {
    const changes = diffAfter((s) => {
      s.components.securitySchemes.ApiKey = s.components.securitySchemes["X-Key"];
      delete s.components.securitySchemes["X-Key"];
      s.security = [{ ApiKey: [] }];
    });
    expect(changes.filter((c) => c.rule !== "spec.documentation")).toEqual([]);
  });

  it("an API key header differing only in case is the same header", () => {
    const changes = diffAfter((s) => (s.components.securitySchemes["X-Key"].name = "x-key"));
    expect(changes.filter((c) => c.rule !== "spec.documentation")).toEqual([]);
  });

  it("an OAuth flow's token URL changed or the flow removed is breaking; a new flow is not", () => {
    const withOAuth = (s: any) => {
      s.components.securitySchemes.OAuth = { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://auth.example.com/token", scopes: {} } } };
      s.security = [{ "X-Key": [] }, { OAuth: [] }];
    };
    const flows = (s: any) => s.components.securitySchemes.OAuth.flows;
    expectChange(diffBetween(withOAuth, (s) => (flows(s).clientCredentials.tokenUrl = "https://login.example.com/token")), {
      class: "breaking",
      rule: "security.scheme-changed",
      message: "security scheme OAuth: clientCredentials tokenUrl changed from https://auth.example.com/token to https://login.example.com/token",
    });
    expectChange(diffBetween(withOAuth, (s) => (flows(s).implicit = flows(s).clientCredentials) && delete flows(s).clientCredentials), {
      class: "breaking",
      rule: "security.scheme-changed",
      message: "security scheme OAuth: the OAuth clientCredentials flow was removed",
    });
    const added = diffBetween(withOAuth, (s) => (flows(s).implicit = { authorizationUrl: "https://auth.example.com/authorize", scopes: {} }));
    expect(added.filter((c) => c.class === "breaking")).toEqual([]);
    expectChange(added, { class: "non-breaking", rule: "security.flow-added" });
  });

  it("an operation that no longer needs credentials says so, as a non-breaking change", () => {
    const changes = diffAfter((s) => (s.paths["/items"].post.security = []));
    expect(changes).toEqual([expect.objectContaining({ class: "non-breaking", rule: "security.credentials-optional", operation: CREATE })]);
  });
});
