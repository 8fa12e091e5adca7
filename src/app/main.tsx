/**
 * Start-up order matters: translations first (every screen speaks through them), then the
 * storage check and outbox repair, then whether the device is locked, then the first render. A storage failure is shown, never
 * swallowed; the app still renders so the officer can read the message in their language.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LockGate } from '../features/lock/LockGate';
import { initI18n } from '../i18n';
import { deviceLock } from '../lock';
import { db, ensureSpaceReserve, repairOutbox, toStorageError, type StorageErrorCode } from '../storage';
import { startSync } from '../sync';
import { App } from './App';
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
    await repairOutbox(db);
    await ensureSpaceReserve();
    // Before the first render: a locked device must not show one frame of its records.
    await deviceLock.start();
    // Only after the outbox is checked: no sync trigger may fire on a queue not yet repaired.
    startSync();
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
    </StrictMode>,
  );
}

const root = createRoot(document.getElementById('root') as HTMLElement);
void start();
