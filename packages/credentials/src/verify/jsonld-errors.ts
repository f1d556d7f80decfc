import { isHealthcredError, type HealthcredError } from '@healthcred/errors';

interface Detailed {
  cause?: unknown;
  details?: { cause?: unknown; event?: { details?: { property?: unknown } } };
}

/** The HealthcredError (e.g. from the document loader) that jsonld or vc wrapped in its own error, if any. */
export function wrappedHealthcredError(error: unknown): HealthcredError | undefined {
  for (let current = error, depth = 0; current && depth < 10; depth++) {
    if (isHealthcredError(current)) return current;
    current = (current as Detailed).cause ?? (current as Detailed).details?.cause;
  }
  return undefined;
}

/** The field a jsonld safe-mode error names: a term with no definition in the active contexts. */
export function undefinedTerm(error: unknown): string | undefined {
  const property = (error as Detailed | undefined)?.details?.event?.details?.property;
  return typeof property === 'string' ? property : undefined;
}
