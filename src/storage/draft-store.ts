/**
 * Autosave of the open form. Written as the officer types (relaxed durability is fine here: the
 * saved record, not the draft, is the evidence) and removed in the same transaction that saves
 * the record, so a draft never outlives the save it led to.
 */
import type { FormDraft, TraceDB } from './db';
import { guarded } from './errors';

export interface DraftStore {
  put(id: string, values: unknown, baseUpdatedAt?: string): Promise<void>;
  get(id: string): Promise<FormDraft | undefined>;
  remove(id: string): Promise<void>;
  /** Drafts of seizures never saved: offered for resumption on the list screen. */
  unsavedNew(): Promise<FormDraft[]>;
}

export function createDraftStore(db: TraceDB): DraftStore {
  return {
    put: (id, values, baseUpdatedAt) =>
      guarded(async () => {
        const draft: FormDraft = { id, values, savedAt: new Date().toISOString() };
        if (baseUpdatedAt) draft.baseUpdatedAt = baseUpdatedAt;
        await db.drafts.put(draft);
      }),
    get: (id) => guarded(() => db.drafts.get(id)),
    remove: (id) => guarded(() => db.drafts.delete(id)),
    unsavedNew: () =>
      guarded(async () => {
        const drafts = await db.drafts.orderBy('savedAt').reverse().toArray();
        return drafts.filter((d) => d.baseUpdatedAt === undefined);
      }),
  };
}
