/**
 * The barcode reader's WebAssembly is our own copy (features/seizures/evidence/scan/barcode-reader.ts
 * points the ponyfill at zxing-wasm's reader .wasm), and barcode-detector bundles its own copy of
 * zxing-wasm's JavaScript glue: the two must be the same release, or the glue would instantiate a
 * binary it does not match. An upgrade of one without the other fails here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ZXING_WASM_SHA256, ZXING_WASM_VERSION } from 'barcode-detector/ponyfill';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('the barcode reader wasm', () => {
  it('is the release barcode-detector was built against, byte for byte', () => {
    // Its exports list leaves out package.json: read it beside the resolved reader.
    const wasmPath = require.resolve('zxing-wasm/reader/zxing_reader.wasm');
    const installed = JSON.parse(readFileSync(path.join(wasmPath.slice(0, wasmPath.lastIndexOf(`${path.sep}dist${path.sep}`)), 'package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(ZXING_WASM_VERSION);
    const wasm = readFileSync(wasmPath);
    expect(createHash('sha256').update(wasm).digest('hex')).toBe(ZXING_WASM_SHA256);
  });
});
