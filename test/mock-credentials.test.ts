// The app keys a mock insists on: `createCustomersMock({ credentials })`, the
// same option through the MSW handlers, and the `--app-id`/`--app-token`
// flags of both commands (with $VOUCHERIFY_APP_ID/$VOUCHERIFY_APP_TOKEN for a
// flag left out). A wrong key gets the documented 401 and no message ever
// shows a token. (The command itself is run in mock-cli.test.ts; verify
// against a mock with keys in verify-mock.test.ts.)
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorUnauthorized } from "../generated/examples.js";
import { parseMockArgs } from "../scripts/lib/mock/mock-cli-options.js";
import { parseBinArgs } from "../src/bin/bin-options.js";
import { createCustomersMock, type CustomersMock } from "../src/mock.js";
import { createCustomersHandlers } from "../src/msw.js";
import { validators } from "../generated/validators.js";

const APP_ID = "cred-app";
const APP_TOKEN = "cred-secret-token-9f3a";
const ORIGIN = "http://credentials.mock.test";

const list = (mock: CustomersMock, headers: Record<string, string>) => mock.handle(new Request(`${ORIGIN}/v1/customers`, { headers }));

describe("createCustomersMock({ credentials })", () => {
  const modes = ["static", "stateful"] as const;

  it.each(modes)("%s: the keys given pass, and nothing else does", async (mode) => {
    const mock = createCustomersMock({ mode, credentials: { appId: APP_ID, appToken: APP_TOKEN } });
    expect((await list(mock, { "X-App-Id": APP_ID, "X-App-Token": APP_TOKEN })).status).toBe(200);
    const refused: Array<[string, Record<string, string>]> = [
      ["a wrong token", { "X-App-Id": APP_ID, "X-App-Token": "cred-secret-token-9f3b" }],
      ["a wrong app id", { "X-App-Id": "cred-apq", "X-App-Token": APP_TOKEN }],
      ["the token with a character more", { "X-App-Id": APP_ID, "X-App-Token": `${APP_TOKEN}x` }],
      ["the token cut short", { "X-App-Id": APP_ID, "X-App-Token": APP_TOKEN.slice(0, -1) }],
      ["the keys swapped", { "X-App-Id": APP_TOKEN, "X-App-Token": APP_ID }],
      ["only the app id", { "X-App-Id": APP_ID }],
      ["no keys", {}],
      // The mock cannot tell a real OAuth token from a made-up one: with keys set, only they pass.
      ["an OAuth bearer token alone", { Authorization: "Bearer anything" }],
    ];
    for (const [what, headers] of refused) {
      const response = await list(mock, headers);
      expect(response.status, what).toBe(401);
      const text = await response.text();
      // The documented 401, as a request without keys gets it: nothing about either key.
      expect(JSON.parse(text), what).toEqual(ErrorUnauthorized);
      expect(validators.ApiError(JSON.parse(text)).ok).toBe(true);
      expect(text).not.toContain(APP_TOKEN.slice(0, 12));
    }
  });

  it("trims the keys as the client and HTTP do: a token read from a file with its newline still matches", async () => {
    const mock = createCustomersMock({ mode: "static", credentials: { appId: ` ${APP_ID}`, appToken: `${APP_TOKEN}\n` } });
    expect((await list(mock, { "X-App-Id": APP_ID, "X-App-Token": APP_TOKEN })).status).toBe(200);
    expect((await list(mock, { "X-App-Id": APP_ID, "X-App-Token": `${APP_TOKEN}x` })).status).toBe(401);
  });

  it("still refuses an invalid request of someone with the right keys with a 400, after the key check", async () => {
    const mock = createCustomersMock({ mode: "stateful", credentials: { appId: APP_ID, appToken: APP_TOKEN } });
    const bad = await mock.handle(new Request(`${ORIGIN}/v1/customers?limit=101`, { headers: { "X-App-Id": APP_ID, "X-App-Token": APP_TOKEN } }));
    expect(bad.status).toBe(400);
    // A stranger learns nothing about the request: the key check comes first.
    const stranger = await mock.handle(new Request(`${ORIGIN}/v1/customers?limit=101`, { headers: { "X-App-Id": APP_ID, "X-App-Token": "nope" } }));
    expect(stranger.status).toBe(401);
  });

  it("without credentials takes any non-empty keys, as before", async () => {
    const mock = createCustomersMock({ mode: "static" });
    expect((await list(mock, { "X-App-Id": "x", "X-App-Token": "y" })).status).toBe(200);
    expect((await list(mock, { Authorization: "Bearer anything" })).status).toBe(200);
    expect((await list(mock, { "X-App-Id": "x", "X-App-Token": "" })).status).toBe(401);
  });

  it.each([
    [null, /credentials must be an object \{ appId, appToken \}/],
    ["token", /credentials must be an object/],
    [{ appId: APP_ID }, /credentials\.appToken must be a non-empty string/],
    [{ appId: "", appToken: APP_TOKEN }, /credentials\.appId must be a non-empty string/],
    [{ appId: APP_ID, appToken: 42 }, /credentials\.appToken must be a non-empty string/],
    [{ appId: APP_ID, appToken: " \n" }, /credentials\.appToken must be a non-empty string/],
    [{ appId: APP_ID, appToken: `${APP_TOKEN.slice(0, 6)}\n${APP_TOKEN.slice(6)}` }, /credentials\.appToken holds characters an HTTP header cannot carry/],
  ])("refuses credentials %j with a TypeError that names the field, never the token", (credentials, message) => {
    let caught: unknown;
    try {
      createCustomersMock({ credentials: credentials as never });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain(APP_TOKEN);
  });
});

describe("createCustomersHandlers({ credentials }) with msw/node", () => {
  const handlers = createCustomersHandlers({ credentials: { appId: APP_ID, appToken: APP_TOKEN } });
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  it("answers the keys given, and a wrong token, scenario or not, with the documented 401", async () => {
    const url = "https://api.voucherify.io/v1/customers";
    expect((await fetch(url, { headers: { "X-App-Id": APP_ID, "X-App-Token": APP_TOKEN } })).status).toBe(200);
    expect((await fetch(url, { headers: { "X-App-Id": APP_ID, "X-App-Token": "wrong" } })).status).toBe(401);
    server.use(handlers.scenario("listCustomers", 200, { example: "empty" }));
    expect((await fetch(url, { headers: { "X-App-Id": APP_ID, "X-App-Token": "wrong" } })).status).toBe(401);
  });
});

describe("--app-id and --app-token", () => {
  const parsers = [
    ["voucherify-customers-mock", (argv: string[], env: Record<string, string>) => parseBinArgs(argv, env).credentials],
    ["npm run mock", (argv: string[], env: Record<string, string>) => parseMockArgs(argv, {}, env).options.credentials],
  ] as const;

  describe.each(parsers)("%s", (_, credentialsOf) => {
    it("give the keys to insist on; a flag left out is read from its variable, and neither variable alone turns the check on", () => {
      expect(credentialsOf(["--app-id", APP_ID, "--app-token", APP_TOKEN], {})).toEqual({ appId: APP_ID, appToken: APP_TOKEN });
      expect(credentialsOf(["--app-id", APP_ID], { VOUCHERIFY_APP_TOKEN: APP_TOKEN })).toEqual({ appId: APP_ID, appToken: APP_TOKEN });
      expect(credentialsOf(["--app-token", APP_TOKEN], { VOUCHERIFY_APP_ID: APP_ID })).toEqual({ appId: APP_ID, appToken: APP_TOKEN });
      expect(credentialsOf(["--app-id", APP_ID, "--app-token", APP_TOKEN], { VOUCHERIFY_APP_ID: "other", VOUCHERIFY_APP_TOKEN: "other" })).toEqual({ appId: APP_ID, appToken: APP_TOKEN });
      // A shell holding real keys does not change what a plain mock accepts.
      expect(credentialsOf([], { VOUCHERIFY_APP_ID: APP_ID, VOUCHERIFY_APP_TOKEN: APP_TOKEN })).toBeUndefined();
    });

    it.each([
      [["--app-id", APP_ID], /--app-id needs a token too: set \$VOUCHERIFY_APP_TOKEN \(or add --app-token\)/],
      [["--app-token", APP_TOKEN], /--app-token needs an app id too: add --app-id, or set \$VOUCHERIFY_APP_ID/],
      [["--app-id", "", "--app-token", APP_TOKEN], /--app-id needs a value/],
      [["--app-id", APP_ID, "--app-token", ""], /--app-token needs a value/],
    ])("refuse %j with one sentence that shows no token", (argv, message) => {
      let caught: unknown;
      try {
        credentialsOf(argv as string[], {});
      } catch (error) {
        caught = error;
      }
      expect((caught as Error)?.message).toMatch(message);
      expect((caught as Error).message).not.toContain(APP_TOKEN);
    });
  });
});
