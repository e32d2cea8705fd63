// Preloaded into the Prism process (`node --require`): Prism exits when the
// process that started it is gone, even when that one was killed with
// SIGKILL and could not stop it. Its stdin is a pipe from the parent, which
// the system closes when the parent dies; Prism itself never reads stdin.
"use strict";
const exit = () => process.exit(0);
process.stdin.on("end", exit);
process.stdin.on("close", exit);
process.stdin.on("error", exit);
process.stdin.resume();
