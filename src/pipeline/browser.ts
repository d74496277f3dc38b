import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { InputError } from './errors';
import { processAlive } from './lock';

/** Debian's Chromium (scripts/setup.sh installs it), or MANGALAB_CHROMIUM; null when neither exists. */
export function chromiumPath(): string | null {
  const p = process.env.MANGALAB_CHROMIUM || '/usr/bin/chromium';
  return existsSync(p) ? p : null;
}

/** Launches by this process: each gets a profile folder of its own. */
let launches = 0;

/**
 * Starts headless Chromium the way this machine allows: no sandbox when running as root, no background networking
 * (the network is closed), a fresh profile.
 * @throws InputError when no Chromium is installed.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath)
    throw new InputError(
      'pdf',
      'needs Chromium (/usr/bin/chromium, or MANGALAB_CHROMIUM): run scripts/setup.sh, or leave pdf out of --format',
    );
  // The browser's profile lives in a folder named after this process, so what a killed run left is found and removed
  // by the next (Playwright would put it in the system's temporary folder under a name nobody can trace).
  const base = tmpdir();
  for (const f of readdirSync(base)) {
    const m = /^mangalab-chromium-(\d+)-\d+$/.exec(f);
    if (m && !processAlive(Number(m[1]))) rmSync(join(base, f), { recursive: true, force: true });
  }
  const own = join(base, `mangalab-chromium-${process.pid}-${++launches}`);
  mkdirSync(own, { recursive: true });
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = own;
  let browser: Browser;
  try {
    browser = await launchIn(executablePath);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  const remove = () => {
    try {
      rmSync(own, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    } catch {
      // still in use: the next launch removes it once this process is gone
    }
  };
  const close = browser.close.bind(browser);
  browser.close = async (...args: Parameters<Browser['close']>) => {
    await close(...args);
    remove();
  };
  browser.on('disconnected', () => setTimeout(remove, 200).unref());
  return browser;
}

function launchIn(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Prints an HTML document (a deck) to PDF in headless Chromium: 1280x720 pages (the deck's canvas), backgrounds kept, one slide a page. */
export async function htmlToPdf(html: string): Promise<Uint8Array> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({ width: '1280px', height: '720px', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
