#!/usr/bin/env node
// Renders media/icon.svg to the 128x128 media/icon.png the Marketplace shows, in
// headless Chromium through playwright-core (as the browser tests do). Run it after
// changing the SVG; the PNG is committed, so packaging needs no browser.
const { chromium } = require('playwright-core');
const { readFileSync } = require('fs');
const path = require('path');

async function main() {
  const root = path.join(__dirname, '..');
  const svg = readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true });
    console.log('media/icon.png written');
  } finally {
    await browser.close();
  }
}

main().catch(err => {
  console.error(err.message);
  process.exitCode = 1;
});
