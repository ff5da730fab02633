/**
 * A loopback TCP proxy of our own between a pool and Redis, to inject network faults that a
 * killed or stopped Redis cannot: `stall` stops moving bytes both ways without closing anything
 * (a half-open connection: the peer sees no FIN and no RST, just silence), `close` drops every
 * connection and refuses new ones, `slow` delays every chunk. New connections follow the mode.
 */
import * as net from 'node:net';

/** What the proxy does with bytes: pass them, hold them, drop connections, or delay them. */
export type ProxyMode = 'pass' | 'stall' | 'close' | 'slow';

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

export class ChaosProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<Pair>();
  private mode: ProxyMode = 'pass';
  private delayMs = 0;
  /** The port the proxy listens on (after start()). */
  port = 0;

  constructor(private readonly targetPort: number) {
    this.server = net.createServer((client) => this.accept(client));
  }

  /** Listens on a free loopback port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** A redis:// URL through the proxy. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Switches mode; `slow` delays each chunk by `delayMs`. */
  setMode(mode: ProxyMode, delayMs = 0): void {
    this.mode = mode;
    this.delayMs = delayMs;
    for (const pair of this.pairs) {
      if (mode === 'close') this.drop(pair);
      else if (mode === 'stall') this.hold(pair);
      else this.release(pair);
    }
  }

  /** Closes every connection and the listener. */
  async stop(): Promise<void> {
    for (const pair of this.pairs) this.drop(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.mode === 'close') {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream };
    this.pairs.add(pair);
    this.pipe(client, upstream);
    this.pipe(upstream, client);
    const end = () => this.drop(pair);
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    if (this.mode === 'stall') this.hold(pair);
  }

  /** Forwards `from` to `to`, through the delay when slow. Paused sockets forward nothing. */
  private pipe(from: net.Socket, to: net.Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (this.mode !== 'slow') {
        to.write(chunk);
        return;
      }
      from.pause();
      setTimeout(() => {
        to.write(chunk);
        if (this.mode !== 'stall') from.resume();
      }, this.delayMs);
    });
  }

  private hold(pair: Pair): void {
    pair.client.pause();
    pair.upstream.pause();
  }

  private release(pair: Pair): void {
    pair.client.resume();
    pair.upstream.resume();
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
