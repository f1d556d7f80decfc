import { writeFileSync } from 'node:fs';
import { trustEntryOf } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { parseDidDocument, urlFromDidWeb } from '@healthcred/issuer-identity';
import {
  defaultDivocLayout, encodeCompactQr, encodeCompactQrV3, encodeDivocQr, qrInfo, renderQrPng, renderQrSvg, type DivocLayout,
  type QrEcc, type QrPayload,
} from '@healthcred/qr';
import { parseCommandArgs, requireFlag, UsageError, type Command } from '../command.js';
import { readJsonFile } from '../files.js';

const usage = `Usage: healthcred qr <credential.json> --out <qr.png|qr.svg> [options]

Writes the QR code of a signed credential as a PNG or SVG image and prints its QR version and size.

Options:
  --out <file>            Output image; .png or .svg.
  --format <divoc|compact|cborld>
                          divoc: the credential's JSON zipped as certificate.json (DIVOC verifier apps).
                          compact: the HCQ1/HCQ2 payload, about half the size (QR version <= 15).
                          cborld: the HCQ3 payload (CBOR-LD, tables from the issuer's trust entry); needs
                          --did-document. Default: divoc.
  --did-document <file>   For --format cborld: the issuer's DID document (healthcred did).
  --issuer-url <url>      For --format cborld: the base URL of the issuer's contexts. Default: the did:web URL.
  --layout <raw|divoc-utf8>
                          For --format divoc: raw zip bytes, or the zip written as UTF-8 text as DIVOC's
                          certificate API does, for verifier apps that read the QR as text. Default: divoc-utf8
                          for a credential of the DIVOC profile (RsaSignature2018, Ed25519Signature2018), else raw.
  --ecc <L|M|Q|H>         Error correction level. Default: M.`;

const ECC_LEVELS = ['L', 'M', 'Q', 'H'];

/** The HCQ3 payload of `credential`, with the tables of the issuer whose DID document is at `didPath`. */
function cborldPayload(credential: unknown, didPath: string, issuerUrl: string | undefined): Promise<string> {
  const didDocument = parseDidDocument(readJsonFile(didPath), didPath);
  const url = issuerUrl ?? urlFromDidWeb(didDocument.id);
  const issuer = trustEntryOf({ did: didDocument.id, url, didDocument }, { name: 'given on the command line', country: 'ZZ' });
  return encodeCompactQrV3(credential, { issuer, documentLoader: createDocumentLoader({ contextBaseUrls: [url], didDocuments: [didDocument] }) });
}

/** `healthcred qr`. */
export const qrCommand: Command = {
  name: 'qr',
  summary: 'Write the QR code of a signed credential (PNG or SVG)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      out: { type: 'string' }, format: { type: 'string' }, layout: { type: 'string' }, ecc: { type: 'string' },
      'did-document': { type: 'string' }, 'issuer-url': { type: 'string' },
    }, true);
    if (values.help) return io.stdout(`${usage}\n`), 0;
    if (positionals.length !== 1) throw new UsageError('Give exactly one credential file.');
    const out = requireFlag(values, 'out');
    const format = values.format ?? 'divoc';
    const given = values.layout;
    const ecc = (values.ecc ?? 'M').toUpperCase();
    if (!/\.(png|svg)$/i.test(out)) throw new UsageError('--out must end in .png or .svg.');
    if (!['divoc', 'compact', 'cborld'].includes(format)) throw new UsageError('--format must be divoc, compact or cborld.');
    if ((format === 'cborld') !== (values['did-document'] !== undefined)) throw new UsageError('--did-document goes with --format cborld.');
    if (given !== undefined && given !== 'raw' && given !== 'divoc-utf8') throw new UsageError('--layout must be raw or divoc-utf8.');
    if (format !== 'divoc' && values.layout !== undefined) throw new UsageError('--layout applies to --format divoc only.');
    if (!ECC_LEVELS.includes(ecc)) throw new UsageError('--ecc must be L, M, Q or H.');
    const credential = readJsonFile(positionals[0]!);
    const layout = (given as DivocLayout | undefined) ?? defaultDivocLayout(credential);
    const payload: QrPayload = format === 'cborld'
      ? await cborldPayload(credential, values['did-document']!, values['issuer-url'])
      : format === 'compact' ? encodeCompactQr(credential) : encodeDivocQr(credential, { layout });
    const options = { ecc: ecc as QrEcc };
    const info = qrInfo(payload, options);
    writeFileSync(out, /\.svg$/i.test(out) ? await renderQrSvg(payload, options) : await renderQrPng(payload, options));
    const unit = info.mode === 'byte' ? 'bytes' : 'characters';
    io.stdout(`${out}: QR version ${info.version}, ECC ${info.ecc}, ${info.mode} mode, ${info.bytes} ${unit} (${format}${format === 'divoc' ? `, ${layout}` : ''})\n`);
    return 0;
  },
};
