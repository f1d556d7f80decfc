import { writeFileSync } from 'node:fs';
import { renderCertificatePdf } from '@healthcred/pdf';
import { encodeCompactQr, encodeDivocQr } from '@healthcred/qr';
import type { SignedHealthCredential } from '@healthcred/types';
import { parseCommandArgs, requireFlag, UsageError, type Command } from '../command.js';
import { readJsonFile } from '../files.js';

const usage = `Usage: healthcred pdf <credential.json> --out <cert.pdf> [options]

Writes a printable one-page A4 certificate for a signed credential, with its QR code.

Options:
  --out <file>              Output PDF.
  --format <compact|divoc>  What the QR code holds (see healthcred qr --help). Default: compact.
  --issuer-name <name>      The issuer's name as printed, e.g. "Ministry of Health". Default: the issuer's DID.`;

/** `healthcred pdf`. */
export const pdfCommand: Command = {
  name: 'pdf',
  summary: 'Write a printable PDF certificate with its QR code',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      out: { type: 'string' }, format: { type: 'string' }, 'issuer-name': { type: 'string' },
    }, true);
    if (values.help) return io.stdout(`${usage}\n`), 0;
    if (positionals.length !== 1) throw new UsageError('Give exactly one credential file.');
    const out = requireFlag(values, 'out');
    const format = values.format ?? 'compact';
    if (format !== 'divoc' && format !== 'compact') throw new UsageError('--format must be compact or divoc.');
    const credential = readJsonFile(positionals[0]!);
    const qrPayload = format === 'compact' ? encodeCompactQr(credential) : encodeDivocQr(credential);
    const pdf = await renderCertificatePdf({
      credential: credential as SignedHealthCredential, qrPayload,
      ...(values['issuer-name'] === undefined ? {} : { issuerName: values['issuer-name'] }),
    });
    writeFileSync(out, pdf);
    io.stdout(`${out}: ${pdf.length} bytes\n`);
    return 0;
  },
};
