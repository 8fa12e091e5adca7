/**
 * A QR code as a PNG file, made in the test with the app's own QR library (uqr), as a photo of
 * a printed label would reach the scanner's photo fallback. PNG written by hand: a grey-scale
 * image is a few chunks of zlib data (node:zlib), no image library needed.
 */
import { crc32, deflateSync } from 'node:zlib';
import { encode } from 'uqr';

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, sum]);
}

/** The QR code of `text`, `scale` pixels per module, with a quiet zone of 4 modules. */
export function qrPng(text: string, scale = 8): Buffer {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  const width = size * scale;
  const rows: Buffer[] = [];
  for (let y = 0; y < width; y++) {
    const row = Buffer.alloc(width + 1); // filter byte 0, then one grey byte per pixel
    for (let x = 0; x < width; x++) row[x + 1] = data[Math.floor(y / scale)]?.[Math.floor(x / scale)] ? 0 : 255;
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(width, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit grey, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
