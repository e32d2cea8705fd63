// Turns a sent request into something a person can read and replay: a short
// description and a curl command line. Secret headers become shell variables,
// so the line runs as is once the variable is set and never shows the secret.
import type { SentRequest } from "./send-request.js";

/** Header name → the shell variable printed in its place. */
const SECRET_HEADERS: Record<string, string> = {
  "x-app-token": "$VOUCHERIFY_APP_TOKEN",
  authorization: "Bearer $VOUCHERIFY_OAUTH_TOKEN",
};

const DISPLAY_NAMES: Record<string, string> = { "x-app-id": "X-App-Id", "x-app-token": "X-App-Token", "content-type": "Content-Type", accept: "Accept", authorization: "Authorization" };
const displayName = (name: string) => DISPLAY_NAMES[name] ?? name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

/** POSIX shell single quotes: everything literal, `'` written as `'\''`. */
export const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlLine(request: SentRequest): string {
  const words = ["curl", "-X", request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    const secret = SECRET_HEADERS[name];
    words.push("-H", secret ? `"${displayName(name)}: ${secret}"` : shellQuote(`${displayName(name)}: ${value}`));
  }
  let stdin: string | undefined;
  if (request.body && "text" in request.body) words.push("--data-raw", shellQuote(request.body.text));
  else if (request.body) {
    for (const part of request.body.parts) {
      if (part.filename !== undefined && stdin === undefined) {
        // A file part comes from standard input, so the command needs no file on disk.
        stdin = part.value;
        words.push("-F", shellQuote(`${part.name}=@-;filename=${part.filename}${part.type ? `;type=${part.type}` : ""}`));
      } else words.push("-F", shellQuote(`${part.name}=${part.value}`));
    }
  }
  const line = words.join(" ");
  return stdin === undefined ? line : `printf '%s' ${shellQuote(stdin)} | ${line}`;
}

/** `POST /v1/customers {"name":1}`: method, path and query, and the body, for one line of a report. */
export function describeRequest(request: SentRequest, max = 2000): string {
  const url = new URL(request.url);
  let body = "";
  if (request.body && "text" in request.body) body = ` ${request.body.text}`;
  else if (request.body) body = ` multipart: ${request.body.parts.map((p) => `${p.name}=${JSON.stringify(p.value)}`).join(", ") || "(no parts)"}`;
  else if (request.method !== "GET" && request.method !== "HEAD" && request.method !== "DELETE") body = " (no body)";
  const text = `${request.method} ${url.pathname}${url.search}${body}`;
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** The request's size for "smallest": what a reader has to look at. */
export const requestSize = (request: SentRequest) => describeRequest(request, Infinity).length;

/** Replaces every occurrence of each secret (8 characters or more: shorter ones cannot be told from ordinary text). */
export function redact(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join("***");
  return out;
}
