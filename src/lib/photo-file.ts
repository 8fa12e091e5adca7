/**
 * From a file the camera or the gallery gave to a photo the device can keep (docs/photos.md):
 * the original bytes untouched (EXIF and all) and their SHA-256, the camera's position and time
 * (EXIF, read with exifr's lite build, loaded only when a photo is attached), and a display copy
 * at most DISPLAY_LONGEST_SIDE on its longest side, re-encoded as JPEG. The copy is made with
 * the browser's own decoder (createImageBitmap, which also applies the EXIF orientation) and a
 * canvas, no library: browser-image-compression would fetch its worker from a CDN and strip
 * EXIF, and only the copy is resized here.
 */
import type { PhotoContentType, PhotoMeta, PhotoShot } from '../domain/photos';
import { newId, type DisplayCopy, type NewPhoto, type PhotoLocation } from '../storage';

export const DISPLAY_LONGEST_SIDE = 1280;
const DISPLAY_QUALITY = 0.82;

/** SHA-256 of the bytes, lower-case hex (WebCrypto: native, off the page's thread). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The display copy's size: the original's proportions, its longest side at most `longest`, never enlarged. */
export function fitWithin(width: number, height: number, longest = DISPLAY_LONGEST_SIDE): { width: number; height: number } {
  const scale = Math.min(1, longest / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** What the file says it is, or what its first bytes say (a gallery may give no type). */
export function contentTypeOf(type: string, head: Uint8Array): PhotoContentType | undefined {
  const known: readonly PhotoContentType[] = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];
  if ((known as readonly string[]).includes(type)) return type as PhotoContentType;
  if (head[0] === 0xff && head[1] === 0xd8) return 'image/jpeg';
  if (head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) return 'image/png';
  const ascii = String.fromCharCode(...head.subarray(0, 12));
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'image/webp';
  if (ascii.slice(4, 8) === 'ftyp') return /heic|heix|hevc/.test(ascii.slice(8, 12)) ? 'image/heic' : 'image/heif';
  return undefined;
}

/** The browser's decoder and encoder, apart so the steps around them can be tested without a browser. */
export interface ImageCodec {
  decode(blob: Blob): Promise<{ width: number; height: number; draw(width: number, height: number): Promise<Blob>; close(): void }>;
}

export const browserCodec: ImageCodec = {
  async decode(blob) {
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    return {
      width: bitmap.width,
      height: bitmap.height,
      async draw(width, height) {
        if (typeof OffscreenCanvas !== 'undefined') {
          const canvas = new OffscreenCanvas(width, height);
          canvas.getContext('2d')?.drawImage(bitmap, 0, 0, width, height);
          return canvas.convertToBlob({ type: 'image/jpeg', quality: DISPLAY_QUALITY });
        }
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        canvas.getContext('2d')?.drawImage(bitmap, 0, 0, width, height);
        return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no display copy'))), 'image/jpeg', DISPLAY_QUALITY));
      },
      close: () => bitmap.close(),
    };
  },
};

/** The display copy, or undefined when the browser cannot decode the original (HEIC on most desktops): the photo is kept all the same. */
export async function displayCopy(original: Blob, codec: ImageCodec = browserCodec): Promise<DisplayCopy | undefined> {
  try {
    const image = await codec.decode(original);
    try {
      const size = fitWithin(image.width, image.height);
      const blob = await image.draw(size.width, size.height);
      return { bytes: new Uint8Array(await blob.arrayBuffer()), ...size };
    } finally {
      image.close();
    }
  } catch {
    return undefined;
  }
}

/** The camera's position and time, if the photo carries them; nothing when it does not or cannot be read. */
export async function readExif(bytes: Uint8Array): Promise<{ location?: PhotoLocation; takenAt?: string }> {
  try {
    const exifr = await import('exifr/dist/lite.esm.mjs');
    const tags = (await exifr.parse(bytes, { tiff: true, gps: true, exif: true })) as { latitude?: unknown; longitude?: unknown; DateTimeOriginal?: unknown } | undefined;
    const { latitude, longitude, DateTimeOriginal: taken } = tags ?? {};
    const located = typeof latitude === 'number' && typeof longitude === 'number' && Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
    return {
      ...(located && { location: { latitude, longitude } }),
      ...(taken instanceof Date && !Number.isNaN(taken.getTime()) && { takenAt: taken.toISOString() }),
    };
  } catch {
    return {};
  }
}

export interface PhotoTarget {
  recordId: string;
  firearmId?: string;
  shot: PhotoShot;
}

/** Everything the photo store needs to keep a file as a photo; undefined when it is not an image the server stores. */
export async function preparePhoto(file: Blob & { lastModified?: number }, target: PhotoTarget, codec?: ImageCodec): Promise<NewPhoto | undefined> {
  const original = new Uint8Array(await file.arrayBuffer());
  const contentType = contentTypeOf(file.type, original.subarray(0, 16));
  if (!contentType) return undefined;
  const [sha256, exif, display] = await Promise.all([sha256Hex(original), readExif(original), displayCopy(file, codec)]);
  const meta: PhotoMeta = {
    photoId: newId().toLowerCase(),
    recordId: target.recordId,
    ...(target.firearmId !== undefined && { firearmId: target.firearmId }),
    shot: target.shot,
    sha256,
    size: original.byteLength,
    contentType,
  };
  const takenAt = exif.takenAt ?? (file.lastModified ? new Date(file.lastModified).toISOString() : undefined);
  return { meta, original, ...(display && { display }), ...(takenAt !== undefined && { takenAt }), ...(exif.location && { location: exif.location }) };
}
