/**
 * Reading barcodes and QR codes on the device, offline (docs/evidence-codes.md, "Scanning"): the
 * browser's own BarcodeDetector where it reads QR codes, otherwise the barcode-detector ponyfill
 * (ZXing compiled to WebAssembly). Both load only when an officer first scans. The ponyfill's
 * .wasm would come from a public CDN by default; it is pointed at our own copy, which the service
 * worker precaches (vite.config.ts globPatterns), so scanning works with no network.
 */
import type { BarcodeFormat } from 'barcode-detector/ponyfill';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

export interface DetectedCode {
  rawValue: string;
  format: string;
}

export interface BarcodeReader {
  detect(source: ImageBitmapSource): Promise<DetectedCode[]>;
}

// What labels carry: QR for our bag codes, the linear and 2-D codes case files are printed with.
const FORMATS: BarcodeFormat[] = ['qr_code', 'code_128', 'code_39', 'data_matrix', 'pdf417', 'ean_13'];

interface NativeDetectorClass {
  new (options: { formats: readonly string[] }): BarcodeReader;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeReader(): Promise<BarcodeReader | undefined> {
  const Native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (!Native) return undefined;
  const supported = await Native.getSupportedFormats().catch(() => [] as string[]);
  return supported.includes('qr_code') ? new Native({ formats: FORMATS.filter((f) => supported.includes(f)) }) : undefined;
}

async function wasmReader(): Promise<BarcodeReader> {
  const { BarcodeDetector, prepareZXingModule } = await import('barcode-detector/ponyfill');
  // Our copy of the .wasm, never the CDN; loaded now so the first frame does not wait for it.
  await prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, location.href).href : prefix + path) }, fireImmediately: true });
  return new BarcodeDetector({ formats: FORMATS });
}

let reader: Promise<BarcodeReader> | undefined;

/** The reader, made once; a failed start is tried again at the next scan. */
export function barcodeReader(): Promise<BarcodeReader> {
  reader ??= (async () => (await nativeReader()) ?? (await wasmReader()))().catch((error: unknown) => {
    reader = undefined;
    throw error;
  });
  return reader;
}

/** The first code read in a photo the officer took or chose, or undefined. */
export async function readFromImage(file: Blob): Promise<string | undefined> {
  const [found, image] = await Promise.all([barcodeReader(), createImageBitmap(file)]);
  try {
    return (await found.detect(image))[0]?.rawValue;
  } finally {
    image.close();
  }
}
