/**
 * A TCP relay between the server and PostgreSQL that makes the database fail the ways a real one
 * does, without touching the machine's shared PostgreSQL service:
 *
 * - cut(): every connection is closed and new ones are refused, as when PostgreSQL stops (a
 *   stopped server closes its sockets, and nothing listens on its port until it is back);
 *   restore() listens again on the same port;
 * - latencyMs: every chunk, both ways, arrives that much later (a slow or far database);
 * - stall(): nothing gets through, in either direction, and nobody is told: connections stay
 *   open, data and closes are held (a network path that black-holes packets, a frozen host);
 *   unstall() delivers what was held, in order, as TCP would once the path heals;
 * - stallAfter(text): a connection that sends a chunk containing `text` is stalled right after
 *   it (towards the database; answers still come back). Used to freeze an instance that has just
 *   taken a lock.
 *
 * Order is kept per direction whatever the latency does, so the protocol is never corrupted.
 */
import net from 'node:net';
import { serverPort } from './server-process';

interface Item {
  due: number;
  chunk?: Buffer;
  end?: true;
  /** Hold the pipe once this item is delivered. */
  holdAfter?: true;
}

/** One direction of one connection: delayed, holdable, in order. */
class Pipe {
  private queue: Item[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  held = false;

  constructor(
    private readonly to: net.Socket,
    private readonly relay: DatabaseProxy,
  ) {}

  push(item: Omit<Item, 'due'>) {
    const last = this.queue.at(-1)?.due ?? 0;
    this.queue.push({ ...item, due: Math.max(Date.now() + this.relay.latencyMs, last) });
    this.pump();
  }

  pump() {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0 && !this.held && !this.relay.stalled) {
      const head = this.queue[0]!;
      const wait = head.due - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => this.pump(), wait);
        return;
      }
      this.queue.shift();
      if (this.to.destroyed) continue;
      if (head.chunk) this.to.write(head.chunk);
      if (head.end) this.to.end();
      if (head.holdAfter) this.held = true;
    }
  }

  clear() {
    clearTimeout(this.timer);
    this.queue = [];
  }
}

interface Connection {
  client: net.Socket;
  upstream: net.Socket;
  toDatabase: Pipe;
  toServer: Pipe;
}

export class DatabaseProxy {
  latencyMs = 0;
  stalled = false;
  /** Connections accepted so far (a pool reconnecting shows here). */
  accepted = 0;
  private listener: net.Server | undefined;
  private readonly connections = new Set<Connection>();
  private trigger: string | undefined;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** A relay to the PostgreSQL of `databaseUrl`, listening on a free loopback port. */
  static async start(databaseUrl: string): Promise<DatabaseProxy> {
    const url = new URL(databaseUrl);
    const proxy = new DatabaseProxy(await serverPort(), { host: url.hostname, port: Number(url.port || 5432) });
    await proxy.restore();
    return proxy;
  }

  /** `databaseUrl` with its host and port replaced by the relay's. */
  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.host = `127.0.0.1:${this.port}`;
    return url.toString();
  }

  /** The database stops: every connection closed, new ones refused. */
  async cut(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    for (const connection of this.connections) this.drop(connection);
    if (listener) await new Promise<void>((resolve) => listener.close(() => resolve()));
  }

  /** The database is back, on the same port. */
  async restore(): Promise<void> {
    if (this.listener) return;
    const listener = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.listener = listener;
  }

  stall(): void {
    this.stalled = true;
  }

  unstall(): void {
    this.stalled = false;
    this.trigger = undefined;
    for (const { toDatabase, toServer } of this.connections) {
      toDatabase.held = false;
      toServer.held = false;
      toDatabase.pump();
      toServer.pump();
    }
  }

  /** Stalls, towards the database, the first connection that sends a chunk containing `text`. */
  stallAfter(text: string): void {
    this.trigger = text;
  }

  /** How many connections are stalled by stallAfter. */
  get frozen(): number {
    return [...this.connections].filter((c) => c.toDatabase.held).length;
  }

  async close(): Promise<void> {
    this.stalled = false;
    await this.cut();
  }

  private accept(client: net.Socket) {
    this.accepted++;
    const upstream = net.connect(this.target.port, this.target.host);
    const connection: Connection = { client, upstream, toDatabase: new Pipe(upstream, this), toServer: new Pipe(client, this) };
    this.connections.add(connection);
    client.on('data', (chunk: Buffer) => {
      const trips = this.trigger !== undefined && chunk.includes(this.trigger);
      if (trips) this.trigger = undefined;
      connection.toDatabase.push({ chunk, ...(trips && { holdAfter: true as const }) });
    });
    upstream.on('data', (chunk: Buffer) => connection.toServer.push({ chunk }));
    client.on('end', () => connection.toDatabase.push({ end: true }));
    upstream.on('end', () => connection.toServer.push({ end: true }));
    // A reset is passed on at once unless the path is stalled (then nobody hears of it).
    client.on('error', () => (this.stalled || connection.toDatabase.held ? undefined : upstream.destroy()));
    upstream.on('error', () => (this.stalled ? undefined : client.destroy()));
    client.on('close', () => {
      if (!this.stalled && !connection.toDatabase.held) connection.toDatabase.push({ end: true });
    });
    upstream.on('close', () => {
      if (!this.stalled) connection.toServer.push({ end: true });
    });
    const forget = () => {
      if (client.destroyed && upstream.destroyed) this.connections.delete(connection);
    };
    client.on('close', forget);
    upstream.on('close', forget);
  }

  private drop(connection: Connection) {
    connection.toDatabase.clear();
    connection.toServer.clear();
    connection.client.destroy();
    connection.upstream.destroy();
    this.connections.delete(connection);
  }
}
