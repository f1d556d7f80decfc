export { renderCertificatePdf, type RenderCertificatePdfOptions } from './render-pdf.js';
export { certificateContent, type CertificateContent, type Row } from './certificate-content.js';
export { splitTextRuns, type TextRun } from './text-runs.js';
export { loadFontFaces, type FontFace, type FontFaces } from './fonts.js';
