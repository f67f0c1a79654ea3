import net from 'node:net';

/**
 * A TCP pass-through in front of a real service, so a test can make that service
 * "go down" and "come back" for one client without touching the service itself.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  /** Client socket → its upstream, while passing through. */
  private readonly pairs = new Map<net.Socket, net.Socket>();
  /** Client sockets accepted (or cut off) while black-holed: read and never answered. */
  private readonly held = new Set<net.Socket>();
  private holding = false;
  /** Connections accepted while black-holed. */
  heldConnections = 0;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening (again, on the same port once it had one). */
  async open(): Promise<void> {
    const server = net.createServer((client) => {
      if (this.holding) return void this.hold(client);
      const upstream = net.connect(this.targetPort, this.targetHost);
      this.pairs.set(client, upstream);
      client.on('close', () => this.pairs.delete(client));
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /**
   * A network partition: connections are accepted (new ones) or kept open (existing ones)
   * but nothing reaches the service and nothing ever comes back, so a client sees only its
   * own timeouts. Listens first if closed. `passThrough()` ends it.
   */
  async blackHole(): Promise<void> {
    this.holding = true;
    if (!this.server) await this.open();
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      upstream.removeAllListeners('error').on('error', () => {});
      upstream.destroy();
      this.pairs.delete(client);
      this.hold(client);
    }
  }

  /**
   * Ends a black hole: new connections pass through again, and the connections that were
   * held are reset (as a healed partition's stale connections are), so their requests fail
   * at once instead of waiting for the client's timeout.
   */
  async passThrough(): Promise<void> {
    this.holding = false;
    for (const s of this.held) s.destroy();
    this.held.clear();
    if (!this.server) await this.open();
  }

  private hold(client: net.Socket): void {
    this.heldConnections++;
    this.held.add(client);
    this.sockets.add(client);
    client.on('close', () => (this.held.delete(client), this.sockets.delete(client)));
    client.on('error', () => client.destroy());
    client.on('data', () => {});
    client.resume();
  }

  /** Refuses new connections and cuts the open ones: to the client, the service is down. */
  async close(): Promise<void> {
    this.holding = false;
    this.held.clear();
    this.pairs.clear();
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
