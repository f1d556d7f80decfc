import type { CredentialStore } from '@healthcred/store';
import { auditContract } from './audit-cases.js';
import { certificateContract } from './certificate-cases.js';
import { deadLetterContract } from './dead-letter-cases.js';
import { ledgerContract } from './ledger-cases.js';
import { privacyContract } from './privacy-cases.js';
import { signingKeyContract } from './signing-key-cases.js';

/** One adapter under test: a fresh empty store, and how to reach the same data again and clean up. */
export interface StoreHarness {
  store: CredentialStore;
  /** Opens another independent connection to the same data (absent for engines that cannot share it). */
  connectAgain?: () => Promise<CredentialStore>;
  /** Closes every connection and deletes the data. */
  destroy(): Promise<void>;
}

/** An adapter under test. */
export interface StoreAdapter {
  /** Names the adapter in the report. */
  name: string;
  /** True when harnesses offer `connectAgain`: the cases that need a second connection are registered only then. */
  shared: boolean;
  /** Gives each test its own harness. */
  createHarness(): Promise<StoreHarness>;
  /**
   * The cases the server under test cannot serve: case title -> why (asked once, before the cases). Each is
   * reported as pending with its reason; an entry that names no case fails the suite, so the list stays exact.
   */
  unsupported?(): Promise<Map<string, string>>;
}

/** Read access to the current test's harness, for the case files. */
export type CurrentHarness = () => StoreHarness;

/** Registers the CredentialStore contract: every adapter must pass it unchanged. */
export function describeStoreContract(adapter: StoreAdapter): void {
  describe(`CredentialStore contract: ${adapter.name}`, function () {
    let harness: StoreHarness | undefined;
    const current: CurrentHarness = () => {
      if (harness === undefined) throw new Error('no harness: the beforeEach hook failed');
      return harness;
    };

    let unsupported = new Map<string, string>();
    before(async function () {
      unsupported = await adapter.unsupported?.() ?? new Map();
      const titles = new Set<string>();
      const collect = (suite: Mocha.Suite): void => {
        suite.tests.forEach((test) => titles.add(test.title));
        suite.suites.forEach(collect);
      };
      collect(this.test!.parent!);
      const unknown = [...unsupported.keys()].filter((title) => !titles.has(title));
      if (unknown.length > 0) throw new Error(`the list of unsupported cases names no such case: ${unknown.join('; ')}`);
    });

    beforeEach(async function () {
      const reason = unsupported.get(this.currentTest!.title);
      if (reason !== undefined) {
        this.currentTest!.title += ` (not served here: ${reason})`;
        this.skip();
      }
      harness = await adapter.createHarness();
    });

    afterEach(async () => {
      await harness?.destroy();
      harness = undefined;
    });

    certificateContract(current, adapter.shared);
    deadLetterContract(current);
    ledgerContract(current, adapter.shared);
    signingKeyContract(current);
    auditContract(current, adapter.shared);
    privacyContract(current);
  });
}
