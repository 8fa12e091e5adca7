/**
 * Pieces of an image's bytes as they would show in rawDatabaseText (raw-database.ts): that text
 * decodes byte arrays as Latin-1 and is JSON, so a piece is looked for in the same encoding, or
 * a plaintext image stored there would slip past the search on its escaped control bytes.
 */
const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);
const asJsonText = (text: string) => JSON.stringify(text).slice(1, -1);

/** The bytes as rawDatabaseText would show them if stored in clear. */
export const rawTextOf = (bytes: Uint8Array): string => asJsonText(latin1(bytes));

/** 48-byte pieces from across the image (the header, the middle, the end). */
export function imagePieces(bytes: Uint8Array): string[] {
  return [0.02, 0.3, 0.5, 0.7, 0.95].map((at) => {
    const start = Math.floor(bytes.length * at);
    return asJsonText(latin1(bytes.subarray(start, start + 48)));
  });
}
