import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

/**
 * Debian's Chromium, headless, driven by playwright-core (never a downloaded
 * browser). The background-networking flags keep it from dialling Google hosts
 * that this machine cannot reach.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
