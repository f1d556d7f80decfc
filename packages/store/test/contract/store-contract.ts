import type { CredentialStore } from '@healthcred/store';
import { auditContract } from './audit-cases.js';
import { certificateContract } from './certificate-cases.js';
import { deadLetterContract } from './dead-letter-cases.js';
import { ledgerContract } from './ledger-cases.js';
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

    beforeEach(async () => {
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
  });
}
