/**
 * The server's photo answers as the device reads them (docs/sync-protocol.md, "Photos"), with
 * the shared photo schema (domain/photos.ts). A chunk of its own, loaded with the first photo
 * answer: zod stays out of the first screen.
 */
import { z } from 'zod/mini';
import { PhotoMetaSchema, type PhotoMeta } from '../domain/photos';
import type { PhotoConfig } from '../storage';

const ConfigSchema = z.object({ maxBytes: z.int().check(z.gt(0)), uploadUrl: z.string().check(z.minLength(1)) });

/** A photo as the server lists it; the device keeps the photo's own description and ignores the rest. */
const ListedSchema = z.looseObject({ ...PhotoMetaSchema.shape });
const ListSchema = z.object({ photos: z.array(z.unknown()) });

export type ServerPhoto = PhotoMeta;

export function readConfig(body: unknown): PhotoConfig | undefined {
  const parsed = ConfigSchema.safeParse(body);
  return parsed.success ? { maxBytes: parsed.data.maxBytes, uploadUrl: parsed.data.uploadUrl } : undefined;
}

/** The listed photos of that record; an entry the device cannot read is left out rather than failing the list. */
export function readList(body: unknown, recordId: string): ServerPhoto[] | undefined {
  const list = ListSchema.safeParse(body);
  if (!list.success) return undefined;
  return list.data.photos.flatMap((entry) => {
    const parsed = ListedSchema.safeParse(entry);
    if (!parsed.success || parsed.data.recordId !== recordId) return [];
    const { photoId, firearmId, shot, sha256, size, contentType } = parsed.data;
    return [{ photoId, recordId, ...(firearmId !== undefined && { firearmId }), shot, sha256, size, contentType }];
  });
}
