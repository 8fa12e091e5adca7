/**
 * Seizure rows whose hashed index keys were written in an earlier format (SEALED_INDEX_FORMAT in
 * crypto/hashed-index.ts) are written again with this officer's keys at unlock, so search
 * finds them. A page is read and written in one transaction, so a save in another tab between the
 * two cannot be overwritten by the older copy; writing a row again changes nothing but its index
 * keys, computed afresh from the record, so keys a format added (bag codes in format 3) reach rows
 * written before it. The officer's mark says when every row is done; stopped half-way, it runs again at the
 * next unlock.
 */
import { seizureKeys } from '../domain/keys';
import { SEALED_INDEX_FORMAT } from './crypto/hashed-index';
import type { SeizureRow, TraceDB } from './db';
import { guarded } from './errors';

const MARK = 'sealedIndexFormat';
const PAGE = 500;

export function reindexSealed(db: TraceDB, pageSize = PAGE): Promise<number> {
  return guarded(async () => {
    if ((await db.officerData.get(MARK))?.value === SEALED_INDEX_FORMAT) return 0;
    let written = 0;
    let after: string | undefined;
    for (;;) {
      const page: SeizureRow[] = await db.transaction('rw', db.seizures, async () => {
        const rows = await (after === undefined ? db.seizures.limit(pageSize) : db.seizures.where(':id').above(after).limit(pageSize)).toArray();
        if (rows.length > 0) await db.seizures.bulkPut(rows.map((row) => ({ ...row, ...seizureKeys(row.record) })));
        return rows;
      });
      written += page.length;
      after = page.at(-1)?.id;
      if (page.length < pageSize || after === undefined) break;
    }
    await db.officerData.put({ key: MARK, value: SEALED_INDEX_FORMAT });
    return written;
  });
}
