/** exifr's lite build (JPEG and HEIC, TIFF blocks with GPS): the same API as the full one, a third of its size. */
declare module 'exifr/dist/lite.esm.mjs' {
  export * from 'exifr';
}
