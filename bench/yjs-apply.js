// bench/yjs-apply.js: the Yjs peer of the "apply received changes" row.
// Reads the changes tg-bench wrote (one JSON line per field change), makes
// one Yjs update per change on a sender document (a Y.Map per record, one
// key per field), then times a fresh receiving document applying all of
// those updates with Y.applyUpdate, as a replica applies what it received.
// Prints "name value" lines.
'use strict';
const fs = require('fs');
const Y = require('yjs');

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const sender = new Y.Doc();
const root = sender.getMap('client');
const updates = [];
sender.on('update', (u) => updates.push(u));
for (const line of lines) {
  const c = JSON.parse(line);
  let rec = root.get(c.id);
  if (rec === undefined) {
    sender.transact(() => { root.set(c.id, new Y.Map()); });
    rec = root.get(c.id);
  }
  sender.transact(() => { rec.set(c.field, c.value); });
}
const fieldUpdates = updates.length;
const receiver = new Y.Doc();
const t0 = process.hrtime.bigint();
for (const u of updates) Y.applyUpdate(receiver, u);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const got = receiver.getMap('client').size;
console.log(`yjs_changes ${lines.length}`);
console.log(`yjs_updates ${fieldUpdates}`);
console.log(`yjs_records ${got}`);
console.log(`yjs_seconds ${seconds.toFixed(4)}`);
console.log(`yjs_per_second ${(lines.length / seconds).toFixed(0)}`);
