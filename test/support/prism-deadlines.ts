// How long the suite lets a Prism process take to start. The suite shares two
// cores with other work, and startPrism's own 90 s was exceeded twice at a
// load average of 15 and more. A deadline, not a wait: a Prism that answers
// sooner is used at once.
export const TEST_PRISM_START_TIMEOUT_MS = 240_000;
