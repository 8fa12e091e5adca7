/**
 * Issue 5's sharing journey: an ATF supervisor records a seizure and shares it with FGR from
 * its detail screen; an FGR officer, whose app is in Spanish, receives it on sync, marked
 * "Compartido por ATF", with no way to edit it. When the supervisor stops sharing, the FGR
 * device drops it on its next sync.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './support/axe';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { closeOfflineReady, field, recordSeizure, signIn, unlock } from './support/pages';
import { adminCli, freePort, newDataDir, startServer, type RunningServer } from './support/server';

const SUPERVISOR = { username: 'atf.supervisor', password: 'atf-supervisor-password' };
const FGR_OFFICER = { username: 'fgr.officer', password: 'fgr-officer-password-1' };
const CASE = 'ATF-COMP-0415';
const dataDir = newDataDir();
let server: RunningServer;
let browser: Browser;
let atf: Page;
let fgr: Page | undefined;

beforeAll(async () => {
  adminCli(dataDir, ['user', 'add', '--agency', 'ATF', '--username', SUPERVISOR.username, '--role', 'supervisor'], SUPERVISOR.password);
  adminCli(dataDir, ['user', 'add', '--agency', 'FGR', '--username', FGR_OFFICER.username, '--role', 'officer'], FGR_OFFICER.password);
  server = await startServer(dataDir, await freePort());
  browser = await launchChromium();
  atf = await (await phoneContext(browser, 'en-US')).newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
});
afterEach(async (test) => {
  await screenshotOnFailure(test, fgr ?? atf);
});

const caseLink = (page: Page) => page.getByRole('link', { name: new RegExp(CASE) });

describe('sharing a seizure with another agency', () => {
  it('the ATF supervisor records a seizure and it reaches the server', async () => {
    await atf.goto(server.url);
    await signIn(atf, SUPERVISOR.username, SUPERVISOR.password);
    await closeOfflineReady(atf, 'en');
    await recordSeizure(atf, 'en', CASE, 'KRT4415');
    await expect.poll(() => atf.locator('.badge').filter({ hasText: 'Synced (revision 1)' }).count(), { timeout: 60_000 }).toBe(1);
  });

  it('shares it with FGR from the detail screen', async () => {
    await caseLink(atf).click();
    const panel = atf.getByRole('region', { name: 'Share with another agency' });
    await field(panel, 'Agency to share with').selectOption('FGR');
    await expect.poll(() => panel.getByLabel('Only this seizure').isChecked()).toBe(true);
    await panel.getByRole('button', { name: 'Share', exact: true }).click();
    await panel.getByRole('status').filter({ hasText: /^Shared with Office of the Attorney General of Mexico \(FGR\)/ }).waitFor();
    await expect.poll(() => panel.getByRole('listitem').filter({ hasText: 'this seizure (by atf.supervisor' }).count()).toBe(1);
    expect(await seriousA11yViolations(atf)).toEqual([]);
  });

  it('the supervisor sees who stored each version on the server', async () => {
    const history = atf.getByRole('region', { name: 'History on the server' });
    await history.getByRole('button', { name: 'Show history' }).click();
    const table = history.getByRole('table', { name: 'Versions stored: 1' });
    await table.waitFor();
    const row = table.getByRole('row').filter({ has: atf.getByRole('rowheader', { name: '1', exact: true }) });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([expect.any(String), SUPERVISOR.username, expect.any(String), 'Recorded (first version)']);
  });

  it('an FGR officer, in Spanish, receives it read-only on sync', async () => {
    fgr = await (await phoneContext(browser, 'es-MX')).newPage();
    await fgr.goto(server.url);
    await signIn(fgr, FGR_OFFICER.username, FGR_OFFICER.password, 'es');
    await closeOfflineReady(fgr, 'es');
    await expect.poll(() => caseLink(fgr!).count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => caseLink(fgr!).locator('.badge').filter({ hasText: 'Compartido por ATF' }).count()).toBe(1);

    await caseLink(fgr).click();
    await fgr.getByRole('note').filter({ hasText: 'compartió este aseguramiento con su dependencia: puede consultarlo, pero no modificarlo.' }).waitFor();
    expect(await fgr.getByRole('link', { name: 'Editar' }).count()).toBe(0);
    expect(await fgr.getByRole('region', { name: 'Compartir con otra dependencia' }).count()).toBe(0);
    // The history is the owning agency's supervisors' alone.
    expect(await fgr.getByRole('button', { name: 'Ver historial' }).count()).toBe(0);
    expect(await seriousA11yViolations(fgr)).toEqual([]);
    // Even by address, the form is not offered.
    await fgr.goto(`${server.url}${new URL(fgr.url()).pathname}/edit`);
    await unlock(fgr, 'es');
    await fgr.getByRole('alert').filter({ hasText: 'No se puede editar aquí' }).waitFor();
  });

  it('when ATF stops sharing, the FGR device drops it on its next sync', async () => {
    const panel = atf.getByRole('region', { name: 'Share with another agency' });
    await panel.getByRole('button', { name: /^Stop sharing with Office of the Attorney General of Mexico \(FGR\)/ }).click();
    await panel.getByRole('status').filter({ hasText: /^No longer shared with Office of the Attorney General of Mexico \(FGR\)/ }).waitFor();
    await expect.poll(() => panel.getByText('Not shared with any other agency.').count()).toBe(1);

    await fgr!.goto(server.url);
    await unlock(fgr!, 'es');
    await fgr!.getByRole('button', { name: 'Sincronizar ahora' }).click();
    await expect.poll(() => caseLink(fgr!).count(), { timeout: 60_000 }).toBe(0);
    // The supervisor's own copy is untouched.
    await atf.getByRole('link', { name: 'Back to the list' }).click();
    // The list draws from a live query after the navigation: wait for it, do not read it at once.
    await expect.poll(() => caseLink(atf).count()).toBe(1);
  });
});
