import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { FetchError } from './fetch-error';

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Host name → its addresses. Injectable so tests can map a name to a private address. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface SsrfPolicy {
  /** Host names fetched whatever they resolve to: exact, or `*.example.org` for its subdomains. */
  allowHosts: string[];
  /** CIDRs let through although not public (e.g. `127.0.0.0/8`). */
  allowPrivateNetworks: string[];
  resolve?: Resolver;
}

/**
 * What an address is, in ipaddr.js's words (`unicast` is the only public range; `loopback`,
 * `private`, `linkLocal` — which holds the 169.254.169.254 metadata service —,
 * `carrierGradeNat`, `uniqueLocal`, `unspecified`, `reserved`, `multicast` … are not).
 * IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 address it carries.
 */
export function classifyAddress(address: string): { range: string; public: boolean } {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return { range, public: range === 'unicast' };
}

/**
 * Refuses to connect to addresses a crawler has no business reaching (the machine itself,
 * the private network, cloud metadata), checked on the resolved address so a public name
 * pointing inside is caught, and again by the connection's own lookup so a name that
 * re-resolves between check and connect (DNS rebinding) is caught too.
 */
export class SsrfGuard {
  private readonly networks: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  private readonly exactHosts: Set<string>;
  private readonly suffixes: string[];
  readonly resolve: Resolver;

  constructor(policy: SsrfPolicy) {
    this.networks = policy.allowPrivateNetworks.map((cidr) => {
      try {
        return ipaddr.parseCIDR(cidr);
      } catch {
        throw new Error(`FETCH_ALLOW_PRIVATE_NETWORKS: "${cidr}" is not a CIDR (e.g. 127.0.0.0/8 or ::1/128)`);
      }
    });
    const hosts = policy.allowHosts.map((h) => h.toLowerCase());
    this.exactHosts = new Set(hosts.filter((h) => !h.startsWith('*.')));
    this.suffixes = hosts.filter((h) => h.startsWith('*.')).map((h) => h.slice(1));
    this.resolve = policy.resolve ?? systemResolver;
  }

  hostAllowed(hostname: string): boolean {
    const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return this.exactHosts.has(h) || this.suffixes.some((s) => h.endsWith(s));
  }

  /** Why this address may not be fetched, or null when it may. */
  refusal(address: string): string | null {
    const { range, public: isPublic } = classifyAddress(address);
    if (isPublic) return null;
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    if (this.networks.some(([net, bits]) => net.kind() === parsed.kind() && parsed.match(net, bits))) return null;
    return `${address} is ${range}`;
  }

  /** Throws `ssrf-blocked` unless every address the URL's host resolves to may be fetched. */
  async check(url: URL): Promise<void> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (this.hostAllowed(host)) return;
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await this.resolveOrThrow(host);
    for (const a of addresses) {
      const why = this.refusal(a.address);
      if (why) throw new FetchError('ssrf-blocked', `${url.host} resolves to ${why}`, false);
    }
  }

  private async resolveOrThrow(host: string): Promise<ResolvedAddress[]> {
    try {
      return await this.resolve(host);
    } catch (err) {
      throw new FetchError('network', `cannot resolve ${host}: ${(err as Error).message}`, true);
    }
  }

  /** A `lookup` for net/tls.connect that only ever hands over checked addresses. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const cb = callback as (err: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) => void;
    this.resolve(hostname).then(
      (addresses) => {
        if (!this.hostAllowed(hostname)) {
          for (const a of addresses) {
            const why = this.refusal(a.address);
            if (why) {
              const err = new Error(`ssrf-blocked: ${hostname} resolves to ${why}`) as NodeJS.ErrnoException;
              err.code = 'ERR_SSRF_BLOCKED';
              return cb(err, '');
            }
          }
        }
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (!wanted.length) {
          const err = new Error(`no address for ${hostname}`) as NodeJS.ErrnoException;
          err.code = 'ENOTFOUND';
          return cb(err, '');
        }
        if (options.all) cb(null, wanted);
        else cb(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err: NodeJS.ErrnoException) => cb(err, ''),
    );
  };
}
