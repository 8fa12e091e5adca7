/**
 * Issue 17 item 1's journey, in both languages, against the real server (tus over @tus/server):
 * with no signal an officer attaches the serial close-up from the camera input and the left side
 * from the gallery input (fixture files), sees the camera's position; after a reload they are
 * still there, and the raw IndexedDB holds none of the images' bytes. Signal returns with a slow
 * uplink and the page is killed in the middle of the upload; reopened, the upload resumes and
 * the server holds both photos, each with the SHA-256 of the original exactly as taken.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { imagePieces } from '../support/image-pieces';
import { rawDatabaseText } from '../support/raw-database';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { goTo, recordSeizure, signIn, unlock, waitForOfflineReady, type Lang } from './support/pages';
import { adminCli, freePort, newDataDir, startServer, type RunningServer } from './support/server';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/photos');
const SERIAL_PHOTO = path.join(FIXTURES, 'serial-closeup.jpg');
const LEFT_PHOTO = path.join(FIXTURES, 'left-side.jpg');
const bytesOf = (file: string) => new Uint8Array(readFileSync(file));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const TEXT = {
  en: {
    serial: 'Serial number close-up',
    left: 'Left side',
    camera: (shot: string) => `${shot}: take a photo`,
    gallery: (shot: string) => `${shot}: choose from gallery`,
    onDevice: 'On this device, waiting to be sent',
    onServer: 'On the server',
    located: 'Taken at 29.07290, -110.95590',
    thumb: (shot: string) => `${shot}, photo 1`,
  },
  es: {
    serial: 'Acercamiento del número de serie',
    left: 'Costado izquierdo',
    camera: (shot: string) => `${shot}: tomar fotografía`,
    gallery: (shot: string) => `${shot}: elegir de la galería`,
    onDevice: 'En este dispositivo, en espera de envío',
    onServer: 'En el servidor',
    located: 'Tomada en 29.07290, -110.95590',
    thumb: (shot: string) => `${shot}, fotografía 1`,
  },
} as const;

const dataDir = newDataDir();
let server: RunningServer;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  for (const lang of ['en', 'es']) adminCli(dataDir, ['user', 'add', '--agency', 'ATF', '--username', `photos.${lang}`, '--role', 'officer'], `photos-${lang}-password-1`);
  server = await startServer(dataDir, await freePort());
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
});
afterEach(async (test) => {
  await screenshotOnFailure(test, page);
});

/** The photos the server holds for a record, through its own API. */
async function serverPhotos(lang: Lang, recordId: string): Promise<{ photoId: string; sha256: string; shot: string; size: number }[]> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `photos.${lang}`, password: `photos-${lang}-password-1` }),
  });
  const { token } = (await login.json()) as { token: string };
  const answer = await fetch(`${server.url}/api/v1/photos/records/${recordId}`, { headers: { authorization: `Bearer ${token}` } });
  if (answer.status === 404) return [];
  return ((await answer.json()) as { photos: { photoId: string; sha256: string; shot: string; size: number }[] }).photos;
}

const statuses = (p: Page) => p.locator('.photo-status').allTextContents();

describe.each<Lang>(['en', 'es'])('guided photos (%s)', (lang) => {
  const t = TEXT[lang];
  let context: BrowserContext;
  let recordUrl: string;

  it('attaches photos with no signal, from the camera and the gallery, and shows where the camera was', async () => {
    context = await phoneContext(browser, lang === 'es' ? 'es-MX' : 'en-US');
    page = await context.newPage();
    await page.goto(server.url);
    await waitForOfflineReady(page);
    await signIn(page, `photos.${lang}`, `photos-${lang}-password-1`, lang);

    await context.setOffline(true);
    await recordSeizure(page, lang, `PHOTOS-${lang.toUpperCase()}-1`, 'LKQ8842197');
    await page.getByRole('link', { name: new RegExp(`PHOTOS-${lang.toUpperCase()}-1`) }).click();
    recordUrl = page.url();

    await page.getByLabel(t.camera(t.serial), { exact: true }).setInputFiles(SERIAL_PHOTO);
    await expect.poll(() => statuses(page!)).toEqual([t.onDevice]);
    await page.getByLabel(t.gallery(t.left), { exact: true }).setInputFiles(LEFT_PHOTO);
    await expect.poll(() => statuses(page!)).toEqual([t.onDevice, t.onDevice]);
    await expect.poll(() => page!.getByText(t.located).count()).toBe(1);
    // The thumbnails come from the display copy: at most 1280 px on the longest side.
    const thumb = page.getByRole('img', { name: t.thumb(t.serial) });
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && Math.max(img.naturalWidth, img.naturalHeight))).toBe(1280);
  });

  it('keeps them across a reload, and the raw IndexedDB holds none of the images’ bytes', async () => {
    // The keys live in the page's memory: a reload locks the app, and it opens on the same record.
    await page!.reload();
    await unlock(page!, lang);
    await expect.poll(() => statuses(page!)).toEqual([t.onDevice, t.onDevice]);
    await expect.poll(() => page!.getByRole('img', { name: t.thumb(t.left) }).count()).toBe(1);

    const raw = await page!.evaluate(rawDatabaseText, 'traceready');
    expect(raw.length).toBeGreaterThan(bytesOf(SERIAL_PHOTO).length);
    for (const piece of [...imagePieces(bytesOf(SERIAL_PHOTO)), ...imagePieces(bytesOf(LEFT_PHOTO))]) expect(raw).not.toContain(piece);
  });

  it('warns before a sign-out that photos are not yet on the server', async () => {
    await goTo(page!, lang === 'es' ? 'Configuración' : 'Settings');
    const warning = lang === 'es' ? 'Fotografías que aún no llegan al servidor: 2.' : 'Photos not yet on the server: 2.';
    await expect.poll(() => page!.getByText(warning).count()).toBe(1);
    await page!.goBack();
    await page!.waitForURL(recordUrl);
  });

  it('resumes an upload the page was killed in the middle of; the server holds both photos with matching hashes', async () => {
    const recordId = new URL(recordUrl).pathname.split('/').at(-1)!;
    // A slow uplink, so the page can be killed while a photo's bytes are on their way.
    const cdp = await context.newCDPSession(page!);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 40 * 1024 });
    let patching: (() => void) | undefined;
    const firstPatch = new Promise<void>((resolve) => (patching = resolve));
    page!.on('request', (request) => {
      if (request.method() === 'PATCH' && request.url().includes('/api/v1/photos/uploads/')) patching?.();
    });
    await context.setOffline(false);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 40 * 1024 });
    await firstPatch;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await page!.close();
    // Nothing complete on the server yet: the kill came mid-upload.
    expect((await serverPhotos(lang, recordId)).length).toBeLessThan(2);

    page = await context.newPage();
    await page.goto(recordUrl);
    await unlock(page, lang);
    await expect.poll(() => statuses(page!), { timeout: 90_000 }).toEqual([t.onServer, t.onServer]);

    const held = await serverPhotos(lang, recordId);
    expect(held.map((p) => [p.shot, p.sha256, p.size]).sort()).toEqual(
      [
        ['left', sha256(bytesOf(LEFT_PHOTO)), bytesOf(LEFT_PHOTO).length],
        ['serial', sha256(bytesOf(SERIAL_PHOTO)), bytesOf(SERIAL_PHOTO).length],
      ].sort(),
    );
    await context.close();
  });
});
