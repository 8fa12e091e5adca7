/**
 * Start-up order matters: translations first (every screen speaks through them), then the
 * storage check, then whether the device is locked, then the first render. A storage failure is
 * shown, never swallowed; the app still renders so the officer can read the message in their
 * language. The records are opened (and the outbox repaired) only when an officer unlocks; the
 * sync space reserve is set aside after the first render.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LockGate } from '../features/lock/LockGate';
import { initI18n } from '../i18n';
import { deviceLock } from '../lock';
import { db, ensureSpaceReserve, toStorageError, type StorageErrorCode } from '../storage';
import { startSync } from '../sync';
import { App, preloadCaptureForm } from './App';
import { UpdatePrompt } from './UpdatePrompt';
import './styles.css';

async function start() {
  await initI18n();
  let storageProblem: StorageErrorCode | undefined;
  // Another tab opened a newer version of the database: close ours so theirs can upgrade.
  db.on('versionchange', () => {
    db.close();
    root.render(<App storageProblem="upgradeRequired" />);
    return false;
  });
  // We are the newer version and an older tab will not let go.
  db.on('blocked', () => root.render(<App storageProblem="blocked" />));
  try {
    await db.open();
    // Before the first render: a locked device must not show one frame of its records. The
    // outbox is repaired when an officer unlocks (lock/index.ts): before, it cannot be read.
    await deviceLock.start();
    // Sync waits while locked; unlocking asks for a run once the outbox is checked.
    startSync();
    whilePinTyped(preloadCaptureForm);
  } catch (error) {
    storageProblem = toStorageError(error).code;
  }
  root.render(
    <StrictMode>
      {/* A database that did not open shows its problem ungated: there is nothing to read in it. */}
      {storageProblem ? (
        <App storageProblem={storageProblem} />
      ) : (
        <LockGate>
          <App />
        </LockGate>
      )}
      {/* Outside the lock: the service worker registers on the first visit, before any sign-in.
          After the page, not above it: a message that arrives seconds after the first paint
          ("ready to work offline", "new version") must not push the screen down under a finger. */}
      <UpdatePrompt />
    </StrictMode>,
  );
  // Set aside after the first screen, not before it: on a first visit it writes 2 MB, and nothing
  // needs it until sync records answers on a full device.
  if (!storageProblem) void ensureSpaceReserve();
}

/** Once an officer can open the app (the PIN to type or to choose), and only once. */
function whilePinTyped(run: () => void) {
  const canOpen = () => ['locked', 'choosePin', 'unlocked'].includes(deviceLock.state().kind);
  if (canOpen()) return run();
  const stop = deviceLock.subscribe(() => {
    if (!canOpen()) return;
    stop();
    run();
  });
}

const root = createRoot(document.getElementById('root') as HTMLElement);
void start();
