import { HealthcredError } from '@healthcred/errors';

/**
 * Parses untrusted JSON text. On failure the error names `source` (e.g. a file path, "The payload") and where the
 * text broke, but never quotes the text: the parser's own message does, and it may hold personal data.
 *
 * @throws HealthcredError `invalid_input` when the text is not JSON.
 */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new HealthcredError('invalid_input',
      `${source} is not valid JSON${position === undefined ? '' : ` (error at character ${position})`}.`);
  }
}
