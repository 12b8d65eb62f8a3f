// What a Rekor v1 entry holds, in words: its kind, the artifact's digest, and the certificate or key that signed
// it. The body is the leaf's exact bytes (base64 in the answer), so this reads what the Merkle checks cover.
import { base64ToBytes, pemToDer, bytesToHex, sha256, CheckError } from './verify.js';
import { decodeCertificate } from './x509.js';

export function entryBody(entry) {
  const bytes = base64ToBytes(entry.body);
  let body;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new CheckError('the entry body is not JSON');
  }
  return { bytes, body };
}

function pemOf(b64) {
  try {
    return new TextDecoder().decode(base64ToBytes(b64));
  } catch {
    return null;
  }
}

/** The signer's PEM (certificate or key) of the body's first signature, and the artifact facts to show. */
function signerAndFacts(body) {
  const spec = body.spec || {};
  switch (body.kind) {
    case 'hashedrekord':
      return {
        pem: spec.signature && spec.signature.publicKey && pemOf(spec.signature.publicKey.content),
        facts: [['artifact digest', spec.data && spec.data.hash ? `${spec.data.hash.algorithm}:${spec.data.hash.value}` : '']],
      };
    case 'dsse':
      return {
        pem: spec.signatures && spec.signatures[0] && pemOf(spec.signatures[0].verifier),
        facts: [['payload digest', spec.payloadHash ? `${spec.payloadHash.algorithm}:${spec.payloadHash.value}` : ''],
          ['envelope digest', spec.envelopeHash ? `${spec.envelopeHash.algorithm}:${spec.envelopeHash.value}` : ''],
          ['signatures', spec.signatures ? String(spec.signatures.length) : '']],
      };
    case 'intoto': {
      const content = spec.content || {};
      const sigs = content.envelope && content.envelope.signatures;
      return {
        pem: sigs && sigs[0] && pemOf(sigs[0].publicKey),
        facts: [['payload digest', content.payloadHash ? `${content.payloadHash.algorithm}:${content.payloadHash.value}` : ''],
          ['envelope digest', content.hash ? `${content.hash.algorithm}:${content.hash.value}` : '']],
      };
    }
    default:
      return { pem: null, facts: [] };
  }
}

/** Kind, facts, the decoded certificate (or the key's fingerprint) and a one-line identity for lists. */
export async function describe(entry) {
  const { body } = entryBody(entry);
  const { pem, facts } = signerAndFacts(body);
  const out = { kind: body.kind || '?', apiVersion: body.apiVersion || '?', facts, certificate: null, keySha256: null };
  if (pem && pem.includes('BEGIN CERTIFICATE')) {
    out.certificate = await decodeCertificate(pemToDer(pem, 'CERTIFICATE'));
    const san = out.certificate.sans[0];
    const issuer = out.certificate.sigstore.find((e) => e.name === 'OIDC issuer' || e.name === 'OIDC issuer (v1)');
    out.identity = (san ? san.value : out.certificate.subject) + (issuer ? ` (${issuer.value})` : '');
  } else if (pem && pem.includes('BEGIN PUBLIC KEY')) {
    out.keySha256 = bytesToHex(await sha256(pemToDer(pem, 'PUBLIC KEY')));
    out.identity = `public key sha256:${out.keySha256.slice(0, 16)}…`;
  } else {
    out.identity = 'no signer in the body';
  }
  return out;
}
