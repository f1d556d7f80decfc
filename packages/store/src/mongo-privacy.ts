import type { MongoContext } from './mongo-context.js';
import { fromCertificateDocument, type CertificateDocument, type StoreModels } from './mongo-models.js';
import { ERASED_REASON, assertErasable, assertPurgeOptions, erasedSourceKey, erasureMarks, holdsMark } from './privacy-checks.js';
import type { PrivacyStore } from './privacy-store.js';
import type { Erasure, ProgrammeCount, ProgrammeFacts, PurgeCounts, PurgeOptions } from './privacy-types.js';
import { guard } from './store-error.js';

const NOT_ERASED = { erasedAt: { $exists: false } };

/**
 * Erases the holder of `certificateId` (see `PrivacyStore.eraseSubject`) without a transaction, in an order that
 * a second run completes after a crash: the dead letters first (while the certificates still say what marks them),
 * then the holder's other certificates, the named one last.
 */
async function eraseSubjectIn(models: StoreModels, certificateId: string, at: string): Promise<Erasure> {
  const found = await models.certificates.findOne({ certificateId }).lean<CertificateDocument>();
  const named = found === null ? undefined : fromCertificateDocument(found);
  assertErasable(named);
  const others = (await models.certificates.find({ subjectId: named.subjectId, ...NOT_ERASED }).lean<CertificateDocument[]>())
    .map(fromCertificateDocument).filter((certificate) => certificate.certificateId !== named.certificateId);
  const marks = erasureMarks([named, ...others]);
  const matching: string[] = [];
  for await (const letter of models.deadLetters.find({}, { payload: 1 }).lean<{ _id: string; payload: string }[]>().cursor()) {
    if (holdsMark(letter.payload, marks)) matching.push(letter._id);
  }
  const deleted = matching.length === 0 ? 0 : (await models.deadLetters.deleteMany({ _id: { $in: matching } })).deletedCount;
  for (const { certificateId: id } of [...others, named]) {
    await models.certificates.updateOne({ certificateId: id, ...NOT_ERASED }, {
      $set: {
        status: 'revoked', statusReason: ERASED_REASON, sourceKey: erasedSourceKey(id), contentHash: '', subjectId: '',
        dob: '', credential: null, erasedAt: at, updatedAt: at, current: false,
      },
      $unset: { currentSourceKey: 1, sourceUpdatedAt: 1 },
    });
  }
  return { certificateIds: [named, ...others].map((certificate) => certificate.certificateId), deadLetters: deleted };
}

/** Deletes the dead letters and attempt windows older than the retention times. */
async function purgeExpiredIn(models: StoreModels, options: PurgeOptions): Promise<PurgeCounts> {
  const letters = await models.deadLetters.deleteMany({ lastSeenAt: { $lt: options.deadLettersSeenBefore.toISOString() } });
  const attempts = await models.attempts.deleteMany({ expiresAt: { $lt: options.attemptsExpiredBefore } });
  return { deadLetters: letters.deletedCount, attempts: attempts.deletedCount };
}

const FACTS = ['day', 'orgUnit', 'vaccine', 'dose', 'sex', 'age'] as const;

/** The facts of a group id, absent ones (null or missing in the id) left out. */
function factsOf(id: Record<string, unknown>): ProgrammeFacts {
  return Object.fromEntries(FACTS.flatMap((name) => (id[name] === null || id[name] === undefined ? [] : [[name, id[name]]]))) as unknown as ProgrammeFacts;
}

/** The programme counts, grouped by the server, field by field. Two passes (all, then the revoked): FerretDB has no `$cond`. */
async function countProgrammeIn(models: StoreModels): Promise<ProgrammeCount[]> {
  const id = Object.fromEntries(FACTS.map((name) => [name, `$programme.${name}`]));
  const group = async (match: Record<string, unknown>) => (await models.certificates.aggregate<{ _id: Record<string, unknown>; n: number }>([
    { $match: { programme: { $exists: true }, ...match } }, { $group: { _id: id, n: { $sum: 1 } } },
  ])).map((row) => ({ facts: factsOf(row._id), n: row.n }));
  const [all, revoked] = await Promise.all([group({}), group({ status: 'revoked' })]);
  const key = (facts: ProgrammeFacts) => JSON.stringify(FACTS.map((name) => facts[name] ?? null));
  const revokedBy = new Map(revoked.map((row) => [key(row.facts), row.n]));
  return all.map((row) => ({ ...row.facts, issued: row.n, revoked: revokedBy.get(key(row.facts)) ?? 0 }))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

/** The MongoDB {@link PrivacyStore}. */
export function mongoPrivacyStore({ models, now }: MongoContext): PrivacyStore {
  return {
    eraseSubject: (certificateId) => guard('erase the personal data', () => eraseSubjectIn(models, String(certificateId), now().toISOString())),
    purgeExpired: (options) => guard('purge expired entries', () => {
      assertPurgeOptions(options);
      return purgeExpiredIn(models, options);
    }),
    countProgramme: () => guard('count the certificates', () => countProgrammeIn(models)),
  };
}
