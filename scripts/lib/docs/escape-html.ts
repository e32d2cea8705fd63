// Text into HTML, for the pages the docs and the site write around Redoc.
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
