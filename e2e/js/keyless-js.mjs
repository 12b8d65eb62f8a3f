// sigstore-js, unmodified, against a running keyless deployment. Driven by ca-service's KeylessSignerIT (SigstoreJs); runnable by
// hand (README, "sigstore-js"). Everything comes from the environment:
//   KEYLESS_FULCIO_URL, KEYLESS_REKOR_URL   the services (NODE_EXTRA_CA_CERTS must trust the CA's TLS certificate)
//   KEYLESS_TOKEN                           an OIDC identity token with a verified email
//   KEYLESS_TRUSTED_ROOT                    trusted_root.json as ca-service serves it
//   KEYLESS_IDENTITY, KEYLESS_ISSUER        the identity the verification policy requires
//   KEYLESS_ARTIFACT, KEYLESS_BUNDLE_OUT    the file to sign and where to write its bundle
//   KEYLESS_JAVA_ARTIFACT, KEYLESS_JAVA_BUNDLE   optional: a bundle another client signed, verified here too
// Prints one JSON object {steps: [{step, expected, ok, detail}]} and exits 0 when every step came out as expected.
import { readFileSync, writeFileSync } from 'node:fs';
import { sign } from 'sigstore';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const trustedRootJson = JSON.parse(readFileSync(env('KEYLESS_TRUSTED_ROOT'), 'utf8'));
const identity = env('KEYLESS_IDENTITY');
const issuer = env('KEYLESS_ISSUER');
const artifact = readFileSync(env('KEYLESS_ARTIFACT'));
const steps = [];

// The SAN is a RegExp in sigstore-js: anchor and escape it, or "a@b.c" would also match "xa@b.cx".
const policyFor = (san) => ({ subjectAlternativeName: new RegExp(`^${escape(san)}$`), extensions: { issuer } });

function verify(rootJson, bundleJson, data, san) {
  const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(rootJson)), { ctlogThreshold: 1, tlogThreshold: 1 });
  return verifier.verify(toSignedEntity(bundleFromJSON(bundleJson), data), policyFor(san));
}

async function step(name, expected, action) {
  try {
    await action();
    steps.push({ step: name, expected, ok: expected === 'pass', detail: 'passed' });
  } catch (e) {
    steps.push({ step: name, expected, ok: expected === 'fail', detail: `${e.name}: ${e.message}` });
  }
}

let bundle;
await step('sign', 'pass', async () => {
  bundle = await sign(artifact, {
    fulcioURL: env('KEYLESS_FULCIO_URL'),
    rekorURL: env('KEYLESS_REKOR_URL'),
    identityToken: env('KEYLESS_TOKEN'),
  });
  writeFileSync(env('KEYLESS_BUNDLE_OUT'), JSON.stringify(bundle));
});
if (bundle) {
  await step('verify', 'pass', () => verify(trustedRootJson, bundle, artifact, identity));
  await step('verify changed artifact', 'fail', () =>
    verify(trustedRootJson, bundle, Buffer.concat([artifact, Buffer.from('!')]), identity));
  await step('verify wrong identity', 'fail', () => verify(trustedRootJson, bundle, artifact, `other-${identity}`));
  // A trust root from another deployment: same shape, but the Rekor key is not the one that signed.
  const foreign = structuredClone(trustedRootJson);
  foreign.tlogs[0].publicKey.rawBytes = trustedRootJson.ctlogs[0].publicKey.rawBytes;
  await step('verify against another trust root', 'fail', () => verify(foreign, bundle, artifact, identity));
}
if (process.env.KEYLESS_JAVA_BUNDLE) {
  const javaBundle = JSON.parse(readFileSync(process.env.KEYLESS_JAVA_BUNDLE, 'utf8'));
  const javaArtifact = readFileSync(env('KEYLESS_JAVA_ARTIFACT'));
  await step('verify sigstore-java bundle', 'pass', () => verify(trustedRootJson, javaBundle, javaArtifact, identity));
}
console.log(JSON.stringify({ steps }));
process.exit(steps.every((s) => s.ok) ? 0 : 1);
