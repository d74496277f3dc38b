import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { InputError } from './errors';

/** Debian's Chromium (scripts/setup.sh installs it), or MANGALAB_CHROMIUM; null when neither exists. */
export function chromiumPath(): string | null {
  const p = process.env.MANGALAB_CHROMIUM || '/usr/bin/chromium';
  return existsSync(p) ? p : null;
}

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

/** Prints an HTML document (a deck) to PDF in headless Chromium: landscape A4, backgrounds kept, one slide a page. */
export async function htmlToPdf(html: string): Promise<Uint8Array> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
