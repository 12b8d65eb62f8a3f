// sigstore-js, unmodified, verifying a bundle with its trust root taken through TUF only (sigstore.verify with
// tufMirrorURL and tufRootPath): driven by the system tests' TufIT. Everything comes from the environment:
//   KEYLESS_TUF_MIRROR, KEYLESS_TUF_ROOT   the mirror and the initial root.json (NODE_EXTRA_CA_CERTS trusts its TLS)
//   KEYLESS_TUF_CACHE                      the client's cache directory (kept between runs: rollbacks are caught there)
//   KEYLESS_ARTIFACT, KEYLESS_BUNDLE       what was signed and its bundle
//   KEYLESS_IDENTITY, KEYLESS_ISSUER       the identity the verification policy requires
// Prints one JSON object {steps: [{step, expected, ok, detail}]}, as keyless-js.mjs does, and exits 0 when verification
// passed. The detail of a failure carries the TUF error's code and cause, the reason a test asserts on.
import { readFileSync } from 'node:fs';
import { verify } from 'sigstore';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const steps = [];
try {
  await verify(JSON.parse(readFileSync(env('KEYLESS_BUNDLE'), 'utf8')), readFileSync(env('KEYLESS_ARTIFACT')), {
    tufMirrorURL: env('KEYLESS_TUF_MIRROR'),
    tufRootPath: env('KEYLESS_TUF_ROOT'),
    tufCachePath: env('KEYLESS_TUF_CACHE'),
    certificateIdentityEmail: env('KEYLESS_IDENTITY'),
    certificateIssuer: env('KEYLESS_ISSUER'),
  });
  steps.push({ step: 'verify through TUF', expected: 'pass', ok: true, detail: 'passed' });
} catch (e) {
  const cause = e.cause ? ` (cause: ${e.cause.name}: ${e.cause.message})` : '';
  steps.push({ step: 'verify through TUF', expected: 'pass', ok: false, detail: `${e.name} ${e.code ?? ''}: ${e.message}${cause}` });
}
console.log(JSON.stringify({ steps }));
process.exit(steps.every((s) => s.ok) ? 0 : 1);
