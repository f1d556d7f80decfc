import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import type { CredentialStore } from '@healthcred/store';
import { attemptContract } from './attempt-cases.js';
import { auditContract } from './audit-cases.js';
import { certificateBatchContract } from './certificate-batch-cases.js';
import { certificateContract } from './certificate-cases.js';
import { deadLetterContract } from './dead-letter-cases.js';
import { privacyContract } from './privacy-cases.js';
import { signingKeyContract } from './signing-key-cases.js';
import { sourceKeyContract } from './source-key-cases.js';
import { statusPositionContract } from './status-position-cases.js';

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

/**
 * Each port's suite, by the port's name. A case file takes the port it tests (`current().store` narrowed to it) and
 * may use the rest of the store only to set up what the port reads.
 */
const PORT_SUITES: readonly [string, (current: CurrentHarness, shared: boolean) => void][] = [
  ['CertificateStore', (current, shared) => {
    certificateContract(current, shared);
    certificateBatchContract(current, shared);
    signingKeyContract(current);
    sourceKeyContract(current);
  }],
  ['StatusPositions', statusPositionContract],
  ['DeadLetters', deadLetterContract],
  ['AttemptCounter', attemptContract],
  ['AuditLog', auditContract],
  ['PrivacyStore', privacyContract],
  ['CredentialStore', connectionContract],
];

/** What the composition adds to its ports: one connection, checked by `ping`, released by `close`. */
function connectionContract(current: CurrentHarness, shared: boolean): void {
  describe('ping() and close()', () => {
    it('should answer ping while open and reject with a retryable internal error after close', async () => {
      const other = shared ? await current().connectAgain!() : current().store;
      await other.ping();
      await other.close();
      const error = await other.ping().then(() => expect.fail('resolved'), (e: unknown) => e);
      expect(error).to.be.instanceOf(HealthcredError).and.to.include({ code: 'internal', retryable: true });
    });
  });
}

/**
 * Registers every port's contract suite (one `describe` per port) against one adapter: every adapter must pass them
 * unchanged. The adapter's `unsupported` list may name a case of any port.
 */
export function describeStoreContract(adapter: StoreAdapter): void {
  describe(`store contract: ${adapter.name}`, function () {
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

    for (const [port, suite] of PORT_SUITES) {
      describe(port, () => suite(current, adapter.shared));
    }
  });
}
