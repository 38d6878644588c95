// Run by test/threads.test.ts in a child process: `node [--import tsx] exit-fixture.mjs <module>`,
// where <module> is src/index.ts (through tsx) or dist/src/index.js (the built package).
// It splits products across a worker, checks them against one thread bit for bit, prints one JSON
// line and then simply ends: the test fails if the process does not exit by itself (a worker
// that was not unref'd keeps it alive).
const { configure, capabilities, einsum, random } = await import(process.argv[2]);

const a = random([200, 150], { seed: 1 });
const b = random([150, 180], { seed: 2 });
configure({ threads: 1 });
const one = einsum('ij,jk->ik', a, b);
configure({ threads: 2 });
einsum('ij,jk->ik', a, b); // starts the worker
const deadline = Date.now() + 20_000;
while (capabilities().threads.running < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
const two = einsum('ij,jk->ik', a, b);
let same = one.data.length === two.data.length;
for (let i = 0; same && i < one.data.length; i++) same = Object.is(one.data[i], two.data[i]);
console.log(JSON.stringify({ same, threads: capabilities().threads }));
