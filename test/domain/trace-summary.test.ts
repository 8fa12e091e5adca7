import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readyNotRequested, traceCounts } from '../../src/domain/trace-summary';
import { freshSeizure } from './fixtures';

describe('trace summary of a seizure', () => {
  const record = freshSeizure();
  const [first] = record.firearms;
  const two = { ...record, firearms: [first!, { ...first!, id: randomUUID(), itemNumber: 2 }] };

  it('counts a firearm without a status as not requested', () => {
    expect(traceCounts(two, [{ firearmId: first!.id, status: { status: 'traced' } }])).toEqual({ not_requested: 1, requested: 0, traced: 1, not_traced: 0 });
  });

  it('ignores statuses of firearms no longer in the seizure', () => {
    expect(traceCounts(two, [{ firearmId: randomUUID(), status: { status: 'requested' } }])).toMatchObject({ not_requested: 2, requested: 0 });
  });

  it('is waiting for a request only when ready and a firearm is not requested', () => {
    const requestedBoth = traceCounts(two, two.firearms.map((f) => ({ firearmId: f.id, status: { status: 'requested' as const } })));
    expect(readyNotRequested({ ...two, status: 'ready' }, traceCounts(two, []))).toBe(true);
    expect(readyNotRequested({ ...two, status: 'draft' }, traceCounts(two, []))).toBe(false);
    expect(readyNotRequested({ ...two, status: 'ready' }, requestedBoth)).toBe(false);
  });
});
