// Lint rules of our own, loaded by redocly.yaml (`redocly lint`, and the
// pipeline's lint through @redocly/openapi-core). Plain JavaScript: the
// redocly CLI loads it without this repository's TypeScript loader.
//
// house/link-operation-exists: a response link's `operationId` names an
// operation of the spec. Redocly's rules do not check it; a link to no
// operation would only fail when the docs describe the links
// (scripts/lib/docs/docs-input.ts), without the file and line.

/** Collects operationIds and links while the spec is walked, and reports at the end: a link may name an operation met later. */
function linkOperationExists() {
  const operationIds = new Set();
  /** The links that name an operationId, each once (one defined under components is reached from every response that uses it). */
  const links = new Map();
  return {
    Operation(operation) {
      if (typeof operation.operationId === "string") operationIds.add(operation.operationId);
    },
    Link(link, { location }) {
      if (typeof link.operationId === "string") links.set(location.absolutePointer, { operationId: link.operationId, location });
    },
    Root: {
      leave(_root, { report }) {
        for (const { operationId, location } of links.values()) {
          if (operationIds.has(operationId)) continue;
          report({ message: `No operation has operationId "${operationId}", which this link names.`, location: location.child(["operationId"]) });
        }
      },
    },
  };
}

export default function housePlugin() {
  return {
    id: "house",
    rules: {
      oas3: { "link-operation-exists": linkOperationExists },
    },
  };
}
