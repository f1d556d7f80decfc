import { writeFileSync } from 'node:fs';
import {
  defaultDivocLayout, encodeCompactQr, encodeDivocQr, qrInfo, renderQrPng, renderQrSvg, type DivocLayout, type QrEcc,
} from '@healthcred/qr';
import { parseCommandArgs, requireFlag, UsageError, type Command } from '../command.js';
import { readJsonFile } from '../files.js';

const usage = `Usage: healthcred qr <credential.json> --out <qr.png|qr.svg> [options]

Writes the QR code of a signed credential as a PNG or SVG image and prints its QR version and size.

Options:
  --out <file>            Output image; .png or .svg.
  --format <divoc|compact>
                          divoc: the credential's JSON zipped as certificate.json (DIVOC verifier apps).
                          compact: the HCQ1 payload, about half the size (QR version <= 15). Default: divoc.
  --layout <raw|divoc-utf8>
                          For --format divoc: raw zip bytes, or the zip written as UTF-8 text as DIVOC's
                          certificate API does, for verifier apps that read the QR as text. Default: divoc-utf8
                          for a credential of the DIVOC profile (RsaSignature2018, Ed25519Signature2018), else raw.
  --ecc <L|M|Q|H>         Error correction level. Default: M.`;

const ECC_LEVELS = ['L', 'M', 'Q', 'H'];

/** `healthcred qr`. */
export const qrCommand: Command = {
  name: 'qr',
  summary: 'Write the QR code of a signed credential (PNG or SVG)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      out: { type: 'string' }, format: { type: 'string' }, layout: { type: 'string' }, ecc: { type: 'string' },
    }, true);
    if (values.help) return io.stdout(`${usage}\n`), 0;
    if (positionals.length !== 1) throw new UsageError('Give exactly one credential file.');
    const out = requireFlag(values, 'out');
    const format = values.format ?? 'divoc';
    const given = values.layout;
    const ecc = (values.ecc ?? 'M').toUpperCase();
    if (!/\.(png|svg)$/i.test(out)) throw new UsageError('--out must end in .png or .svg.');
    if (format !== 'divoc' && format !== 'compact') throw new UsageError('--format must be divoc or compact.');
    if (given !== undefined && given !== 'raw' && given !== 'divoc-utf8') throw new UsageError('--layout must be raw or divoc-utf8.');
    if (format === 'compact' && values.layout !== undefined) throw new UsageError('--layout applies to --format divoc only.');
    if (!ECC_LEVELS.includes(ecc)) throw new UsageError('--ecc must be L, M, Q or H.');
    const credential = readJsonFile(positionals[0]!);
    const layout = (given as DivocLayout | undefined) ?? defaultDivocLayout(credential);
    const payload = format === 'compact' ? encodeCompactQr(credential) : encodeDivocQr(credential, { layout });
    const options = { ecc: ecc as QrEcc };
    const info = qrInfo(payload, options);
    writeFileSync(out, /\.svg$/i.test(out) ? await renderQrSvg(payload, options) : await renderQrPng(payload, options));
    const unit = info.mode === 'byte' ? 'bytes' : 'characters';
    io.stdout(`${out}: QR version ${info.version}, ECC ${info.ecc}, ${info.mode} mode, ${info.bytes} ${unit} (${format}${format === 'divoc' ? `, ${layout}` : ''})\n`);
    return 0;
  },
};
