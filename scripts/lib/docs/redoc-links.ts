// Redoc's sidebar is a react-router app on a hash router: in the browser a
// sidebar link to the route "/customers" is href="#/customers". The page
// `redocly build-docs` writes is rendered on the server, where the same links
// came out as href="/" (the API title) and href="/customers" (a tag), and
// hydration keeps what the server wrote. A click still works (the router
// handles it), but opening such a link in a new tab or copying it goes to the
// host's root (file:/// for the page opened from disk). The router re-renders
// them only when the page opens on a route. Redoc has no option for it (routingBasePath only prefixes the
// route), so the server-rendered links are given the href the browser's router
// gives them: "#" followed by the route.

/** A react-router link (it marks each with data-discover) whose href is a route, not yet a hash. */
const ROUTER_LINK = /<a\b[^>]*\bdata-discover="true"[^>]*>/g;
const ROUTE_HREF = /(\shref=")(\/[^"]*)"/;

/** The page with each server-rendered router link pointing inside the page. */
export function withInPageRedocLinks(html: string): string {
  return html.replace(ROUTER_LINK, (tag) => tag.replace(ROUTE_HREF, '$1#$2"'));
}
