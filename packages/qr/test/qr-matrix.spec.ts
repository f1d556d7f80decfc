// The QR symbols are qrcode's own, module for module: qrcode makes the symbol with a given mask and
// packages/qr picks the mask by qrcode's penalty rules, so every payload must give the matrix qrcode's own
// mask search gives.
import { expect } from 'chai';
import QRCode, { type QRCodeSegment } from 'qrcode';
import {
  BASE45_ALPHABET, encodeCompactQr, encodeDivocQr, qrModules, renderQrPng, renderQrSvg, type QrEcc, type QrPayload,
} from '@healthcred/qr';
import { statusEntryForPosition } from '@healthcred/status-list';
import { FULL_FIELDS, UNICODE_NAMES, issueExample, mockIssuer } from './fixtures/credentials.js';

const ECC_LEVELS: readonly QrEcc[] = ['L', 'M', 'Q', 'H'];

/** A deterministic stream of pseudo-random 32-bit numbers (xorshift32), so a failure can be replayed. */
function randomNumbers(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

/** Payloads of every size class: bytes, alphanumeric text (compact-like), other text, from version 1 to 40. */
function randomPayloads(count: number): QrPayload[] {
  const next = randomNumbers(0x9e3779b9);
  return Array.from({ length: count }, (_, i) => {
    const length = 1 + (next() % (i % 4 === 0 ? 2300 : 400));
    if (i % 3 === 0) return Uint8Array.from({ length }, () => next() & 0xff);
    if (i % 3 === 1) return Array.from({ length }, () => BASE45_ALPHABET[next() % BASE45_ALPHABET.length]).join('');
    return Array.from({ length: Math.ceil(length / 3) }, () => String.fromCodePoint(0x20 + (next() % 0x0d80))).join('');
  });
}

/** The segment render.ts makes of a payload, built here independently. */
function segmentOf(payload: QrPayload): QRCodeSegment {
  if (typeof payload === 'string' && [...payload].every((char) => BASE45_ALPHABET.includes(char))) {
    return { data: payload, mode: 'alphanumeric' };
  }
  return { data: Buffer.from(typeof payload === 'string' ? new TextEncoder().encode(payload) : payload), mode: 'byte' };
}

/** qrcode's own symbol of `payload` (its mask search), or undefined when it does not fit. */
function libraryModules(payload: QrPayload, ecc: QrEcc): boolean[][] | undefined {
  let modules;
  try {
    modules = QRCode.create([segmentOf(payload)], { errorCorrectionLevel: ecc }).modules;
  } catch {
    return undefined;
  }
  return Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, col) => modules.get(row, col) === 1));
}

function expectSameMatrix(payload: QrPayload, ecc: QrEcc, label: string): void {
  const expected = libraryModules(payload, ecc);
  if (expected === undefined) {
    expect(() => qrModules(payload, { ecc }), label).to.throw(/does not fit/);
    return;
  }
  const actual = qrModules(payload, { ecc });
  const differing = actual.flatMap((row, r) => row.flatMap((dark, c) => (dark === expected[r]![c] ? [] : [[r, c]])));
  expect(differing, `${label}: modules differing from qrcode's`).to.deep.equal([]);
}

describe('qrModules() against the qrcode library', () => {
  it('should give qrcode\'s matrix for 240 random payloads at every ECC level', () => {
    randomPayloads(240).forEach((payload, i) => expectSameMatrix(payload, ECC_LEVELS[i % 4]!, `payload ${i}`));
  });

  it('should give qrcode\'s matrix for short payloads at every level (versions 1 to 6)', () => {
    for (const ecc of ECC_LEVELS) {
      for (let length = 1; length <= 120; length += 7) {
        expectSameMatrix('HCQ4:'.padEnd(length, '0A$'), ecc, `alphanumeric ${length} ${ecc}`);
        expectSameMatrix(Uint8Array.from({ length }, (_, i) => (i * 37) & 0xff), ecc, `bytes ${length} ${ecc}`);
      }
    }
  });

  it('should give qrcode\'s matrix for the DIVOC zip and the compact forms of issued credentials', async () => {
    const minimal = mockIssuer();
    const full = mockIssuer(FULL_FIELDS);
    const statuses = [undefined, statusEntryForPosition(1_000_000, 'https://certificates.health.gov.lk')];
    for (const issuer of [minimal, full]) {
      for (const name of [undefined, ...Object.values(UNICODE_NAMES)]) {
        for (const status of statuses) {
          const signed = await issueExample(issuer, 'vaccination', name, status);
          for (const ecc of ['M', 'L'] as const) {
            expectSameMatrix(encodeCompactQr(signed), ecc, `compact ${name} ${ecc}`);
            expectSameMatrix(encodeDivocQr(signed), ecc, `divoc ${name} ${ecc}`);
            expectSameMatrix(encodeDivocQr(signed, { layout: 'divoc-utf8' }), ecc, `divoc-utf8 ${name} ${ecc}`);
          }
        }
      }
    }
    expectSameMatrix(encodeCompactQr(await issueExample(minimal, 'test-result')), 'M', 'test result');
  });

  it('should render the PNG and SVG qrcode renders, byte for byte', async () => {
    for (const [i, payload] of randomPayloads(24).entries()) {
      const ecc = ECC_LEVELS[i % 4]!;
      if (libraryModules(payload, ecc) === undefined) continue;
      const options = { errorCorrectionLevel: ecc, scale: 3, margin: 2 };
      expect(await renderQrPng(payload, { ecc, scale: 3, margin: 2 }), `png ${i}`)
        .to.deep.equal(await QRCode.toBuffer([segmentOf(payload)], { ...options, type: 'png' }));
      expect(await renderQrSvg(payload, { ecc, scale: 3, margin: 2 }), `svg ${i}`)
        .to.equal(await QRCode.toString([segmentOf(payload)], { ...options, type: 'svg' }));
    }
  });
});
