// bench/pouch-incr.js: row 5's peer. PouchDB (memory adapter) replicating to
// express-pouchdb on 127.0.0.1 over plain HTTP, through a byte-counting TCP
// relay in this process. N_CLIENTS client documents (one document per
// record, the fields as properties) are replicated once; then each run
// changes 10 fields of each of 10 documents (100 field changes, as in
// bench/sync.sh) and replicates again, printing the HTTP requests made
// ("round trips"), the bytes both ways and the time.
//
//   node pouch-incr.js N_CLIENTS RUNS
'use strict';
const net = require('net');
const express = require('express');
const PouchDB = require('pouchdb-node').plugin(require('pouchdb-adapter-memory'));

const nClients = Number(process.argv[2] || 50);
const runs = Number(process.argv[3] || 5);
const MemPouch = PouchDB.defaults({ adapter: 'memory' });

async function main () {
  const app = express();
  app.use('/', require('express-pouchdb')(MemPouch, { mode: 'minimumForPouchDB', logPath: '/dev/null' }));
  const server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const target = server.address().port;

  let bytes = 0;
  let connections = 0;
  const relay = net.createServer((c) => {
    connections++;
    const up = net.connect(target, '127.0.0.1');
    c.on('data', (d) => { bytes += d.length; up.write(d); });
    up.on('data', (d) => { bytes += d.length; c.write(d); });
    c.on('end', () => up.end()); up.on('end', () => c.end());
    c.on('error', () => up.destroy()); up.on('error', () => c.destroy());
  });
  await new Promise((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${relay.address().port}/bench`;

  let requests = 0;
  const remote = new PouchDB(url, {
    fetch: (u, opts) => { requests++; return PouchDB.fetch(u, opts); },
  });
  const local = new MemPouch('device');
  const docs = [];
  for (let i = 0; i < nClients; i++) {
    docs.push({
      _id: `client-${String(i).padStart(6, '0')}`, given_name: `Given${i}`, family_name: `Family${i}`,
      team: 'Bench team', establishment: 'HMP Bench', key_worker: 'Bench Worker',
    });
  }
  await local.bulkDocs(docs);
  await local.replicate.to(remote);

  const fields = ['given_name', 'family_name', 'preferred_name', 'establishment', 'key_worker',
    'care_coordinator', 'date_of_birth', 'treatment_start', 'consent_to_share_date', 'team'];
  for (let r = 1; r <= runs; r++) {
    for (let k = 0; k < 10; k++) {
      const id = `client-${String((r * 10 + k) % nClients).padStart(6, '0')}`;
      const doc = await local.get(id);
      for (const f of fields) doc[f] = `${f}-${r}-${k}`;
      doc.team = 'Bench team';
      await local.put(doc);
    }
    const b0 = bytes; const q0 = requests;
    const t0 = process.hrtime.bigint();
    await local.replicate.to(remote);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(`pouch_incr_round_trips ${requests - q0}`);
    console.log(`pouch_incr_bytes ${bytes - b0}`);
    console.log(`pouch_incr_ms ${ms.toFixed(1)}`);
  }
  relay.close(); server.close();
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
