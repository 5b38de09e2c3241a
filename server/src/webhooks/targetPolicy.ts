import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export type TargetCheck = { ok: true; url: URL; address: string; family: 4 | 6 } | { ok: false; reason: string };

/** Addresses a board must not make the server call unless the operator lists them explicitly. */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) INTERNAL.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) INTERNAL.addSubnet(network, prefix, 'ipv6');

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/** ::ffff:10.0.0.1 (also written ::ffff:a00:1, as URLs normalise it) is 10.0.0.1. */
function unmapped(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted?.[1]) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex?.[1] || !hex[2]) return address;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/**
 * The operator's allow-list (WEBHOOK_ALLOWED_HOSTS): host names (`hooks.example.com`),
 * subdomain wildcards (`*.example.com`), IP addresses and CIDR ranges.
 *
 * A target is allowed when its host is listed, AND every address it resolves to is either
 * public or itself listed by address or range. So a listed name that resolves (or is
 * re-pointed) to an internal address is refused; internal receivers are allowed only by
 * listing their address. The check runs when a webhook is saved and again before every
 * delivery, and the delivery connects to exactly the address that was checked.
 */
export class TargetPolicy {
  private readonly hosts = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly addresses = new BlockList();
  private addressCount = 0;

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase().replace(/\.$/, '');
      const [network, prefix] = entry.split('/');
      if (network && isIP(network) && prefix !== undefined && /^\d+$/.test(prefix)) {
        this.addresses.addSubnet(network, Number(prefix), family(network));
        this.addressCount += 1;
      } else if (isIP(entry.replace(/^\[|\]$/g, ''))) {
        const address = entry.replace(/^\[|\]$/g, '');
        this.addresses.addAddress(address, family(address));
        this.addressCount += 1;
      } else if (entry.startsWith('*.')) this.suffixes.push(entry.slice(1));
      else if (entry) this.hosts.add(entry);
    }
  }

  get enabled(): boolean {
    return this.hosts.size > 0 || this.suffixes.length > 0 || this.addressCount > 0;
  }

  private listedAddress(address: string): boolean {
    const plain = unmapped(address);
    return this.addresses.check(plain, family(plain));
  }

  /** The URL's form and host, without resolving it. */
  checkUrl(raw: string): { ok: true; url: URL; host: string } | { ok: false; reason: string } {
    if (!this.enabled) return { ok: false, reason: 'webhooks are disabled on this server (WEBHOOK_ALLOWED_HOSTS is empty)' };
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, reason: 'the webhook URL is not a valid URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'webhook URLs must be http or https' };
    if (url.username || url.password) return { ok: false, reason: 'webhook URLs must not contain credentials; use the secret' };
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
    const listed = isIP(host) ? this.listedAddress(unmapped(host)) : this.hosts.has(host) || this.suffixes.some((suffix) => host.endsWith(suffix));
    if (!listed) return { ok: false, reason: `${host} is not an allowed webhook host on this server (WEBHOOK_ALLOWED_HOSTS)` };
    return { ok: true, url, host };
  }

  /** The URL and the checked address to connect to. */
  async resolve(raw: string): Promise<TargetCheck> {
    const checked = this.checkUrl(raw);
    if (!checked.ok) return checked;
    let resolved: { address: string; family: number }[];
    if (isIP(checked.host)) resolved = [{ address: checked.host, family: isIP(checked.host) }];
    else {
      try {
        resolved = await lookup(checked.host, { all: true, verbatim: true });
      } catch (error) {
        return { ok: false, reason: `${checked.host} does not resolve: ${(error as Error).message}` };
      }
    }
    for (const { address } of resolved) {
      const plain = unmapped(address);
      if (!this.listedAddress(plain) && INTERNAL.check(plain, family(plain))) {
        return { ok: false, reason: `${checked.host} resolves to the internal address ${address}, which is not in WEBHOOK_ALLOWED_HOSTS` };
      }
    }
    const first = resolved[0];
    if (!first) return { ok: false, reason: `${checked.host} does not resolve` };
    return { ok: true, url: checked.url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }
}
