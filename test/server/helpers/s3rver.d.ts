// The part of s3rver (3.7.1) the tests use: it ships no types of its own.
declare module 's3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface S3rverOptions {
    directory: string;
    silent?: boolean;
  }

  export default class S3rver {
    constructor(options: S3rverOptions);
    /** Its Koa request handler. */
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
