import { expect } from 'chai';
import { expectTypeError } from './type-error.js';
import type { OrgUnit } from '@healthcred/types';
import type { OrgUnitDirectory } from '@healthcred/store';

/** An adapter under test: each call gives a fresh empty directory, and `again` a second connection to it. */
export interface OrgUnitDirectoryAdapter {
  name: string;
  create(): Promise<{ directory: OrgUnitDirectory; again(): Promise<OrgUnitDirectory>; destroy(): Promise<void> }>;
}

const unit = (id: string, name: string, path: string, extra: Partial<OrgUnit> = {}): OrgUnit =>
  ({ id, name, level: path.split('/').length - 1, path, ...extra });

/** Registers the OrgUnitDirectory contract: every adapter must pass it unchanged. */
export function describeOrgUnitDirectoryContract(adapter: OrgUnitDirectoryAdapter): void {
  describe(`OrgUnitDirectory contract: ${adapter.name}`, function () {
    let harness: Awaited<ReturnType<OrgUnitDirectoryAdapter['create']>>;
    beforeEach(async () => {
      harness = await adapter.create();
    });
    afterEach(() => harness.destroy());

    describe('negative', function () {
      it('rejects a unit without a name or level, saving none of the call', async function () {
        const { directory } = harness;
        expectTypeError(await directory.save([unit('Ab000000001', 'A', '/Ab000000001'), { id: 'Ab000000002', path: '/x', level: 1 } as OrgUnit]).catch((e: unknown) => e), 'units[1]."name"');
        expectTypeError(await directory.save([{ ...unit('Ab000000003', 'C', '/Ab000000003'), level: 0 }]).catch((e: unknown) => e), 'units[0]."level"');
        expectTypeError(await directory.save([{ ...unit('Ab000000004', 'D', '/Ab000000004'), parent: { id: 'x' } } as never])
          .catch((e: unknown) => e), 'units[0]."parent"');
        expect(await directory.count()).to.equal(0);
      });

      it('should leave unknown ids out of find', async function () {
        await harness.directory.save([unit('Ab000000001', 'A', '/Ab000000001')]);
        expect(await harness.directory.find(['Zz000000009'])).to.deep.equal([]);
        expect(await harness.directory.find([])).to.deep.equal([]);
      });
    });

    it('should keep units with their optional fields, and find them from another connection', async function () {
      const root = unit('Ab000000001', 'Country', '/Ab000000001', { code: 'LK' });
      const leaf = unit('Ab000000002', 'Clinic', '/Ab000000001/Ab000000002', { parent: 'Ab000000001', shortName: 'Cl' });
      expect(await harness.directory.save([root, leaf])).to.equal(2);
      const other = await harness.again();
      const found = await other.find(['Ab000000002', 'Ab000000001']);
      expect(found.sort((a, b) => a.id.localeCompare(b.id))).to.deep.equal([root, leaf]);
      expect(await other.count()).to.equal(2);
    });

    it('should replace a unit whole when saved again (renamed, moved, code dropped)', async function () {
      await harness.directory.save([unit('Ab000000002', 'Clinic', '/Ab000000001/Ab000000002', { code: 'C1', parent: 'Ab000000001' })]);
      await harness.directory.save([unit('Ab000000002', 'Clinic North', '/Ab000000003/Ab000000002', { parent: 'Ab000000003' })]);
      expect(await harness.directory.find(['Ab000000002'])).to.deep.equal([
        unit('Ab000000002', 'Clinic North', '/Ab000000003/Ab000000002', { parent: 'Ab000000003' })]);
      expect(await harness.directory.count()).to.equal(1);
    });

    it('should save and find thousands of units (a national hierarchy) in one call', async function () {
      const many = Array.from({ length: 1100 }, (_, i) => unit(`Ou${String(i).padStart(9, '0')}`, `Unit ${i}`,
        `/Ou${String(i).padStart(9, '0')}`));
      expect(await harness.directory.save(many)).to.equal(1100);
      expect(await harness.directory.find(many.map((u) => u.id))).to.have.length(1100);
    });
  });
}
