import ipaddr from 'ipaddr.js';

/** Normalises an address (strips IPv4-mapped IPv6 prefixes) for comparison and storage. */
export function normalizeIp(ip: string): string {
  try {
    const a = ipaddr.parse(ip);
    if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) return (a as ipaddr.IPv6).toIPv4Address().toString();
    return a.toString();
  } catch {
    return ip;
  }
}

/** True for a valid IP or CIDR (v4 or v6). */
export function isIpOrCidr(s: string): boolean {
  if (ipaddr.isValid(s) && !s.includes('/')) return true;
  try {
    ipaddr.parseCIDR(s);
    return true;
  } catch {
    return false;
  }
}

/** Canonical CIDR for an IP or CIDR entry ("10.0.0.1" → "10.0.0.1/32"). */
export function canonicalCidr(s: string): string {
  if (!s.includes('/')) {
    const a = ipaddr.parse(s);
    return `${a.toString()}/${a.kind() === 'ipv4' ? 32 : 128}`;
  }
  const [addr, bits] = ipaddr.parseCIDR(s);
  return `${addr.toString()}/${bits}`;
}

export function ipAllowed(ip: string, allowlist: readonly string[]): boolean {
  if (allowlist.length === 0) return true;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(ip);
  } catch {
    return false;
  }
  return allowlist.some((entry) => {
    try {
      const [net, bits] = ipaddr.parseCIDR(entry);
      if (net.kind() !== addr.kind()) return false;
      return addr.match([net, bits] as [typeof addr, number]);
    } catch {
      return false;
    }
  });
}

/** Private, loopback, link-local and metadata addresses a camera URL should not reach unexpectedly. */
export function isLinkLocalOrMetadata(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'metadata.google.internal' || h === 'metadata' || h.endsWith('.metadata.google.internal')) return true;
  if (!ipaddr.isValid(h)) return false;
  const a = ipaddr.process(h);
  const range = a.range();
  return range === 'linkLocal' || range === 'unspecified' || range === 'broadcast' || range === 'multicast';
}
