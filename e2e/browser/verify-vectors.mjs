// Runs the console's in-browser verifier (tlog-service/.../static/console/js/verify.js) in Node against the project's
// Merkle vectors (common/src/test/resources/vectors, written by an independent Python implementation): every
// happy path must verify and every one-mutation file must fail unless it says wantErr: false. Prints one JSON line
// per file and exits 1 on any disagreement.
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const verify = await import(join(root, 'tlog-service/src/main/resources/static/console/js/verify.js'));
const vectors = join(root, 'common/src/test/resources/vectors');
const hex = (h) => verify.hexToBytes(h);
let files = 0;
let wrong = 0;

async function outcome(check) {
  try {
    await check();
    return null;
  } catch (e) {
    if (!(e instanceof verify.CheckError)) throw e;
    return e.message;
  }
}

for (const kind of ['inclusion', 'consistency']) {
  for (const dir of readdirSync(join(vectors, kind))) {
    for (const file of readdirSync(join(vectors, kind, dir))) {
      const v = JSON.parse(readFileSync(join(vectors, kind, dir, file), 'utf8'));
      const error = await outcome(() => kind === 'inclusion'
        ? verify.verifyInclusion(v.index, v.size, hex(v.leafHash), v.proof.map(hex), hex(v.root))
        : verify.verifyConsistency(v.size1, v.size2, v.proof.map(hex), hex(v.root1), hex(v.root2)));
      const agrees = (error !== null) === v.wantErr;
      files++;
      if (!agrees) wrong++;
      console.log(JSON.stringify({ file: `${kind}/${dir}/${file}`, wantErr: v.wantErr, error, agrees }));
    }
  }
}
console.log(JSON.stringify({ files, wrong }));
process.exit(files > 0 && wrong === 0 ? 0 : 1);
