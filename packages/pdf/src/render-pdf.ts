import PDFDocument from 'pdfkit';
import { HealthcredError } from '@healthcred/errors';
import { encodeCompactQr, qrModules, type QrPayload } from '@healthcred/qr';
import type { SignedHealthCredential } from '@healthcred/types';
import { certificateContent, type Row } from './certificate-content.js';
import { BOLD_FACE, loadFontFaces, type FontFace, type FontFaces } from './fonts.js';
import { splitTextRuns } from './text-runs.js';

/** Options of {@link renderCertificatePdf}. */
export interface RenderCertificatePdfOptions {
  /** The signed credential (checked for its outline only; verify it first). */
  credential: SignedHealthCredential;
  /** What the QR code holds. Default: the compact payload of `credential` (`encodeCompactQr`). */
  qrPayload?: QrPayload;
  /** The issuer's display name, e.g. `Ministry of Health, Sri Lanka`. Default: the issuer's DID. */
  issuerName?: string;
  /** The fonts, from {@link loadFontFaces}. Default: loaded for this call (pass them when rendering many). */
  fonts?: FontFaces;
}

const MARGIN = 50;
const LABEL_WIDTH = 130;
/** Printed QR side: 220 pt is 78 mm, so a version-15 QR (85 modules with its quiet zone) has 0.9 mm modules. */
const QR_SIDE = 220;
const GREY = '#555555';

type Doc = InstanceType<typeof PDFDocument>;

function drawRuns(doc: Doc, faces: FontFace[], text: string, x: number, y: number, width: number, size: number): void {
  const runs = splitTextRuns(text, faces);
  doc.fontSize(size).fillColor('black');
  runs.forEach((run, index) => {
    doc.font(run.face);
    const options = { width, continued: index < runs.length - 1 };
    if (index === 0) doc.text(run.text, x, y, options);
    else doc.text(run.text, options);
  });
}

function drawSection(doc: Doc, faces: FontFace[], heading: string, rows: Row[], top: number): number {
  const width = doc.page.width - 2 * MARGIN;
  doc.font(BOLD_FACE).fontSize(13).fillColor('black').text(heading, MARGIN, top);
  let y = doc.y + 4;
  for (const [label, value] of rows) {
    // The labels are ours and short: drawn on one line, without pdfkit's line wrapping.
    doc.font('latin').fontSize(9.5).fillColor(GREY).text(label, MARGIN, y + 1.5, { lineBreak: false });
    drawRuns(doc, faces, value, MARGIN + LABEL_WIDTH, y, width - LABEL_WIDTH, 11.5);
    y = doc.y + 3;
  }
  return y + 10;
}

/** The dark modules as one path in module units: a rectangle per horizontal run of dark modules in a row. */
function qrPath(modules: boolean[][]): string {
  const rects: string[] = [];
  modules.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      const start = c;
      while (row[c + 1]) c++;
      rects.push(`${start} ${r} ${c + 1 - start} 1 re`);
    }
  });
  return rects.join('\n');
}

function drawQr(doc: Doc, payload: QrPayload, top: number): void {
  const modules = qrModules(payload);
  const quiet = 4;
  const cell = QR_SIDE / (modules.length + 2 * quiet);
  const left = (doc.page.width - QR_SIDE) / 2;
  // Scaled to modules, so the path is small integers: one content write instead of one per module.
  doc.save().transform(cell, 0, 0, cell, left + quiet * cell, top + quiet * cell).addContent(qrPath(modules));
  doc.fillColor('black').fill().restore();
  doc.font('latin').fontSize(9).fillColor(GREY)
    .text('Scan this code to verify the certificate.', MARGIN, top + QR_SIDE + 2, {
      width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false,
    });
}

function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * Renders a one-page printable A4 certificate: the person, the vaccination or test result, the certificate id,
 * issuer and issue date, and a large QR code (vector, 78 mm). Names in Sinhala, Tamil, Lao, Vietnamese and Latin
 * scripts are drawn with embedded Noto Sans fonts, a face per script run, shaped by fontkit. No browser.
 *
 * Deterministic: the PDF's dates come from the credential's `issuanceDate`, so the same input gives the same bytes.
 *
 * @throws HealthcredError `invalid_input` when the credential lacks the fields a certificate shows, or the QR
 *   payload does not fit in a QR code.
 */
export async function renderCertificatePdf(options: RenderCertificatePdfOptions): Promise<Buffer> {
  const { credential } = options;
  if (!credential?.credentialSubject || !Array.isArray(credential.evidence) || (credential.evidence as unknown[]).length === 0) {
    throw new HealthcredError('invalid_input', 'The credential has no credentialSubject or evidence to print.', { field: 'credential' });
  }
  // A VC 2.0 credential (the vc2 profile) states its issuance as `validFrom`.
  const issued = new Date((credential as { validFrom?: string }).validFrom ?? credential.issuanceDate);
  if (Number.isNaN(issued.getTime())) {
    throw new HealthcredError('invalid_input', 'issuanceDate: must be an ISO 8601 date-time.', { field: 'issuanceDate' });
  }
  const payload = options.qrPayload ?? encodeCompactQr(credential);
  const content = certificateContent(credential, options.issuerName);
  const doc = new PDFDocument({
    // No default font: pdfkit would parse Helvetica's metrics for every document, and no text is drawn with it.
    size: 'A4', margin: MARGIN, autoFirstPage: true, font: null as unknown as string,
    info: { Title: content.title, Producer: 'healthcred', Creator: 'healthcred', CreationDate: issued, ModDate: issued },
  });
  const { faces, bold } = options.fonts ?? loadFontFaces();
  // pdfkit takes a parsed font in place of a file (its types name only files).
  for (const face of [...faces, bold]) doc.registerFont(face.name, face.font.forDocument() as Uint8Array);
  doc.font(BOLD_FACE).fontSize(22).text(content.title, MARGIN, MARGIN);
  drawRuns(doc, faces, content.issuer, MARGIN, doc.y + 2, doc.page.width - 2 * MARGIN, 12);
  doc.moveTo(MARGIN, doc.y + 8).lineTo(doc.page.width - MARGIN, doc.y + 8).strokeColor('#999999').stroke();
  let y = doc.y + 20;
  y = drawSection(doc, faces, 'Person', content.person, y);
  y = drawSection(doc, faces, content.event.heading, content.event.rows, y);
  y = drawSection(doc, faces, 'Certificate', content.certificate, y);
  drawQr(doc, payload, Math.max(y, doc.page.height - MARGIN - QR_SIDE - 20));
  return toBuffer(doc);
}
