// An X.509 certificate in words: just enough DER to show what an auditor reads (subject alternative names, issuer,
// validity, the Sigstore extensions of OID arc 1.3.6.1.4.1.57264.1). Decoding only: whether the certificate chains
// to the CA is for the client that verified the signature; the console shows what the log holds.
import { readTlv, decodeOid, bytesToHex, sha256, CheckError } from './verify.js';

/** The Sigstore extensions (fulcio docs/oid-info.md), by OID suffix under 1.3.6.1.4.1.57264.1. */
const SIGSTORE = {
  1: ['OIDC issuer (v1)', 'raw'], 2: ['GitHub workflow trigger (v1)', 'raw'], 3: ['GitHub workflow SHA (v1)', 'raw'],
  4: ['GitHub workflow name (v1)', 'raw'], 5: ['GitHub workflow repository (v1)', 'raw'],
  6: ['GitHub workflow ref (v1)', 'raw'], 8: ['OIDC issuer'], 9: ['Build signer URI'], 10: ['Build signer digest'],
  11: ['Runner environment'], 12: ['Source repository URI'], 13: ['Source repository digest'],
  14: ['Source repository ref'], 15: ['Source repository identifier'], 16: ['Source repository owner URI'],
  17: ['Source repository owner identifier'], 18: ['Build config URI'], 19: ['Build config digest'],
  20: ['Build trigger'], 21: ['Run invocation URI'], 22: ['Source repository visibility at signing'],
  23: ['Deployment environment'], 24: ['Token subject'],
};
const NAMES = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST' };
const EKU = { '1.3.6.1.5.5.7.3.3': 'code signing', '1.3.6.1.5.5.7.3.8': 'time stamping', '1.3.6.1.5.5.7.3.1': 'TLS server' };

function children(buf, tlv) {
  const out = [];
  for (let at = tlv.start; at < tlv.end;) {
    const c = readTlv(buf, at);
    if (c.end > tlv.end) throw new CheckError('DER: child runs past its parent');
    out.push(c);
    at = c.next;
  }
  return out;
}

const text = (buf, t) => new TextDecoder().decode(buf.subarray(t.start, t.end));

function time(buf, t) {
  const s = text(buf, t);
  const m = t.tag === 0x17 ? /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s) : /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s);
  if (!m) throw new CheckError(`certificate: bad time ${s}`);
  const year = t.tag === 0x17 ? (Number(m[1]) < 50 ? 2000 : 1900) + Number(m[1]) : Number(m[1]);
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

function distinguishedName(buf, t) {
  return children(buf, t).map((rdn) => children(buf, rdn).map((atv) => {
    const [oid, value] = children(buf, atv);
    const o = decodeOid(buf.subarray(oid.start, oid.end));
    return `${NAMES[o] || o}=${text(buf, value)}`;
  }).join('+')).join(', ');
}

function generalNames(buf, t) {
  return children(buf, t).map((n) => {
    const kind = n.tag & 0x1f;
    if (kind === 1) return { type: 'email', value: text(buf, n) };
    if (kind === 2) return { type: 'DNS', value: text(buf, n) };
    if (kind === 6) return { type: 'URI', value: text(buf, n) };
    if (kind === 0) { // otherName: Fulcio's username SAN (1.3.6.1.4.1.57264.1.7) holds a UTF8String
      const [oid, wrapped] = children(buf, n);
      const inner = children(buf, wrapped)[0];
      return { type: decodeOid(buf.subarray(oid.start, oid.end)) === '1.3.6.1.4.1.57264.1.7' ? 'username' : 'other',
        value: inner ? text(buf, inner) : '' };
    }
    return { type: `tag ${kind}`, value: bytesToHex(buf.subarray(n.start, n.end)) };
  });
}

/** Decodes a DER certificate, or just a TBSCertificate (CT precertificate entries hold only that). */
export async function decodeCertificate(der) {
  const top = readTlv(der, 0);
  if (top.tag !== 0x30 || top.end !== der.length) throw new CheckError('certificate: not one DER SEQUENCE');
  // A whole certificate is SEQUENCE { tbs SEQUENCE, algorithm SEQUENCE, signature BIT STRING }; a bare TBS starts
  // with [0] version.
  const tbs = der[top.start] === 0xa0 ? top : children(der, top)[0];
  if (!tbs || tbs.tag !== 0x30) throw new CheckError('certificate: no TBSCertificate');
  const f = children(der, tbs);
  if (f.length < 6) throw new CheckError(`certificate: ${f.length} TBSCertificate fields, want at least 6`);
  const i = f[0].tag === 0xa0 ? 1 : 0;
  const serial = bytesToHex(der.subarray(f[i].start, f[i].end));
  const issuer = distinguishedName(der, f[i + 2]);
  const [nb, na] = children(der, f[i + 3]);
  const subject = distinguishedName(der, f[i + 4]);
  const cert = {
    serial, issuer, subject, notBefore: time(der, nb), notAfter: time(der, na),
    sans: [], sigstore: [], extendedKeyUsage: [], sha256: bytesToHex(await sha256(der)),
  };
  const ext = f.find((x) => x.tag === 0xa3);
  if (ext) {
    for (const e of children(der, children(der, ext)[0])) {
      const parts = children(der, e);
      const oid = decodeOid(der.subarray(parts[0].start, parts[0].end));
      const value = parts[parts.length - 1];
      if (oid === '2.5.29.17') {
        cert.sans = generalNames(der, readTlv(der, value.start));
      } else if (oid === '2.5.29.37') {
        cert.extendedKeyUsage = children(der, readTlv(der, value.start))
          .map((k) => { const o = decodeOid(der.subarray(k.start, k.end)); return EKU[o] || o; });
      } else if (oid.startsWith('1.3.6.1.4.1.57264.1.')) {
        const n = Number(oid.slice('1.3.6.1.4.1.57264.1.'.length));
        const [name, form] = SIGSTORE[n] || [`Sigstore extension ${oid}`];
        const v = form === 'raw' ? text(der, value) : text(der, readTlv(der, value.start));
        cert.sigstore.push({ oid, name, value: v });
      } else if (oid === '1.3.6.1.4.1.11129.2.4.2') {
        cert.sct = true;
      } else if (oid === '1.3.6.1.4.1.11129.2.4.3') {
        cert.precertificate = true;
      }
    }
  }
  return cert;
}
