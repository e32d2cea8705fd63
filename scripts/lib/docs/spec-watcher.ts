// Watches the spec folder for `npm run dev`. Editors save in bursts (write,
// rename, touch), so changes are gathered for a moment and handled as one;
// a change during a rebuild waits for it and then triggers one more.
import { watch, type FSWatcher } from "node:fs";

/** How long a burst of file events may last before the rebuild starts. */
const SETTLE_MS = 60;

export interface SpecWatcher {
  close(): void;
}

export function watchSpec(dir: string, rebuild: (files: string[]) => Promise<void>): SpecWatcher {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const run = async () => {
    timer = undefined;
    if (running) return; // picked up when the current rebuild ends
    const files = [...pending].sort();
    pending = new Set();
    running = rebuild(files).catch((error: unknown) => console.error(`dev: rebuilding failed: ${(error as Error)?.message ?? error}`));
    await running;
    running = undefined;
    if (pending.size && !timer) timer = setTimeout(run, 0);
  };
  // Node 20 watches subfolders recursively on Linux, macOS and Windows.
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, file) => {
    if (file) pending.add(String(file));
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, SETTLE_MS);
  });
  watcher.on("error", (error) => console.error(`dev: watching ${dir} failed: ${error.message}`));
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
