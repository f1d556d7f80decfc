import { Inflate, inflateSync } from 'fflate';
import { invalidQr, MAX_INFLATED_BYTES } from './limits.js';

/** The most bytes one compressed byte can inflate to (a 258-byte match in under 2 bits, plus slack). */
const MAX_RATIO = 1032;
/** The fewest compressed bytes fed to the inflater at a time. */
const MIN_CHUNK_BYTES = 64;

/** The output buffer of the one-shot attempt, in bytes per compressed byte (credentials inflate 2-4x), plus 1 KB. */
const ONE_SHOT_RATIO = 8;

/** Options of {@link inflateBounded}. */
export interface InflateBoundedOptions {
  /** The preset dictionary the data was deflated with. Default: none. */
  dictionary?: Uint8Array;
  /** Stop and throw once the output passes this size. Default {@link MAX_INFLATED_BYTES}. */
  maxBytes?: number;
  /** What the data is, for error messages, e.g. `certificate.json`. */
  what: string;
}

/**
 * Inflates raw DEFLATE data in steps and stops as soon as the output passes `maxBytes`, so a zip bomb costs at most
 * `maxBytes` plus one step of memory. A step inflates as many bytes as can give at most `maxBytes` (at least 64):
 * fflate's streaming inflater allocates a 160 KB buffer per step, so fewer steps cost much less.
 *
 * @throws HealthcredError `invalid_input` when the data is corrupt, truncated, or inflates beyond `maxBytes`.
 */
export function inflateBounded(data: Uint8Array, options: InflateBoundedOptions): Uint8Array {
  const maxBytes = options.maxBytes ?? MAX_INFLATED_BYTES;
  const once = inflateOnce(data, options.dictionary);
  if (once !== undefined && once.length <= maxBytes) return once;
  return inflateInSteps(data, options, maxBytes);
}

/**
 * The data inflated in one call into a buffer of {@link ONE_SHOT_RATIO} times its size, which needs neither the
 * steps nor fflate's 128 KB growth buffer; undefined when it fails or fills the buffer (fflate drops what does not fit,
 * so only a shorter output is known whole), and the steps then give the answer and the error.
 */
function inflateOnce(data: Uint8Array, dictionary: Uint8Array | undefined): Uint8Array | undefined {
  const out = new Uint8Array(data.length * ONE_SHOT_RATIO + 1024);
  try {
    const inflated = inflateSync(data, dictionary ? { out, dictionary } : { out });
    return inflated.length < out.length ? inflated : undefined;
  } catch {
    return undefined;
  }
}

function inflateInSteps(data: Uint8Array, options: InflateBoundedOptions, maxBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflater = new Inflate(options.dictionary ? { dictionary: options.dictionary } : {}, (chunk, final) => {
    size += chunk.length;
    if (size > maxBytes) throw invalidQr(`${options.what} inflates to more than ${maxBytes} bytes: refused.`);
    parts.push(chunk);
    ended ||= final;
  });
  const chunk = Math.max(MIN_CHUNK_BYTES, Math.floor(maxBytes / MAX_RATIO));
  try {
    for (let offset = 0; offset < data.length; offset += chunk) {
      const end = Math.min(offset + chunk, data.length);
      inflater.push(data.subarray(offset, end), end === data.length);
    }
  } catch (error) {
    if ((error as { field?: unknown }).field !== undefined) throw error;
    throw invalidQr(`${options.what} is not valid DEFLATE data (corrupt or truncated).`, error);
  }
  if (!ended) throw invalidQr(`${options.what} is truncated.`);
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
