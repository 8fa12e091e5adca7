/**
 * The stack's own floor for tap to committed: a minimal form of the same fields as the app's
 * seizure form (every field the record holds, 5 firearms), built with react-hook-form and the zod
 * resolver over the very schema the app's form validates with (SeizureFormSchema), whose submit
 * saves the same sealed rows (seizure, sync state, outbox entry, sealed by the app's own code) in
 * one raw strict transaction (raw-sealed.ts). What it leaves out is what the app adds: its
 * screens, the rules' checks, Dexie and the repository.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { createElement as h, type FormHTMLAttributes } from 'react';
import { createRoot } from 'react-dom/client';
import { useForm, type UseFormRegister } from 'react-hook-form';
import type { z } from 'zod/mini';
import type { Seizure } from '../../src/domain/schema';
import { SeizureFormSchema, type SeizureFormValues } from '../../src/features/seizures/forms/seizure-form';
import { newId } from '../../src/storage/ids';
import { newEntry, saved } from '../../src/storage/sync-rules';
import { deleteDatabase } from './raw-idb.js';
import { floorKeyring, openRawSealed, writeSealed } from './raw-sealed';

/** The name the tap measurement watches commits on (bench/parts/device.mjs). */
export const FLOOR_DB = 'bench-tap-floor';

type Leaf = { path: string; kind: 'text' | 'number' | 'checkbox' };

/** Every field the record holds, as a form has one input for each. */
function leaves(value: unknown, path = ''): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, `${path}.${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leaves(item, path ? `${path}.${key}` : key));
  if (typeof value === 'number') return [{ path, kind: 'number' }];
  if (typeof value === 'boolean') return [{ path, kind: 'checkbox' }];
  return typeof value === 'string' ? [{ path, kind: 'text' }] : [];
}

function Field({ leaf, register }: { leaf: Leaf; register: UseFormRegister<SeizureFormValues> }) {
  const name = leaf.path as 'notes';
  return h('label', { style: { display: 'block' } }, leaf.path, ' ', h('input', { type: leaf.kind, ...register(name, leaf.kind === 'number' ? { valueAsNumber: true } : {}) }));
}

function FloorForm({ record, onSave }: { record: Seizure; onSave: (values: Seizure) => Promise<void> }) {
  const form = useForm<SeizureFormValues>({
    defaultValues: record,
    resolver: zodResolver(SeizureFormSchema as unknown as z.ZodMiniType<SeizureFormValues, SeizureFormValues>),
  });
  const props: FormHTMLAttributes<HTMLFormElement> = {
    // The schema validates, as in the app's form, not the browser (a coordinate is no whole number).
    noValidate: true,
    // A refusal would leave the floor's tap without a commit: the run's log says which fields.
    onSubmit: form.handleSubmit(
      (values) => onSave(values).catch((error: unknown) => console.error('the floor could not save:', String(error))),
      (errors) => console.error(`the floor form refused its record: ${JSON.stringify(errors, (key, value) => (key === 'ref' ? undefined : value)).slice(0, 500)}`),
    ),
  };
  return h(
    'form',
    props,
    leaves(record).map((leaf) => h(Field, { key: leaf.path, leaf, register: form.register })),
    h('button', { type: 'submit' }, 'Save (floor)'),
  );
}

/** Mounts the floor form on `record`; each submit writes a new version of it, sealed, in one transaction. */
async function mountFloor({ record }: { record: Seizure }) {
  await deleteDatabase(FLOOR_DB);
  const db = await openRawSealed(FLOOR_DB);
  const keyring = floorKeyring();
  const onSave = async (values: Seizure) => {
    const version = { ...values, updatedAt: new Date().toISOString() };
    const { row, state } = saved(version, undefined);
    await writeSealed(db, keyring, { seizures: [row], syncStates: [state], outbox: [newEntry(newId(), version)] });
  };
  const root = document.createElement('div');
  document.body.append(root);
  createRoot(root).render(h(FloorForm, { record, onSave }));
  return { fields: leaves(record).length };
}

declare global {
  interface Window {
    bench: Record<string, (options: never) => Promise<unknown>>;
  }
}

window.bench = { mountFloor } as unknown as Window['bench'];
const state = document.getElementById('state');
if (state) state.textContent = 'ready';
