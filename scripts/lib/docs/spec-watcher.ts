// Watches the spec folder for `npm run dev`. Editors save in bursts (write,
// rename, touch), so changes are gathered for a moment and handled as one;
// a change during a rebuild waits for it and then triggers one more.
//
// Each folder is watched on its own rather than with `recursive: true`: on
// Linux, Node 20's recursive watch follows each file, and a file saved by
// renaming a new copy over it (vim, `sed -i`) is never seen again. A folder's
// watch sees every save of the files in it, however they are written.
import { readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { join, relative, sep } from "node:path";

/** How long a burst of file events may last before the rebuild starts. */
const SETTLE_MS = 60;

export interface SpecWatcher {
  /** How many file events it has seen so far: a caller compares two counts to know whether a file changed in between. */
  readonly changes: number;
  close(): void;
}

export function watchSpec(dir: string, rebuild: (files: string[]) => Promise<void>): SpecWatcher {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let changes = 0;
  const watchers = new Map<string, FSWatcher>();

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

  const changed = (folder: string, file: string | null) => {
    changes++;
    if (file) {
      const path = join(folder, file);
      pending.add(relative(dir, path));
      // A folder made since the start is watched too; one removed stops being watched.
      const isFolder = statSync(path, { throwIfNoEntry: false })?.isDirectory();
      if (isFolder) watchFolder(path);
      else if (isFolder === undefined) unwatch(path);
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, SETTLE_MS);
  };

  function unwatch(folder: string) {
    for (const [path, watcher] of watchers) {
      if (path === folder || path.startsWith(folder + sep)) {
        watcher.close();
        watchers.delete(path);
      }
    }
  }

  function watchFolder(folder: string) {
    if (watchers.has(folder)) return;
    let entries;
    try {
      const watcher = watch(folder, (_event, file) => changed(folder, file === null ? null : String(file)));
      watcher.on("error", (error) => console.error(`dev: watching ${folder} failed: ${error.message}`));
      watchers.set(folder, watcher);
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if (folder === dir) throw error;
      return; // a subfolder removed meanwhile
    }
    for (const entry of entries) if (entry.isDirectory()) watchFolder(join(folder, entry.name));
  }

  watchFolder(dir);
  return {
    get changes() {
      return changes;
    },
    close() {
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
