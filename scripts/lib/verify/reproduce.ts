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

/** The longest curl line a report prints. */
export const MAX_CURL_CHARS = 16_000;

export function curlLine(request: SentRequest): string {
  const words = ["curl", "-X", request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    const secret = request.literalHeaders?.includes(name) ? undefined : SECRET_HEADERS[name];
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
  const command = stdin === undefined ? line : `printf '%s' ${shellQuote(stdin)} | ${line}`;
  // A hostile answer can make a request huge (a 10 MB id in its path): the report shows the start, marked as cut.
  return command.length > MAX_CURL_CHARS ? `${command.slice(0, MAX_CURL_CHARS)}… (cut: the command is ${command.length} chars)` : command;
}

/** `POST /v1/customers {"name":1}`: method, path and query, and the body, for one line of a report. */
export function describeRequest(request: SentRequest, max = 2000): string {
  const url = new URL(request.url);
  let body = "";
  if (request.body && "text" in request.body) body = ` ${request.body.text}`;
  else if (request.body) body = ` multipart: ${request.body.parts.map((p) => `${p.name}=${JSON.stringify(p.value)}`).join(", ") || "(no parts)"}`;
  else if (request.method !== "GET" && request.method !== "HEAD" && request.method !== "DELETE") body = " (no body)";
  const text = `${request.method} ${url.pathname}${url.search}${body}`;
  return clip(text, max);
}

/** The request's size for "smallest": what a reader has to look at. */
export const requestSize = (request: SentRequest) => describeRequest(request, Infinity).length;

/** The start of a text too long for one line of a report, and how long it was. */
export const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

/** Replaces every occurrence of each secret (8 characters or more: shorter ones cannot be told from ordinary text). */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join("***");
  return out;
}
