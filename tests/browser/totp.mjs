// Time-based one-time codes (RFC 6238) for the browser tests, computed the way an
// authenticator app does, with nothing but node:crypto: the test plays the phone.
//
//   base32Decode('GEZD GNBV …')   → Buffer (RFC 4648 alphabet, no padding needed;
//                                   spaces and lower case are accepted)
//   totpCode(secret, unixSeconds) → '287082' (HMAC-SHA1, 30 s steps, 6 digits)
//
// `selfTest()` checks both against the RFCs' own test vectors; account.test.mjs runs it
// before trusting any code it types. `node totp.mjs` runs it on its own.

import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const STEP_SECONDS = 30;

// RFC 4648 base32 → bytes. Whitespace is ignored (the server shows the key in groups of
// four), case does not matter, trailing '=' padding is allowed but not required.
// Throws on any other character or on an impossible length.
export function base32Decode(text) {
  const clean = text.replace(/\s+/g, '').toUpperCase().replace(/=+$/, '');
  if ([1, 3, 6].includes(clean.length % 8)) {
    throw new Error(`base32: impossible length ${clean.length}`);
  }
  const out = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) throw new Error(`base32: bad character ${JSON.stringify(ch)}`);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
      buffer &= (1 << bits) - 1;
    }
  }
  if (buffer !== 0) throw new Error('base32: non-zero trailing bits');
  return Buffer.from(out);
}

// The code for `unixSeconds` (RFC 6238 with HMAC-SHA1; RFC 4226 dynamic truncation).
// `secret` is a Buffer or a base32 string.
export function totpCode(secret, unixSeconds, { digits = 6, step = STEP_SECONDS } = {}) {
  const key = typeof secret === 'string' ? base32Decode(secret) : secret;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / step)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

// RFC 4648 section 10 (padding removed) and RFC 6238 appendix B (SHA1 rows; the key is
// the ASCII string "12345678901234567890"). The 6-digit code is the last 6 of the 8.
export const BASE32_VECTORS = [
  ['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'],
  ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI'],
];
export const RFC6238_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
export const RFC6238_VECTORS = [
  [59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'],
  [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130'],
];

// Runs every vector; returns a list of { ok, message, detail } (never throws).
export function selfTest() {
  const results = [];
  const record = (ok, message, detail) => results.push({ ok, message, detail });
  const attempt = (fn) => { try { return fn(); } catch (err) { return `threw: ${err.message}`; } };

  for (const [plain, encoded] of BASE32_VECTORS) {
    const got = attempt(() => base32Decode(encoded).toString('latin1'));
    record(got === plain, `base32Decode(${JSON.stringify(encoded)}) is ${JSON.stringify(plain)}`,
      `got ${JSON.stringify(got)}`);
  }
  const key = attempt(() => base32Decode(RFC6238_SECRET).toString('latin1'));
  record(key === '12345678901234567890', `base32Decode(${RFC6238_SECRET}) is "12345678901234567890"`,
    `got ${JSON.stringify(key)}`);
  const grouped = RFC6238_SECRET.toLowerCase().match(/.{1,4}/g).join(' ');
  const keyGrouped = attempt(() => base32Decode(grouped).toString('latin1'));
  record(keyGrouped === key, 'base32Decode accepts lower case in groups of four', `got ${JSON.stringify(keyGrouped)}`);
  for (const bad of ['GEZD1', 'MZXW6YTBO', 'MZXW6YT']) {
    const got = attempt(() => base32Decode(bad));
    record(typeof got === 'string' && got.startsWith('threw'), `base32Decode(${JSON.stringify(bad)}) is refused`,
      `got ${Buffer.isBuffer(got) ? got.toString('hex') : got}`);
  }

  for (const [t, expected] of RFC6238_VECTORS) {
    const eight = attempt(() => totpCode(RFC6238_SECRET, t, { digits: 8 }));
    record(eight === expected, `TOTP-SHA1 at T=${t} is ${expected} (RFC 6238)`, `got ${eight}`);
    const six = attempt(() => totpCode(RFC6238_SECRET, t));
    record(six === expected.slice(-6), `6-digit TOTP at T=${t} is ${expected.slice(-6)}`, `got ${six}`);
  }
  // The same 30-second step gives the same code; the next step (normally) another.
  record(totpCode(RFC6238_SECRET, 30) === totpCode(RFC6238_SECRET, 59), 'T=30 and T=59 share a step and a code');
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = selfTest();
  for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.message}${r.ok ? '' : `: ${r.detail}`}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(failed ? `\n${failed} of ${results.length} failed` : `\ntotp self-test passed: ${results.length} checks`);
  process.exit(failed ? 1 : 0);
}
