/**
 * Preparing a photo (src/lib/photo-file.ts): the hash is SHA-256 over the original's exact
 * bytes; the display copy keeps the proportions with its longest side at most 1280 and is never
 * enlarged; a file the browser cannot decode is kept without one; the camera's position and
 * time come from EXIF; the original is handed on untouched.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, displayCopy, fitWithin, preparePhoto, readExif, sha256Hex, type ImageCodec } from '../../src/lib/photo-file';

const FIXTURE = new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures/photos/serial-closeup.jpg')));

/** A decoder that reports a size and "draws" a blob saying the size it was asked for. */
const fakeCodec = (width: number, height: number, fails = false): ImageCodec & { asked: [number, number][] } => {
  const asked: [number, number][] = [];
  return {
    asked,
    decode: async () => {
      if (fails) throw new Error('cannot decode HEIC');
      return { width, height, draw: async (w, h) => (asked.push([w, h]), new Blob([`${w}x${h}`])), close: () => undefined };
    },
  };
};

describe('the hash of a photo', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('of %j is the SHA-256 test vector, lower-case hex', async (text, hex) => {
    expect(await sha256Hex(new TextEncoder().encode(text))).toBe(hex);
  });

  it('changes with any byte of the original', async () => {
    const changed = FIXTURE.slice();
    changed[FIXTURE.length >> 1] = (changed[FIXTURE.length >> 1] ?? 0) ^ 1;
    expect(await sha256Hex(changed)).not.toBe(await sha256Hex(FIXTURE));
  });
});

describe('the display copy', () => {
  it.each([
    [4000, 3000, 1280, 960],
    [3000, 4000, 960, 1280],
    [1280, 1280, 1280, 1280],
    [800, 600, 800, 600],
    [10000, 7, 1280, 1],
  ])('of %i × %i is %i × %i', (w, h, ew, eh) => {
    expect(fitWithin(w, h)).toEqual({ width: ew, height: eh });
  });

  it('is drawn at that size from the decoded original', async () => {
    const codec = fakeCodec(2400, 1800);
    const copy = await displayCopy(new Blob([FIXTURE]), codec);
    expect(codec.asked).toEqual([[1280, 960]]);
    expect(copy).toMatchObject({ width: 1280, height: 960 });
    expect(new TextDecoder().decode(copy!.bytes)).toBe('1280x960');
  });

  it('is absent when the browser cannot decode the original, and the photo is still prepared', async () => {
    expect(await displayCopy(new Blob([FIXTURE]), fakeCodec(1, 1, true))).toBeUndefined();
    const photo = await preparePhoto(new Blob([FIXTURE], { type: 'image/heic' }), { recordId: crypto.randomUUID(), shot: 'left' }, fakeCodec(1, 1, true));
    expect(photo?.display).toBeUndefined();
    expect(photo?.meta.contentType).toBe('image/heic');
  });
});

describe('preparing a photo', () => {
  it('keeps the original untouched, hashed, with its EXIF position and time', async () => {
    const recordId = crypto.randomUUID();
    const firearmId = crypto.randomUUID();
    const photo = await preparePhoto(new Blob([FIXTURE], { type: 'image/jpeg' }), { recordId, firearmId, shot: 'serial' }, fakeCodec(2400, 1800));
    expect(photo?.original).toEqual(FIXTURE);
    expect(photo?.meta).toMatchObject({ recordId, firearmId, shot: 'serial', size: FIXTURE.length, contentType: 'image/jpeg', sha256: await sha256Hex(FIXTURE) });
    expect(photo?.meta.photoId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(photo?.location).toEqual({ latitude: 29.0729, longitude: -110.9559 });
    expect(photo?.takenAt).toMatch(/^2026-11-28T/);
  });

  it('reads nothing from a photo without EXIF, and refuses a file that is not an image', async () => {
    expect(await readExif(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toEqual({});
    expect(await preparePhoto(new Blob(['%PDF-1.7 not a photo'], { type: 'application/pdf' }), { recordId: crypto.randomUUID(), shot: 'other' })).toBeUndefined();
  });

  it.each([
    ['image/jpeg', [0], 'image/jpeg'],
    ['', [0xff, 0xd8, 0xff], 'image/jpeg'],
    ['', [0x89, 0x50, 0x4e, 0x47], 'image/png'],
    ['', [...new TextEncoder().encode('RIFF\0\0\0\0WEBP')], 'image/webp'],
    ['', [0, 0, 0, 24, ...new TextEncoder().encode('ftypheic')], 'image/heic'],
    ['image/gif', [0x47, 0x49, 0x46], undefined],
  ])('a file typed %j starting %j is %s', (type, head, expected) => {
    expect(contentTypeOf(type, Uint8Array.from(head))).toBe(expected);
  });
});
