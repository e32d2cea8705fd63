// `--app-id` and `--app-token`, the app keys a mock command insists on
// (shared by `voucherify-customers-mock` and `npm run mock`). Giving either
// turns the check on; the other may come from the variable the client and
// `npm run verify` read ($VOUCHERIFY_APP_ID, $VOUCHERIFY_APP_TOKEN), which
// keeps the token off the command line, where `ps` shows it. Without either
// flag the variables are not read: a shell that holds real keys does not
// change what a plain `--stateful` mock accepts. No message shows a key.
import type { CustomersMockCredentials } from "../mock/credentials.js";

export const CREDENTIAL_FLAGS = {
  "app-id": { type: "string" },
  "app-token": { type: "string" },
} as const;

/** The flags' lines of a usage text whose descriptions start at `column` (a flag too long for it gets a line of its own). */
export function credentialUsage(column: number): string {
  const lines: Array<[string, string]> = [
    ["--app-id ID", "only these app keys pass: a request whose X-App-Id or"],
    ["--app-token TOKEN", "X-App-Token differs gets 401 (default: any non-empty"],
    ["", "keys). Either one left out is read from $VOUCHERIFY_APP_ID"],
    ["", "or $VOUCHERIFY_APP_TOKEN: the token need not be on the"],
    ["", "command line"],
  ];
  return lines
    .map(([flag, text]) => {
      const head = `  ${flag}`;
      return head.length < column ? head.padEnd(column) + text : `${head}\n${" ".repeat(column)}${text}`;
    })
    .join("\n");
}

/** The keys the flags (and, for a flag left out, its variable) give; undefined when neither flag is given. Throws a one-line Error. */
export function credentialsFrom(
  values: { "app-id"?: string | boolean; "app-token"?: string | boolean },
  env: Record<string, string | undefined>,
): CustomersMockCredentials | undefined {
  const id = values["app-id"];
  const token = values["app-token"];
  if (id === undefined && token === undefined) return undefined;
  if (id === "") throw new Error("--app-id needs a value, e.g. --app-id my-app");
  if (token === "") throw new Error("--app-token needs a value (or leave it out and set $VOUCHERIFY_APP_TOKEN)");
  const appId = typeof id === "string" ? id : env.VOUCHERIFY_APP_ID;
  const appToken = typeof token === "string" ? token : env.VOUCHERIFY_APP_TOKEN;
  if (!appId) throw new Error("--app-token needs an app id too: add --app-id, or set $VOUCHERIFY_APP_ID");
  if (!appToken) throw new Error("--app-id needs a token too: set $VOUCHERIFY_APP_TOKEN (or add --app-token)");
  return { appId, appToken };
}
