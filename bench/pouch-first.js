// bench/pouch-first.js: row 4's peer. The records a new device of TEAM
// receives on its first sync, as one document each (written by
// tg-serverfill), are loaded into express-pouchdb (memory adapter) on
// 127.0.0.1; each run replicates them to a fresh local PouchDB (memory
// adapter) over plain HTTP through a byte-counting TCP relay in this
// process, printing the time, the HTTP requests made ("round trips") and
// the bytes both ways.
//
//   node pouch-first.js DOCS_JSONL TEAM RUNS
'use strict';
const fs = require('fs');
const net = require('net');
const PouchDB = require('pouchdb-node').plugin(require('pouchdb-adapter-memory'));

const [docsPath, team] = process.argv.slice(2, 4);
const runs = Number(process.argv[4] || 3);
const MemPouch = PouchDB.defaults({ adapter: 'memory' });

// What the server would send a worker of `team`: its clients, and every
// record owned by one of them (through client_id, or a care plan's).
function teamDocs () {
  const all = fs.readFileSync(docsPath, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l));
  const clientTeam = new Map();
  const planClient = new Map();
  for (const d of all) {
    if (d.entity === 'client') clientTeam.set(d._id.slice(7), d.team);
    if (d.entity === 'care_plan') planClient.set(d._id.slice(10), d.client_id);
  }
  return all.filter((d) => {
    if (d.entity === 'client') return d.team === team;
    const client = d.client_id || planClient.get(d.care_plan_id);
    if (client) return clientTeam.get(client) === team;
    return d.team === team;
  });
}

async function main () {
  const docs = teamDocs();
  // express-pouchdb's own app (Express 4), not mounted in bench's Express 5,
  // whose read-only req.query breaks its _changes route.
  const app = require('express-pouchdb')(MemPouch, { mode: 'minimumForPouchDB', logPath: '/dev/null' });
  const server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const target = server.address().port;
  const serverDb = new MemPouch('bench');
  for (let i = 0; i < docs.length; i += 5000) await serverDb.bulkDocs(docs.slice(i, i + 5000));

  let bytes = 0;
  const relay = net.createServer((c) => {
    const up = net.connect(target, '127.0.0.1');
    c.on('data', (d) => { bytes += d.length; up.write(d); });
    up.on('data', (d) => { bytes += d.length; c.write(d); });
    c.on('end', () => up.end()); up.on('end', () => c.end());
    c.on('error', () => up.destroy()); up.on('error', () => c.destroy());
  });
  await new Promise((resolve) => relay.listen(0, '127.0.0.1', resolve));
  let requests = 0;
  const remote = new PouchDB(`http://127.0.0.1:${relay.address().port}/bench`, {
    fetch: (u, opts) => { requests++; return PouchDB.fetch(u, opts); },
  });

  for (let r = 1; r <= runs; r++) {
    const local = new MemPouch(`device-${r}`);
    const b0 = bytes; const q0 = requests;
    const t0 = process.hrtime.bigint();
    const result = await local.replicate.from(remote);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(`pouch_first_docs ${result.docs_written}`);
    console.log(`pouch_first_round_trips ${requests - q0}`);
    console.log(`pouch_first_bytes ${bytes - b0}`);
    console.log(`pouch_first_s ${s.toFixed(3)}`);
    await local.destroy();
  }
  relay.close(); server.close();
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
