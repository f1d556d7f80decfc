// The DHIS2 mapping thread of startMappingThread: reads and maps the payloads it is sent, in two steps.
import { parentPort, workerData } from 'node:worker_threads';
import type { Dhis2Mapping, FacilityLookup } from '@healthcred/dhis2';
import { threadErrorOf } from '@healthcred/errors';
import type { MapperReply } from './dhis2-mapper.js';
import { PayloadBatches, type Outcome } from './payload-batches.js';

const batches = new PayloadBatches((workerData as { mapping: Dhis2Mapping }).mapping);

type Task = { id: number; task: 'read'; batch: number; values: string[]; limit: number }
  | { id: number; task: 'map'; batch: number; facilities: FacilityLookup }
  | { task: 'drop'; batch: number };

const crossing = (outcomes: Outcome<unknown>[]) => outcomes.map((o) => ('error' in o ? { error: threadErrorOf(o.error) } : o));

parentPort!.on('message', (task: Task) => {
  if (task.task === 'drop') {
    batches.drop(task.batch);
    return;
  }
  let reply: MapperReply;
  try {
    const outcomes = task.task === 'read' ? batches.read(task.batch, task.values, task.limit) : batches.map(task.batch, task.facilities);
    reply = { id: task.id, outcomes: crossing(outcomes) };
  } catch (error) {
    reply = { id: task.id, error: threadErrorOf(error) };
  }
  parentPort!.postMessage(reply);
});
