// Debian's Chromium for the browser tests, driven by playwright-core. A fresh
// CI machine (`.ci/run`, as root) has no Chromium, so the first suite that
// needs it installs it with apt-get; suites running in parallel wait for that
// install instead of starting a second one.
//
// One Chromium per test worker: the files a worker runs share its module
// graph (isolate: false), so they share the browser too, each in contexts of
// its own (a launch is about 1.8 s of processor time; seven files use one).
// Playwright ends the browser when the worker process exits.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";

const run = promisify(execFile);

export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

// mkdir is atomic: the process that creates the folder installs, the others wait.
const LOCK = join(tmpdir(), "voucherify-customers-contract-chromium-install.lock");
const INSTALL_TIMEOUT_MS = 10 * 60_000;

async function install(): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH} and this process is not root, so it cannot install it. ` +
        "Run: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium",
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const options = { env, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 };
  try {
    await run("apt-get", ["update"], options);
    // The lock timeout lets apt wait for another apt/dpkg run instead of failing.
    await run("apt-get", ["install", "-y", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300", "chromium"], options);
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`Installing Chromium with apt-get failed: ${(stderr || message).trim().slice(-2000)}`);
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium, but ${CHROMIUM_PATH} is still missing.`);
}

/** Makes sure Chromium is installed, installing it once when missing; returns its path. */
export async function ensureChromium(): Promise<string> {
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  while (!existsSync(CHROMIUM_PATH)) {
    let owner = false;
    try {
      mkdirSync(LOCK);
      owner = true;
    } catch {
      // Someone else is installing; a lock older than the timeout is left over from a killed run.
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > INSTALL_TIMEOUT_MS) rmSync(LOCK, { recursive: true, force: true });
    }
    if (owner) {
      try {
        await install();
      } finally {
        rmSync(LOCK, { recursive: true, force: true });
      }
    } else {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another process to install Chromium (lock ${LOCK}).`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return CHROMIUM_PATH;
}

/** Installs Chromium when needed and launches it headless, offline-friendly. */
async function launchChromium(): Promise<Browser> {
  const executablePath = await ensureChromium();
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
}

let shared: Promise<Browser> | undefined;

/** This process's Chromium, launched on first use, and again if it has crashed or failed to start. */
function sharedBrowser(): Promise<Browser> {
  shared ??= launchChromium().then(
    (browser) => {
      browser.on("disconnected", () => (shared = undefined));
      return browser;
    },
    (error: unknown) => {
      shared = undefined;
      throw error;
    },
  );
  return shared;
}

/** A test file's share of the browser: the contexts it opens, closed together. */
export interface ChromiumSession {
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a context of its own. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Closes every context this session opened; the browser stays up for the next file. */
  close(): Promise<void>;
}

/** A session on this process's shared Chromium (installed when needed). */
export async function chromiumSession(): Promise<ChromiumSession> {
  const browser = await sharedBrowser();
  const contexts = new Set<BrowserContext>();
  const newContext = async (options?: BrowserContextOptions) => {
    const context = await browser.newContext(options);
    contexts.add(context);
    context.on("close", () => contexts.delete(context));
    return context;
  };
  return {
    newContext,
    newPage: async (options) => (await newContext(options)).newPage(),
    close: async () => {
      await Promise.all([...contexts].map((context) => context.close()));
    },
  };
}
