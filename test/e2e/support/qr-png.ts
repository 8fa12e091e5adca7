/**
 * A QR code as a PNG file or a camera's video, made in the test with the app's own QR library
 * (uqr), as a photo or the camera's view of a printed label reaches the scanner. Written by hand:
 * a grey-scale PNG is a few chunks of zlib data (node:zlib), a Y4M video raw planes.
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

/** The QR code of `text` as grey pixels (0 dark, 255 light), `scale` per module, with a quiet zone of 4 modules. */
function qrPixels(text: string, scale: number): { width: number; rows: Buffer[] } {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  const width = size * scale;
  const rows = Array.from({ length: width }, (_, y) => Buffer.from(Array.from({ length: width }, (_, x) => (data[Math.floor(y / scale)]?.[Math.floor(x / scale)] ? 0 : 255))));
  return { width, rows };
}

/** The QR code of `text` as a PNG file. */
export function qrPng(text: string, scale = 8): Buffer {
  const { width, rows: pixels } = qrPixels(text, scale);
  const rows = pixels.map((row) => Buffer.concat([Buffer.from([0]), row])); // filter byte 0 before each row
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(width, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit grey, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * The QR code of `text` as a Y4M video (a few identical frames, 4:2:0), the file format Chromium's
 * fake camera plays (--use-file-for-fake-video-capture): a camera pointed at a printed label.
 */
export function qrY4m(text: string, scale = 8, frames = 5): Buffer {
  const { width, rows } = qrPixels(text, scale);
  const luma = Buffer.concat(rows);
  const chroma = Buffer.alloc((width / 2) * (width / 2) * 2, 128); // U and V planes: no colour
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${width} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: frames }, () => frame)]);
}
