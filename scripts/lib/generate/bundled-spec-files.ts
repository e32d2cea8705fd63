// generated/openapi.json and openapi.yaml: the bundled spec as every tool reads it.
import { stringify } from "yaml";

/** The bundled spec as generated/ holds it; `npm run dev` writes these two on each save. */
export function bundledSpecFiles(document: Record<string, any>): Array<[file: string, content: string]> {
  return [
    ["openapi.json", `${JSON.stringify(document, null, 2)}\n`],
    ["openapi.yaml", stringify(document, { lineWidth: 0 })],
  ];
}
