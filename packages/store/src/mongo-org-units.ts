import type { OrgUnit } from '@healthcred/types';
import { connectState, type MongoStateOptions, type OrgUnitDocument } from './mongo-state.js';
import { assertOrgUnit, toOrgUnit, type OrgUnitDirectory } from './org-unit-directory.js';
import { guard } from './store-error.js';

/** Connects the MongoDB {@link OrgUnitDirectory} (collection `org_units`, `_id` = UID). */
export async function connectMongoOrgUnitDirectory(options: MongoStateOptions): Promise<OrgUnitDirectory> {
  const connection = await connectState(options, 'org unit directory');
  const units = connection.collection<OrgUnitDocument>('org_units');
  return {
    save: (list) => guard('save the org units', async () => {
      list.forEach(assertOrgUnit);
      for (let i = 0; i < list.length; i += 1000) {
        await units.bulkWrite(list.slice(i, i + 1000).map(({ id, ...rest }: OrgUnit) => ({
          replaceOne: { filter: { _id: id }, replacement: rest, upsert: true },
        })), { ordered: false });
      }
      return list.length;
    }, true),
    find: (ids) => guard('read the org units', async () => {
      const found: OrgUnit[] = [];
      for (let i = 0; i < ids.length; i += 1000) {
        const documents = await units.find({ _id: { $in: ids.slice(i, i + 1000) } }).toArray();
        found.push(...documents.map(({ _id, ...rest }) => toOrgUnit({ id: _id, ...rest })));
      }
      return found;
    }, true),
    count: () => guard('count the org units', () => units.countDocuments(), true),
    close: () => connection.close(),
  };
}
