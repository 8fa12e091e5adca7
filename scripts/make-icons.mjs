// Renders public/favicon.svg into the PNG icons the web manifest and iOS need, with Debian's
// Chromium (no network, no image library). Run again after changing the SVG; the PNGs are
// committed so a build never depends on a browser.
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const svg = await readFile(new URL('../public/favicon.svg', import.meta.url), 'utf8');
const targets = [
  ['pwa-192x192.png', 192, 0],
  ['pwa-512x512.png', 512, 0],
  ['apple-touch-icon-180x180.png', 180, 0],
  // Maskable icons keep their content inside the central 80 % safe zone.
  ['maskable-icon-512x512.png', 512, 0.1],
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const page = await browser.newPage();
for (const [file, size, pad] of targets) {
  const inner = Math.round(size * (1 - 2 * pad));
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:#1d3557;display:grid;place-items:center;width:${size}px;height:${size}px">` +
      `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`,
  );
  await page.screenshot({ path: new URL(`../public/${file}`, import.meta.url).pathname, omitBackground: false });
  console.log('wrote', file);
}
await browser.close();
