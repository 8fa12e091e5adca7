/**
 * Puts an EXIF block (GPS position, time taken) into a JPEG, as a phone camera does: the photo
 * tests need originals whose location the app must show and whose bytes must reach the server
 * untouched. Big-endian TIFF inside an APP1 segment right after the JPEG's start marker.
 */
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0)).concat(0);

function rationals(value: number): number[] {
  const degrees = Math.floor(value);
  const minutesFull = (value - degrees) * 60;
  const minutes = Math.floor(minutesFull);
  const seconds = Math.round((minutesFull - minutes) * 60 * 1000);
  return [degrees, 1, minutes, 1, seconds, 1000];
}

interface Entry {
  tag: number;
  type: 2 | 4 | 5;
  count: number;
  /** LONG value, or the bytes of an ASCII/RATIONAL value (placed after the IFD when over 4 bytes). */
  value: number | number[];
  rational?: boolean;
}

export function withExif(jpeg: Uint8Array, at: { latitude: number; longitude: number; takenAt: string }): Uint8Array {
  const out: number[] = [];
  const u32 = (n: number) => out.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  const dateText = at.takenAt.replace(/-/g, ':').replace('T', ' ').slice(0, 19);
  // TIFF header; offsets below count from its first byte.
  out.push(0x4d, 0x4d, 0, 42);
  u32(8);
  const writeIfd = (entries: Entry[], start: number): number[] => {
    const extra: number[] = [];
    const body: number[] = [];
    const b16 = (n: number) => body.push((n >> 8) & 255, n & 255);
    const b32 = (n: number) => body.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
    const extraStart = start + 2 + entries.length * 12 + 4;
    b16(entries.length);
    for (const e of entries) {
      b16(e.tag);
      b16(e.type);
      b32(e.count);
      if (typeof e.value === 'number') b32(e.value);
      else {
        const bytes = e.rational ? e.value.flatMap((n) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]) : e.value;
        if (bytes.length <= 4) body.push(...bytes, ...new Array(4 - bytes.length).fill(0));
        else {
          b32(extraStart + extra.length);
          extra.push(...bytes);
          if (extra.length % 2) extra.push(0);
        }
      }
    }
    b32(0);
    return [...body, ...extra];
  };
  const ifd0Start = 8;
  const ifd0Size = 2 + 2 * 12 + 4;
  const exifStart = ifd0Start + ifd0Size;
  const exifIfd = writeIfd([{ tag: 0x9003, type: 2, count: 20, value: ascii(dateText) }], exifStart);
  const gpsStart = exifStart + exifIfd.length;
  const gpsIfd = writeIfd(
    [
      { tag: 1, type: 2, count: 2, value: ascii(at.latitude >= 0 ? 'N' : 'S') },
      { tag: 2, type: 5, count: 3, value: rationals(Math.abs(at.latitude)), rational: true },
      { tag: 3, type: 2, count: 2, value: ascii(at.longitude >= 0 ? 'E' : 'W') },
      { tag: 4, type: 5, count: 3, value: rationals(Math.abs(at.longitude)), rational: true },
    ],
    gpsStart,
  );
  out.push(
    ...writeIfd(
      [
        { tag: 0x8769, type: 4, count: 1, value: exifStart },
        { tag: 0x8825, type: 4, count: 1, value: gpsStart },
      ],
      ifd0Start,
    ),
  );
  out.push(...exifIfd, ...gpsIfd);
  const payload = [...ascii('Exif'), 0, ...out];
  const segment = [0xff, 0xe1, ((payload.length + 2) >> 8) & 255, (payload.length + 2) & 255, ...payload];
  const result = new Uint8Array(jpeg.length + segment.length);
  result.set(jpeg.subarray(0, 2));
  result.set(segment, 2);
  result.set(jpeg.subarray(2), 2 + segment.length);
  return result;
}
